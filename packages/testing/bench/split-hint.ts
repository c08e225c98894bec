/**
 * A split without and with the transport's `peersLost` hint (Serf's
 * member-failed), ours beside the reference: the longest time without a
 * tag in a half during the split. Printed by `simulate.ts`.
 */
import { cycleTimeMax, DEFAULT_CONFIG } from '@asyncactor/core';
import { cutInHalves, type HalfDuringSplit } from '../src/index';

/** The longest a working channel may go between tags, for the defaults the split runs with (13.75 s). */
const LIMIT = cycleTimeMax(DEFAULT_CONFIG);

function summary(label: string, halves: readonly HalfDuringSplit[]): string {
  const gaps = halves.map((half) => half.longestGap);
  const over = gaps.filter((gap) => gap > LIMIT).length;
  const most = Math.max(...halves.map((half) => half.mostAtOnce));
  return `${label.padEnd(44)} longest ${Math.max(...gaps).toFixed(2)} s, over C + 2.5G (${LIMIT} s) in ${over} of ${gaps.length} halves, most tagged at once in a half ${most}`;
}

/** The table for `seeds`: each seed is one split group of two halves. */
export function splitHintFigures(seeds: readonly number[]): string {
  return [
    summary('ours, no hint', seeds.flatMap((seed) => cutInHalves(seed))),
    summary('ours, peersLost 3 s after the cut', seeds.flatMap((seed) => cutInHalves(seed, 3))),
    summary('ours, peersLost 15 s after the cut', seeds.flatMap((seed) => cutInHalves(seed, 15))),
    summary('reference (no hint: it has none)', seeds.flatMap((seed) => cutInHalves(seed, undefined, 'reference'))),
  ].join('\n');
}
