/**
 * Fault plans used again and again: kill the tagged node, split in halves.
 *
 * @module
 */
import type { HealOptions } from './bus';
import { Cluster, type NodeKind } from './cluster';
import { longestGapWithin, measure } from './metrics';

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
