/**
 * The lossy-channel figures of issue 11 over many seeds, where one
 * two-tagged turn more or less in a seed moves the ten-seed figures: N = 10,
 * the same scenario and metrics as `figures.ts`, the count of turns during
 * which two or more nodes were tagged, and the RecoverEvents (there is no
 * split). Printed by `simulate.ts`
 * (`WIDE_SEEDS=200` by default, `WIDE_SEEDS=0` to skip).
 */
import { Cluster, type TraceEvent } from '../src/index';
import { median } from './figures';

const WARM_UP = 100;
const CYCLES = 200;
/** A stretch with two tagged shorter than this is a hand-over in flight, not a turn. */
const TURN_SECONDS = 0.3;

/** The stretches from `from` on during which two or more nodes were tagged, at least {@link TURN_SECONDS} long. */
function twoTaggedTurns(trace: readonly TraceEvent[], from: number): number {
  const tagged = new Set<string>();
  let since = 0;
  let turns = 0;
  for (const event of trace) {
    const before = tagged.size;
    if (event.type === 'tag') tagged.add(event.node);
    else if (event.type === 'untag' || event.type === 'detag') tagged.delete(event.node);
    else continue;
    if (before < 2 && tagged.size >= 2) since = event.t;
    if (before >= 2 && tagged.size < 2 && since >= from && event.t - since >= TURN_SECONDS) turns++;
  }
  return turns;
}

const spread = (values: readonly number[], digits: number, unit = ''): string =>
  `${median(values).toFixed(digits)}${unit} [${Math.max(...values).toFixed(digits)}${unit}]`;

/** For 5 % and 20 % loss over seeds 1–`count`: two-tagged turns, seeds at 0.25 % or more, the per-seed figures' median [max] and the RecoverEvents, as a Markdown table. */
export function lossySeedFigures(count: number): string {
  const lines = [
    '| loss | two-tagged turns | seeds with 2+ tagged ≥ 0.25 % | 2+ tagged, median [max] | broadcasts per cycle, median [max] | RecoverEvents (no split), seeds with any |',
    '|---|---|---|---|---|---|',
  ];
  for (const loss of [0.05, 0.2]) {
    let turns = 0;
    let recoveries = 0;
    let recovering = 0;
    const fractions: number[] = [];
    const broadcasts: number[] = [];
    for (let seed = 1; seed <= count; seed++) {
      const cluster = new Cluster({ latency: 0.05, jitter: 0.05, seed, nodes: 10, loss });
      cluster.runCycles(CYCLES);
      const metrics = cluster.metrics({ from: WARM_UP });
      turns += twoTaggedTurns(cluster.trace, WARM_UP);
      recoveries += metrics.recoveries;
      if (metrics.recoveries > 0) recovering++;
      fractions.push(100 * metrics.multiTaggedFraction);
      broadcasts.push(metrics.broadcastsPerCycle);
    }
    const over = fractions.filter((f) => f >= 0.25).length;
    lines.push(`| ${loss * 100} % | ${turns} | ${over} of ${count} | ${spread(fractions, 2, ' %')} | ${spread(broadcasts, 3)} | ${recoveries}, ${recovering} of ${count} |`);
  }
  return lines.join('\n');
}
