/**
 * Heals at the timing of the real Serf partition test, in the simulator
 * (`healAtSerfTiming`): ours with the serf transport's `peersReturned`
 * hints and without them (as on MQTT), and the reference beside. The real
 * test asserts one re-announcement per side, one chain within 3 cycles of
 * Serf seeing every member alive, and at most 1 s with two tagged after
 * that; this counts the heals that would miss each. Printed by `simulate.ts`.
 */
import { healAtSerfTiming, type NodeKind, type SerfTimedHeal } from '../src/index';
import { median } from './figures';

/** The real test's limit for one chain, from every member alive, in seconds (3 cycles of 2 s). */
const ONE_CHAIN_LIMIT = 6;

function summary(label: string, heals: readonly SerfTimedHeal[]): string {
  const most = heals.map((heal) => Math.max(...heal.histPerSide));
  const late = heals.filter((heal) => heal.oneChainAfter === undefined || heal.oneChainAfter - heal.aliveAfter > ONE_CHAIN_LIMIT).length;
  const times = heals.map((heal) => heal.oneChainAfter ?? Infinity);
  const twoTagged = heals.map((heal) => heal.twoTaggedAfterAlive);
  return [
    `${label.padEnd(34)} a second hist on a side in ${most.filter((n) => n === 2).length}, 3+ in ${most.filter((n) => n >= 3).length} (most ${Math.max(...most)}, median ${median(most)});`,
    `${''.padEnd(34)} one chain after the heal: median ${median(times).toFixed(2)} s, worst ${Math.max(...times).toFixed(2)} s, later than ${ONE_CHAIN_LIMIT} s after every member alive in ${late};`,
    `${''.padEnd(34)} 2+ tagged after every member alive: worst ${Math.max(...twoTagged).toFixed(2)} s, over 1 s in ${twoTagged.filter((t) => t > 1).length}`,
  ].join('\n');
}

/** The table over `seeds` (one heal each). */
export function serfHealFigures(seeds: readonly number[]): string {
  const run = (hints: boolean, kind: NodeKind): SerfTimedHeal[] => seeds.map((seed) => healAtSerfTiming(seed, { hints, kind }));
  return [
    summary('ours, peersReturned per agent', run(true, 'shipping')),
    summary('ours, no hint (as on MQTT)', run(false, 'shipping')),
    summary('reference (no hint: it has none)', run(false, 'reference')),
  ].join('\n');
}
