/**
 * What the corrections cost and what they buy on a lossy channel: the
 * shipping machine beside the same machine without them (no ping of the
 * winner again, no `hist` from the senders of the two pings before; the
 * `reminders` rule off), N = 10, the runs of `figures.ts` (the shipped
 * ones are its own, measured once).
 * It shows where the two goals for one loss rate meet: without any
 * correction, how far broadcasts per cycle come down, and how much time
 * two tagged then take. Printed by `simulate.ts`.
 */
import { SHIPPING_RULES, withRules } from '@asyncactor/core/internal';
import type { ClusterOptions } from '../src/index';
import { median, steady } from './figures';

const VARIANTS: readonly { readonly label: string; readonly machine?: ClusterOptions['machine'] }[] = [
  { label: 'shipped (three chances)' },
  { label: 'no corrections at all', machine: withRules({}, { ...SHIPPING_RULES, reminders: false }) },
];

/** The goals per loss rate, each in every seed (as `figures.ts` checks them). */
const GOALS: readonly { readonly loss: number; readonly broadcasts: number; readonly twoTagged: number }[] = [
  { loss: 0.05, broadcasts: 1.05, twoTagged: 0.25 },
  { loss: 0.2, broadcasts: 1.35, twoTagged: 4 },
];

/** For 5 % and 20 % loss over `seeds`: broadcasts per cycle and time with two tagged, with and without corrections, as a Markdown table. */
export function correctionFigures(seeds: readonly number[]): string {
  const lines = [
    '| loss | machine | broadcasts per cycle, median [max] | 2+ tagged, median [max] | goals (broadcasts, 2+ tagged) |',
    '|---|---|---|---|---|',
  ];
  for (const { loss, ...goal } of GOALS) {
    for (const variant of VARIANTS) {
      const broadcasts: number[] = [];
      const twoTagged: number[] = [];
      for (const seed of seeds) {
        const metrics = steady('shipping', seed, { nodes: 10, loss, ...(variant.machine ? { machine: variant.machine } : {}) });
        broadcasts.push(metrics.broadcastsPerCycle);
        twoTagged.push(100 * metrics.multiTaggedFraction);
      }
      const maxBroadcasts = Math.max(...broadcasts);
      const maxTwoTagged = Math.max(...twoTagged);
      lines.push(
        `| ${loss * 100} % | ${variant.label} | ${median(broadcasts).toFixed(3)} [${maxBroadcasts.toFixed(3)}] | ${median(twoTagged).toFixed(2)} % [${maxTwoTagged.toFixed(2)} %] | ` +
          `≤ ${goal.broadcasts} ${maxBroadcasts <= goal.broadcasts ? 'met' : 'not met'}, < ${goal.twoTagged} % ${maxTwoTagged < goal.twoTagged ? 'met' : 'not met'} |`,
      );
    }
  }
  return lines.join('\n');
}
