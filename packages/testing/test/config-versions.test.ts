/**
 * Config versions on the channel (PROTOCOL §6, "Receiving `vers`").
 *
 * Answers to a lower config version (PROTOCOL §6, "Receiving `vers`"): a
 * node that missed a config change joins a running group, and one node of
 * the group answers its `vers`, whenever in the cycle it comes. On a channel
 * whose deliveries spread like Serf's gossip (300 ± 300 ms), the
 * reference's slots (`G · (1 − 2^−pos)`, at once in a pending or tagged
 * turn) answer some of them twice or more.
 *
 * A node that adopts a config from the network before its first ping uses
 * that config's timing for that ping: joining a group with a longer cycle, it
 * waits for the group's chain instead of pinging after its own initial
 * config's listening window, which the group's nodes would take for a rival
 * chain (a detag; RecoverEvents on the reference's nodes).
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
  const shipping = (() => {
    let counts: number[] | undefined;
    return (): number[] => (counts ??= SEEDS.flatMap((seed) => OFFSETS.map((offset) => answersTo('shipping', seed, offset))));
  })();

  // Met in these 50 since a next-oldest waits for the slot of an oldest it never saw send as the
  // oldest as if it were a reference node's; before, seed 3 at 1 s was answered twice. It is not
  // met everywhere, before or after: over seeds 1–20 × these 10 start times, 199 of 200 are
  // answered once, and seed 6 at 0 s twice: two pings crossed 36 ms apart on this 300 ± 300 ms
  // channel as the `vers` came, both senders were pending, and each answered at once before it
  // could hear the other (the bound test below allows that one).
  it('one node of the group answers, wherever in the cycle the lower version comes (5 seeds × 10 start times)', () => {
    expect(shipping().filter((n) => n !== 1)).toEqual([]);
  });

  it('every lower version is answered, never more than twice, twice in at most 1 of the 50', () => {
    const counts = shipping();
    expect(counts.every((n) => n === 1 || n === 2)).toBe(true);
    expect(counts.filter((n) => n === 2).length).toBeLessThanOrEqual(1);
  });

  it('the reference answers some of them twice (measured: 14 of the 50)', () => {
    const counts = SEEDS.flatMap((seed) => OFFSETS.map((offset) => answersTo('reference', seed, offset)));
    expect(counts.filter((n) => n > 1).length).toBeGreaterThan(5);
  });
});

/** A group on cycle 20 (version 1) of `kind`; a node of ours with the default config (cycle 10, version 0) joins at 200 + `offset`. */
function joinLongerCycle(kind: NodeKind, seed: number, offset: number): Cluster {
  const cluster = new Cluster({ seed, nodes: 5, latency: 0.05, jitter: 0.05, config: { version: 1, cycle: 20 }, kind: (node) => (node === 'late' ? 'shipping' : kind) });
  cluster.runUntil(200);
  cluster.start('late', 200 + offset, { version: 0 });
  cluster.runUntil(400);
  return cluster;
}

describe('a config adopted before the first ping', () => {
  for (const kind of ['shipping', 'reference'] as const) {
    it(`joining a group of ${kind} nodes with a longer cycle: no detag, no RecoverEvent, no gap over C + 2.5 G (5 seeds × 4 start times)`, () => {
      for (const seed of SEEDS) {
        for (const offset of [0, 5, 10, 15]) {
          const cluster = joinLongerCycle(kind, seed, offset);
          const from = 200 + offset;
          const late = cluster.machine('late');
          const firstPing = cluster.trace.find((e) => e.type === 'send' && e.node === 'late' && e.kind === 'ping');
          expect({ seed, offset, version: late.config.version, cycle: late.config.cycle }).toEqual({ seed, offset, version: 1, cycle: 20 });
          const m = cluster.metrics({ from });
          expect({ seed, offset, detags: cluster.trace.filter((e) => e.type === 'detag' && e.t >= from).length, recoveries: m.recoveries }).toEqual({ seed, offset, detags: 0, recoveries: 0 });
          expect(m.longestGap).toBeLessThanOrEqual(20 + 2.5 * 1.5);
          // Its first ping comes after the adopted config's listening window, or after it heard the chain.
          expect(firstPing === undefined || firstPing.t > from + 20).toBe(true);
        }
      }
    });
  }
});
