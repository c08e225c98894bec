/**
 * Fault plans used again and again: kill the tagged node, split in halves.
 *
 * @module
 */
import type { HealOptions } from './bus';
import type { Cluster } from './cluster';

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
