/**
 * How to reach an MQTT broker, from the flags and the environment: the URL
 * (checked before anything connects), the user name and password (never put
 * back into anything printed), and the TLS files.
 *
 * Precedence: a flag, then its environment variable, then the URL.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { redactUrl } from '@asyncactor/mqtt';
import type { MqttAccess } from './channel';
import { UsageError } from './errors';
import { numberFlag, SECONDS_RULE, type FlagValues } from './options';
import type { Secrets } from './secrets';

/** The environment variables the MQTT flags fall back on. */
export const MQTT_ENV = {
  url: 'ASYNCACTOR_MQTT_URL',
  username: 'ASYNCACTOR_MQTT_USERNAME',
  password: 'ASYNCACTOR_MQTT_PASSWORD',
} as const;

const SCHEMES = new Set(['mqtt:', 'mqtts:', 'ws:', 'wss:']);
const TLS_SCHEMES = new Set(['mqtts:', 'wss:']);

/** The broker access for `rawUrl`, with credentials and TLS files from the flags and `env`. */
export function mqttAccess(rawUrl: string, values: FlagValues, env: Readonly<Record<string, string | undefined>>, secrets: Secrets): MqttAccess {
  const url = parseBrokerUrl(rawUrl);
  const password = readPassword(values, env) ?? (url.password ? decodeURIComponent(url.password) : undefined);
  const username = stringValue(values.username) ?? nonEmpty(env[MQTT_ENV.username]) ?? (url.username ? decodeURIComponent(url.username) : undefined);
  secrets.add(password);
  if (password !== undefined && username === undefined) {
    throw new UsageError(`a password needs a user name: give --username or ${MQTT_ENV.username}`);
  }
  url.username = '';
  url.password = '';
  return {
    url: url.toString(),
    ...(username !== undefined ? { username } : {}),
    ...(password !== undefined ? { password } : {}),
    ...tlsFiles(values, url.protocol),
    timeoutMs: numberFlag(values, 'connect-timeout', 5, SECONDS_RULE) * 1000,
  };
}

function parseBrokerUrl(raw: string): URL {
  const shown = JSON.stringify(redactUrl(raw));
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`--mqtt: ${shown} is not a URL (expected mqtt://HOST:PORT, or mqtts://, ws://, wss://)`);
  }
  if (!SCHEMES.has(url.protocol)) throw new UsageError(`--mqtt: ${shown} has scheme ${url.protocol} (expected mqtt:, mqtts:, ws: or wss:)`);
  if (url.hostname === '') throw new UsageError(`--mqtt: ${shown} names no host (expected mqtt://HOST:PORT)`);
  return url;
}

function readPassword(values: FlagValues, env: Readonly<Record<string, string | undefined>>): string | undefined {
  const file = stringValue(values['password-file']);
  if (file === undefined) return nonEmpty(env[MQTT_ENV.password]);
  const password = readFlagFile('password-file', file).toString('utf8').replace(/\r?\n$/, '');
  if (password === '') throw new UsageError(`--password-file: ${file} is empty`);
  return password;
}

function tlsFiles(values: FlagValues, protocol: string): Pick<MqttAccess, 'ca' | 'cert' | 'key'> {
  const ca = stringValue(values.ca);
  const cert = stringValue(values.cert);
  const key = stringValue(values.key);
  if (ca === undefined && cert === undefined && key === undefined) return {};
  if (!TLS_SCHEMES.has(protocol)) throw new UsageError(`--ca, --cert and --key need an mqtts:// or wss:// URL (got ${protocol}//)`);
  if ((cert === undefined) !== (key === undefined)) throw new UsageError('--cert and --key go together (a client certificate and its private key)');
  return {
    ...(ca !== undefined ? { ca: readFlagFile('ca', ca) } : {}),
    ...(cert !== undefined ? { cert: readFlagFile('cert', cert) } : {}),
    ...(key !== undefined ? { key: readFlagFile('key', key) } : {}),
  };
}

function readFlagFile(flag: string, file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    const code = (error as { code?: string }).code ?? String(error);
    throw new UsageError(`--${flag}: cannot read ${file} (${code})`);
  }
}

function stringValue(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
