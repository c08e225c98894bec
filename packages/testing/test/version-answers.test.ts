/**
 * Answers to a lower config version (PROTOCOL §6, "Receiving `vers`"): a
 * node that missed a config change joins a running group, and one node of
 * the group answers its `vers`, whenever in the cycle it comes. On a channel
 * whose deliveries spread like Serf's gossip (300 ± 300 ms), the
 * reference's slots (`G · (1 − 2^−pos)`, at once in a pending or tagged
 * turn) answer some of them twice or more.
 */
import { Cluster, type NodeKind } from '@asyncactor/testing';

const SEEDS = [1, 2, 3, 4, 5];
/** Where in the cycle the late node starts: every second of it. */
const OFFSETS = Array.from({ length: 10 }, (_, i) => i);

/** Answers (`vers` of the group's version) sent by the group after a node with version 0 starts. */
function answersTo(kind: NodeKind, seed: number, offset: number): number {
  const cluster = new Cluster({ seed, nodes: 10, latency: 0.3, jitter: 0.3, config: { version: 1 }, kind: () => kind });
  cluster.runCycles(20);
  const at = 200 + offset;
  cluster.start('late', at, { version: 0 });
  cluster.runCycles(3);
  expect(cluster.machine('late').config.version).toBe(1);
  return cluster.trace.filter((e) => e.type === 'send' && e.kind === 'config' && e.node !== 'late' && e.t >= at).length;
}

describe('answers to a lower version', () => {
  it('one node of the group answers, wherever in the cycle the lower version comes (5 seeds × 10 start times)', () => {
    const counts = SEEDS.flatMap((seed) => OFFSETS.map((offset) => answersTo('shipping', seed, offset)));
    expect(counts.filter((n) => n !== 1)).toEqual([]);
  });

  it('the reference answers some of them twice (measured: 14 of the 50)', () => {
    const counts = SEEDS.flatMap((seed) => OFFSETS.map((offset) => answersTo('reference', seed, offset)));
    expect(counts.filter((n) => n > 1).length).toBeGreaterThan(5);
  });
});
