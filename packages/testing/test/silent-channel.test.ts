/**
 * A channel that stalls (a broker stopped with SIGSTOP: connections stay
 * open, nothing is delivered, no one is told) must not make several nodes
 * "it": a node takes a turn only once its own ping came back. Simulated
 * with every node's deliveries held back, timers running on.
 */
import { Cluster } from '@asyncactor/testing';

const JITTER = { latency: 0.05, jitter: 0.05 } as const;

/** Hold back every delivery for `seconds` (the channel stalls), then let it all through, and report what happened. */
function stall(cluster: Cluster, seconds: number): { mostTagged: number; tagsDuring: number; silentTurns: number } {
  const from = cluster.clock.now();
  for (const node of cluster.names) cluster.bus.pause(node);
  let mostTagged = cluster.tagged.length;
  for (let t = 0; t < seconds; t += 0.05) {
    cluster.clock.runFor(0.05);
    mostTagged = Math.max(mostTagged, cluster.tagged.length);
  }
  for (const node of cluster.names) cluster.bus.resume(node);
  // A ping confirmed just before the stall starts its turn up to a gap into it: that turn was taken before.
  const { gap } = cluster.config;
  const tagsDuring = cluster.trace.filter((e) => e.type === 'tag' && e.t > from + gap && e.t < from + seconds).length;
  const silentTurns = cluster.names.reduce((sum, node) => sum + cluster.machine(node).stats.silentTurns, 0);
  return { mostTagged, tagsDuring, silentTurns };
}

describe('a stalled channel', () => {
  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: 5 nodes, cycle 2, gap 0.4, three stalls of 10 s: never two tagged, no new turn while stalled`, () => {
      const cluster = new Cluster({ ...JITTER, seed, nodes: 5, config: { cycle: 2, gap: 0.4 } });
      cluster.runCycles(15);
      for (let round = 0; round < 3; round++) {
        const { mostTagged, tagsDuring, silentTurns } = stall(cluster, 10);
        // Only a turn taken before the stall may run on.
        expect(mostTagged).toBeLessThanOrEqual(1);
        expect(tagsDuring).toBe(0);
        expect(silentTurns).toBeGreaterThan(0);
        cluster.runCycles(5);
      }
      // The group recovers after each stall and keeps taking turns.
      const after = cluster.metrics({ from: cluster.clock.now() - 10 });
      expect(after.tags).toBeGreaterThan(0);
      expect(after.mostTaggedAtOnce).toBeLessThanOrEqual(1);
    });
  }

  it('a warning event says why a turn was not taken', () => {
    const warnings: string[] = [];
    const observed = new Cluster({
      ...JITTER,
      seed: 4,
      nodes: 3,
      config: { cycle: 2, gap: 0.4 },
      onOutput: (_t, _node, _sends, events) => {
        for (const event of events) if (event.type === 'warning') warnings.push(event.reason);
      },
    });
    observed.runCycles(10);
    stall(observed, 6);
    expect(warnings).toContain('channel-silent');
  });
});
