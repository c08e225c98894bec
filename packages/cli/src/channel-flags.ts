/**
 * Which channel the flags select, checked completely before anything
 * connects: a topic that MQTT would read as a wildcard, a malformed URL or
 * Serf address are usage errors (exit code 2).
 *
 * @module
 */
import { MqttTopicError, topicOf } from '@asyncactor/mqtt';
import type { ChannelChoice } from './channel';
import { UsageError } from './errors';
import { MQTT_ENV, mqttAccess } from './mqtt-flags';
import type { FlagSpec, FlagValues } from './options';
import type { Secrets } from './secrets';

/** Flags that choose and reach a real channel (every command). */
export const CHANNEL_FLAGS = {
  mqtt: { type: 'string' },
  topic: { type: 'string' },
  username: { type: 'string' },
  'password-file': { type: 'string' },
  ca: { type: 'string' },
  cert: { type: 'string' },
  key: { type: 'string' },
  'connect-timeout': { type: 'string' },
  serf: { type: 'string' },
  event: { type: 'string' },
} as const satisfies FlagSpec;

/** What the command does when no channel flag is given. */
export type ChannelFallback = 'embedded' | 'environment';

/** The channel the flags select (`--bus` only where the command defines it). */
export function channelFlags(
  values: FlagValues,
  env: Readonly<Record<string, string | undefined>>,
  secrets: Secrets,
  fallback: ChannelFallback,
): ChannelChoice {
  const chosen = ['mqtt', 'serf', 'bus'].filter((flag) => values[flag] !== undefined && values[flag] !== false);
  if (chosen.length > 1) throw new UsageError(`choose one of ${chosen.map((c) => '--' + c).join(' and ')}`);
  const topic = mqttTopic(values.topic);
  if (typeof values.mqtt === 'string') return { kind: 'mqtt', access: mqttAccess(values.mqtt, values, env, secrets), topic };
  if (typeof values.serf === 'string') return { kind: 'serf', address: serfAddress(values.serf), event: serfEvent(values.event) };
  if (values.bus === true) return { kind: 'bus' };
  const fromEnv = env[MQTT_ENV.url];
  if (fallback === 'environment' && fromEnv) return { kind: 'mqtt', access: mqttAccess(fromEnv, values, env, secrets), topic };
  if (fallback === 'embedded') return { kind: 'embedded', topic };
  throw new UsageError(`say where the group is: --mqtt URL (or ${MQTT_ENV.url}) or --serf HOST:PORT`);
}

/** The topic as segments, rejected here when MQTT would not read it as one exact topic (`+`, `#`, empty segments). */
function mqttTopic(raw: unknown): string[] {
  if (typeof raw !== 'string') return ['actor', 'demo'];
  const segments = raw.split('/');
  try {
    topicOf(segments);
  } catch (error) {
    if (error instanceof MqttTopicError) throw new UsageError(`--topic ${JSON.stringify(raw)}: ${error.message} (wildcards cannot name the group's one topic)`);
    throw error;
  }
  return segments;
}

function serfEvent(raw: unknown): string[] {
  if (typeof raw !== 'string') return ['actor', 'demo'];
  const segments = raw.split('.');
  if (segments.some((s) => s.length === 0)) throw new UsageError(`--event ${JSON.stringify(raw)}: empty segment`);
  return segments;
}

function serfAddress(raw: string): string {
  const match = /^(.+):(\d+)$/.exec(raw);
  const port = match ? Number(match[2]) : NaN;
  if (!match || port < 1 || port > 65535) throw new UsageError(`--serf: ${JSON.stringify(raw)} is not HOST:PORT (e.g. 127.0.0.1:7373)`);
  return raw;
}
