/**
 * How long a small group takes until every node has had a turn, from the
 * group's start (the nodes start within 2 s), on the default `nHosts` (10)
 * and on `nHosts` equal to the group's size: the figures behind the core
 * README's advice and behind the real-time tests' waits. Printed by
 * `simulate.ts` (`FIRST_TURN_SEEDS=1000` by default, `0` to skip).
 */
import { Cluster, type ClusterOptions } from '../src/index';
import { median } from './figures';

const CYCLE = 10;
/** Longer than any seed has needed; a seed that needs more counts as this. */
const LIMIT_CYCLES = 200;

/** Cycles from the start until every node has been tagged once (the limit when one never was). */
function cyclesUntilEveryTurn(options: ClusterOptions, nodes: number): number {
  const cluster = new Cluster({ latency: 0.05, jitter: 0.05, ...options, nodes });
  const firstTurn = new Map<string, number>();
  let read = 0;
  for (let cycles = 0; firstTurn.size < nodes && cycles < LIMIT_CYCLES; cycles++) {
    cluster.runCycles(1);
    for (; read < cluster.trace.length; read++) {
      const event = cluster.trace[read]!;
      if (event.type === 'tag' && !firstTurn.has(event.node)) firstTurn.set(event.node, event.t);
    }
  }
  return firstTurn.size < nodes ? LIMIT_CYCLES : Math.max(...firstTurn.values()) / CYCLE;
}

const quantile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

/** For groups of 3 and 5 on the defaults (cycle 10 s), with `nHosts` 10 and with `nHosts` the group's size, over seeds 1–`count`, as a Markdown table. */
export function firstTurnFigures(count: number): string {
  const lines = [
    '| nodes | nHosts | cycles until every node had a turn: median | p99 | max | seeds over 30 cycles |',
    '|---|---|---|---|---|---|',
  ];
  for (const nodes of [3, 5]) {
    for (const nHosts of [10, nodes]) {
      const cycles: number[] = [];
      for (let seed = 1; seed <= count; seed++) cycles.push(cyclesUntilEveryTurn({ seed, config: { nHosts } }, nodes));
      cycles.sort((a, b) => a - b);
      const over = cycles.filter((c) => c > 30).length;
      lines.push(`| ${nodes} | ${nHosts} | ${median(cycles).toFixed(1)} | ${quantile(cycles, 0.99).toFixed(1)} | ${cycles[cycles.length - 1]!.toFixed(1)} | ${over} |`);
    }
  }
  return lines.join('\n');
}
