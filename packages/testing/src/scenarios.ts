/**
 * Fault plans used again and again: kill the tagged node, split in halves.
 *
 * @module
 */
import type { HealOptions } from './bus';
import { Cluster, type NodeKind } from './cluster';
import { longestGapWithin, measure } from './metrics';
import { createRandom } from './random';

/**
 * `times` times: wait for a tagged node, kill it, let the group run `down`
 * cycles without it, start it again, run `up` cycles.
 */
export function killTaggedRepeatedly(cluster: Cluster, times: number, down = 3, up = 4): void {
  for (let k = 0; k < times; k++) {
    while (cluster.tagged.length === 0) cluster.clock.runFor(0.1);
    const victim = cluster.tagged[0]!;
    cluster.kill(victim);
    cluster.runCycles(down);
    cluster.start(victim);
    cluster.runCycles(up);
  }
}

/**
 * Split the nodes into even and odd halves for `cycles`, then heal (with
 * `heal` options, e.g. Serf's late replay of what was missed). Returns the
 * halves and the heal time.
 */
export function splitInHalves(cluster: Cluster, cycles: number, heal: HealOptions = {}): { sides: string[][]; splitAt: number; healAt: number } {
  const names = cluster.names;
  const sides = [names.filter((_, i) => i % 2 === 0), names.filter((_, i) => i % 2 === 1)];
  const splitAt = cluster.clock.now();
  cluster.split(sides);
  cluster.runCycles(cycles);
  const healAt = cluster.clock.now();
  cluster.heal(heal);
  return { sides, splitAt, healAt };
}

/**
 * Wait for a tagged node, kill it, run `cycles` more: the longest gap
 * between tags from the killed node's tag on (the failover, and the rounds
 * in which the dead node is the oldest entry and sends nothing).
 */
export function longestGapAfterKill(cluster: Cluster, cycles = 20): number {
  while (cluster.tagged.length === 0) cluster.clock.runFor(0.05);
  const victim = cluster.tagged[0]!;
  const taggedAt = cluster.trace.filter((e) => e.type === 'tag' && e.node === victim).pop()!.t;
  cluster.kill(victim);
  cluster.runCycles(cycles);
  return cluster.metrics({ from: taggedAt }).longestGap;
}

/** One half of a split group, as {@link cutInHalves} measured it. */
export interface HalfDuringSplit {
  /** The longest time from the cut on without a new tag in this half, in seconds. */
  readonly longestGap: number;
  /** The most nodes of this half tagged at once. */
  readonly mostAtOnce: number;
}

/**
 * N = 10 nodes of `kind` (latency 50 ± 50 ms) from `seed`, cut in halves
 * (n0–n4 | n5–n9) at 500 s plus a phase that differs per seed, for 12
 * cycles. With `hintAfter`, every node is told `peersLost` that many seconds
 * after the cut, as the Serf transport tells it when its agent reports the
 * other half failed.
 */
export function cutInHalves(seed: number, hintAfter?: number, kind: NodeKind = 'shipping'): HalfDuringSplit[] {
  const cluster = new Cluster({ seed, nodes: 10, latency: 0.05, jitter: 0.05, kind: () => kind });
  const at = 500 + seed * 0.73;
  const end = at + 12 * cluster.config.cycle;
  cluster.runUntil(at);
  const halves = [cluster.names.slice(0, 5), cluster.names.slice(5)];
  cluster.split(halves);
  if (hintAfter !== undefined) {
    cluster.runUntil(at + hintAfter);
    cluster.hint('peersLost');
  }
  cluster.runUntil(end);
  return halves.map((half) => {
    const ofHalf = cluster.trace.filter((event) => !('node' in event) || half.includes(event.node));
    const longestGap = longestGapWithin(ofHalf.filter((event) => event.type === 'tag').map((event) => event.t), at, end);
    return { longestGap, mostAtOnce: measure(ofHalf, { config: cluster.config, from: at, to: end }).mostTaggedAtOnce };
  });
}

/** One heal at the timing of the real Serf partition test, as {@link healAtSerfTiming} measured it. */
export interface SerfTimedHeal {
  /** Re-announcements (`hist` messages, reminders not counted) each side sent within 3 cycles of the heal. */
  readonly histPerSide: readonly number[];
  /** Seconds from the heal until every node followed one chain (undefined: not within 10 cycles). */
  readonly oneChainAfter: number | undefined;
  /** Seconds from the moment every agent saw every member alive again to the heal. */
  readonly aliveAfter: number;
  /** Seconds with two or more tagged from that moment to 3 cycles after the heal. */
  readonly twoTaggedAfterAlive: number;
}

/** Two actors per agent, as the real test runs them; the halves split the agents. */
const SERF_TEST_AGENTS = [['n0', 'n2'], ['n4', 'n6'], ['n1', 'n3'], ['n5', 'n7']] as const;

/**
 * The real Serf partition test (`packages/serf/test/partition.test.ts`) in
 * the simulator: 8 nodes of `kind` on 4 agents, cycle 2 s, gap 0.6 s,
 * latency 120 ± 60 ms, 30 cycles, the agents cut in halves for 20 cycles,
 * healed. Each agent sees every member alive again 0.3–1.06 s after the
 * heal (the range the real test printed), a time drawn per agent from
 * `seed`; with `hints` its two actors get `peersReturned` then, as the serf
 * transport gives it (the MQTT transport has no such hint).
 */
export function healAtSerfTiming(seed: number, options: { readonly hints: boolean; readonly kind?: NodeKind }): SerfTimedHeal {
  const kind = options.kind ?? 'shipping';
  const cluster = new Cluster({ seed, nodes: 8, latency: 0.12, jitter: 0.06, config: { cycle: 2, gap: 0.6 }, kind: () => kind });
  cluster.runCycles(30);
  const { sides, healAt } = splitInHalves(cluster, 20);
  const draw = createRandom(seed).fn;
  let aliveAt = healAt;
  for (const agent of SERF_TEST_AGENTS) {
    const at = healAt + 0.3 + draw() * 0.76;
    aliveAt = Math.max(aliveAt, at);
    if (options.hints) cluster.clock.schedule(at, () => cluster.hint('peersReturned', agent));
  }
  const reannounced = (): number[] =>
    sides.map((side) => side.reduce((sum, node) => sum + cluster.machine(node).stats.sent.history - cluster.machine(node).stats.historyReminders, 0));
  const before = reannounced();
  cluster.runCycles(3);
  const histPerSide = reannounced().map((count, index) => count - before[index]!);
  const twoTaggedAfterAlive = cluster.metrics({ from: aliveAt }).multiTaggedSeconds;
  cluster.runCycles(7);
  return { histPerSide, oneChainAfter: cluster.metrics({ from: healAt }).convergenceTimes[0], aliveAfter: aliveAt - healAt, twoTaggedAfterAlive };
}
