/**
 * The group's timing configuration (PROTOCOL §2), broadcast as `vers`.
 *
 * @module
 */
import { ConfigError } from './errors';

/** Timing and size settings shared by every node of a group. */
export interface ActorConfig {
  /** Integer; a higher version seen on the channel replaces the local config everywhere. */
  readonly version: number;
  /** Seconds between pings in steady state. */
  readonly cycle: number;
  /** Seconds of slack for collisions and processing. */
  readonly gap: number;
  /** Length of the history, i.e. how many nodes take turns; 0 or negative means unbounded. */
  readonly nodes: number;
  /** How many history entries a ping carries (the most partitions one expects, plus one). */
  readonly splits: number;
  /** Rough number of nodes that might take part. */
  readonly nHosts: number;
  /** Try hard to get every node onto the history. */
  readonly forceIn: boolean;
}

/** The defaults of the Python reference. */
export const DEFAULT_CONFIG: ActorConfig = Object.freeze({
  version: 0,
  cycle: 10,
  gap: 1.5,
  nodes: 5,
  splits: 4,
  nHosts: 10,
  forceIn: false,
});

/** Anything accepted where a config is expected: missing keys take the defaults. */
export type ConfigInput = Partial<ActorConfig>;

const CONFIG_KEYS: ReadonlySet<string> = new Set(Object.keys(DEFAULT_CONFIG));

function requireNumber(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ConfigError(field, `must be a finite number (got ${String(value)})`);
  }
  return value;
}

function requireInteger(field: string, value: unknown): number {
  const n = requireNumber(field, value);
  if (!Number.isSafeInteger(n)) throw new ConfigError(field, `must be an integer (got ${n})`);
  return n;
}

/**
 * Fill in defaults and check every rule of PROTOCOL §2.
 *
 * @throws {ConfigError} naming the field and the rule it breaks.
 */
export function makeConfig(input: ConfigInput = {}, base: ActorConfig = DEFAULT_CONFIG): ActorConfig {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new ConfigError('config', `must be an object of config fields (got ${input === null ? 'null' : typeof input})`);
  }
  for (const key of Object.keys(input)) {
    if (!CONFIG_KEYS.has(key)) throw new ConfigError(key, `is not a config field (the fields are ${[...CONFIG_KEYS].join(', ')})`);
  }
  const merged = { ...base, ...stripUndefined(input) };
  const version = requireInteger('version', merged.version);
  const cycle = requireNumber('cycle', merged.cycle);
  const gap = requireNumber('gap', merged.gap);
  const nodes = requireInteger('nodes', merged.nodes);
  const splits = requireInteger('splits', merged.splits);
  const nHosts = requireInteger('nHosts', merged.nHosts);
  if (typeof merged.forceIn !== 'boolean') throw new ConfigError('forceIn', 'must be a boolean');
  if (cycle < 0.1) throw new ConfigError('cycle', `must be >= 0.1 seconds (got ${cycle})`);
  if (gap < 0.01) throw new ConfigError('gap', `must be >= 0.01 seconds (got ${gap})`);
  if (cycle < 3 * gap) throw new ConfigError('cycle', `must be >= 3 * gap (got cycle ${cycle}, gap ${gap})`);
  if (splits < 1) throw new ConfigError('splits', `must be >= 1 (got ${splits})`);
  if (nHosts < 1) throw new ConfigError('nHosts', `must be >= 1 (got ${nHosts})`);
  return Object.freeze({ version, cycle, gap, nodes, splits, nHosts, forceIn: merged.forceIn });
}

function stripUndefined(input: ConfigInput): ConfigInput {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) if (value !== undefined) out[key] = value;
  return out;
}

/** Largest time between two successive tag or ping events while the channel works. */
export function cycleTimeMax(config: ActorConfig): number {
  return config.cycle + 2.5 * config.gap;
}

/**
 * A whole rotation plus one cycle, each cycle counted at its longest
 * ({@link cycleTimeMax}): every node on a chain of `historyLength` entries
 * sends again within it. A rotation is `nodes` turns (with `nodes` 0 or
 * less, one per history entry).
 */
export function rotationTimeMax(config: ActorConfig, historyLength: number): number {
  const rotation = config.nodes > 0 ? config.nodes : Math.max(1, historyLength);
  return (rotation + 1) * cycleTimeMax(config);
}
