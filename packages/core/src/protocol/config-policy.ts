/**
 * Which configs from the network a node adopts by default. Anyone who can
 * publish on the channel can send a `vers` with a higher version, and every
 * node that adopts it runs by it; a config can break the promise of one
 * packet and one leader per cycle even when every field is legal (a cycle of
 * 0.1 s, `nodes: 1`, `splits: 1`, a billion `nHosts`), and a huge version
 * locks the group for good. The default policy refuses such configs.
 *
 * @module
 */
import type { ActorConfig } from '../config';
import type { ConfigPolicy } from './versions';

/** Inclusive bounds on the fields of a config from the network, and on how far its version may jump. */
export interface ConfigBounds {
  /** Seconds per cycle. */
  readonly cycle: readonly [min: number, max: number];
  /** Seconds of gap (besides the rule `cycle >= 3 * gap`). */
  readonly gap: readonly [min: number, max: number];
  /** History length; 0 or negative (unbounded) is outside any bound here. */
  readonly nodes: readonly [min: number, max: number];
  /** History entries a ping carries. */
  readonly splits: readonly [min: number, max: number];
  /** Rough number of nodes. */
  readonly nHosts: readonly [min: number, max: number];
  /** Largest rise of the version in one step. */
  readonly maxVersionStep: number;
}

/** The bounds of {@link boundedConfigPolicy} by default. */
export const DEFAULT_CONFIG_BOUNDS: ConfigBounds = Object.freeze({
  cycle: [0.5, 3600] as const,
  gap: [0.05, 1200] as const,
  nodes: [2, 1024] as const,
  splits: [2, 64] as const,
  nHosts: [1, 100_000] as const,
  maxVersionStep: 1_000_000,
});

/** The fields of a config that {@link ConfigBounds} bounds. */
const BOUNDED_FIELDS = ['cycle', 'gap', 'nodes', 'splits', 'nHosts'] as const;

/** Why `proposed` is outside `bounds` as seen from `current`, or undefined when it is within them. */
export function configOutsideBounds(proposed: ActorConfig, current: ActorConfig, bounds: ConfigBounds = DEFAULT_CONFIG_BOUNDS): string | undefined {
  for (const field of BOUNDED_FIELDS) {
    const [min, max] = bounds[field];
    const value = proposed[field];
    if (!(value >= min && value <= max)) return `${field} ${value} is outside [${min}, ${max}]`;
  }
  const step = proposed.version - current.version;
  if (step > bounds.maxVersionStep) return `version ${proposed.version} jumps ${step} above ours (at most ${bounds.maxVersionStep})`;
  return undefined;
}

/** A policy that adopts a config from the network only within `bounds`. */
export function boundedConfigPolicy(bounds: ConfigBounds = DEFAULT_CONFIG_BOUNDS): ConfigPolicy {
  return (proposed, current) => configOutsideBounds(proposed, current, bounds) === undefined;
}

/** The policy that adopts every config from the network (the reference's behaviour): pass it as `acceptConfig` on a closed channel only. */
export const acceptAnyConfig: ConfigPolicy = () => true;
