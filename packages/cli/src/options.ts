/**
 * Command-line flags: parsed strictly, so a typo is an error (exit code 2),
 * never silently ignored.
 *
 * @module
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { makeConfig, ConfigError, type ConfigInput } from '@asyncactor/core';
import type { ChannelChoice } from './channel';
import { UsageError } from './errors';

/** Flags every command understands. */
export const COMMON_FLAGS = {
  mqtt: { type: 'string' },
  serf: { type: 'string' },
  bus: { type: 'boolean' },
  topic: { type: 'string' },
  event: { type: 'string' },
  cycle: { type: 'string' },
  gap: { type: 'string' },
  nodes: { type: 'string' },
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

/** Parse `args` against `flags`, turning parse errors into {@link UsageError}. */
export function parseFlags<T extends NonNullable<ParseArgsConfig['options']>>(
  args: readonly string[],
  flags: T,
  allowPositionals = false,
): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args: [...args], options: flags, strict: true, allowPositionals });
    return { values, positionals };
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message.split('\n')[0]! : String(error));
  }
}

/** A number flag, or `fallback` when absent. */
export function numberFlag(values: Record<string, unknown>, name: string, fallback: number, check?: (n: number) => boolean): number {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(n) || (check && !check(n))) {
    throw new UsageError(`--${name}: invalid value ${JSON.stringify(raw)}`);
  }
  return n;
}

/** The timing flags as a config, validated. */
export function configFlags(values: Record<string, unknown>, defaults: ConfigInput): ConfigInput {
  const config: ConfigInput = {
    ...defaults,
    cycle: numberFlag(values, 'cycle', defaults.cycle ?? 10),
    gap: numberFlag(values, 'gap', defaults.gap ?? 1.5),
    nodes: numberFlag(values, 'nodes', defaults.nodes ?? 5, Number.isInteger),
  };
  try {
    makeConfig(config);
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(`--${error.field}: ${error.rule}`);
    throw error;
  }
  return config;
}

/** Which channel the flags select; `fallback` when none is given. */
export function channelFlags(values: Record<string, unknown>, fallback: ChannelChoice | undefined): ChannelChoice {
  const chosen = ['mqtt', 'serf', 'bus'].filter((flag) => values[flag] !== undefined && values[flag] !== false);
  if (chosen.length > 1) throw new UsageError(`choose one of --mqtt, --serf and --bus (got ${chosen.map((c) => '--' + c).join(', ')})`);
  const topic = splitName(values.topic, '/', 'topic') ?? ['actor', 'demo'];
  const event = splitName(values.event, '.', 'event') ?? ['actor', 'demo'];
  if (typeof values.mqtt === 'string') return { kind: 'mqtt', url: values.mqtt, topic };
  if (typeof values.serf === 'string') return { kind: 'serf', address: values.serf, event };
  if (values.bus === true) return { kind: 'bus' };
  if (!fallback) throw new UsageError('say where the group is: --mqtt URL or --serf HOST:PORT');
  return fallback.kind === 'embedded' ? { kind: 'embedded', topic } : fallback;
}

function splitName(raw: unknown, separator: string, flag: string): string[] | undefined {
  if (typeof raw !== 'string') return undefined;
  const parts = raw.split(separator);
  if (parts.some((p) => p.length === 0)) throw new UsageError(`--${flag}: empty segment in ${JSON.stringify(raw)}`);
  return parts;
}
