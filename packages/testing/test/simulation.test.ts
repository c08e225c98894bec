/**
 * The protocol's goals checked by simulation: the shipping machine, several
 * seeds per scenario, latency 50 ms ± 50 ms, defaults cycle 10 s, gap 1.5 s,
 * nodes 5. Warm-up (the first 10 cycles) is left out of the steady-state
 * figures. `pnpm bench` prints the same figures as a table.
 */
import { cycleTimeMax } from '@asyncactor/core';
import { churnPlan, Cluster, killTaggedRepeatedly, longestGapWithin, splitInHalves, traceToJsonLines, type ClusterOptions } from '@asyncactor/testing';
import { registerMatchers } from '@asyncactor/testing/jest';

registerMatchers();

const JITTER = { latency: 0.05, jitter: 0.05 } as const;
const SEEDS = [1, 2, 3, 4, 5];
const WARM_UP = 100;

function run(options: ClusterOptions, cycles: number): Cluster {
  const cluster = new Cluster({ ...JITTER, ...options });
  cluster.runCycles(cycles);
  return cluster;
}

const mean = (values: readonly number[]): number => values.reduce((sum, x) => sum + x, 0) / values.length;

describe('steady state without loss', () => {
  for (const nodes of [1, 2, 3, 5, 10, 50]) {
    it(`${nodes} node(s): never two tagged, gaps within cycle + 2.5 gap, about one broadcast per tag, one history`, () => {
      for (const seed of SEEDS) {
        const cluster = run({ seed, nodes }, 150);
        const { config } = cluster;
        expect(cluster).toHaveAtMostOneTagged();
        expect(cluster).toEndEveryTagOnce();
        expect(cluster).toHaveTagGapsWithin(cycleTimeMax(config), { from: WARM_UP });
        // (With 2 or 3 nodes a keepalive ping crossing the first butting-in
        // ping can leave the histories apart for a round during warm-up.)
        expect(cluster).toAgreeOnHistory({ from: WARM_UP });
        const metrics = cluster.metrics({ from: WARM_UP });
        expect(metrics.tags).toBeGreaterThanOrEqual(Math.floor((cluster.clock.now() - WARM_UP) / cycleTimeMax(config)));
        expect(metrics.broadcastsPerTag).toBeLessThanOrEqual(1.02);
        expect(metrics.recoveries).toBe(0);
      }
    });
  }

  it('nodes = 10 of 10: the rotation takes in at least 9 distinct nodes per window of 10 tags', () => {
    for (const seed of SEEDS) {
      // The rotation fills by nodes butting in; measure once it is full.
      const cluster = run({ seed, nodes: 10, config: { nodes: 10 } }, 300);
      expect(cluster.metrics({ from: 1000 }).rotation).toBeGreaterThanOrEqual(9);
    }
  });
});

describe('membership changes and failures', () => {
  it('nodes joining, leaving and crashing at random cause no RecoverEvent', () => {
    for (const seed of SEEDS) {
      const names = Array.from({ length: 8 }, (_, i) => `n${i}`);
      const faults = churnPlan({ seed, names, running: names.slice(0, 6), from: 150, every: 30, changes: 20 });
      const cluster = run({ seed, nodes: 6, faults }, 15 + 20 * 3 + 5);
      expect(cluster.trace.filter((e) => e.type === 'start').length).toBeGreaterThan(6);
      expect(cluster.metrics().recoveries).toBe(0);
      expect(cluster).toHaveAtMostOneTagged();
      expect(cluster).toEndEveryTagOnce();
    }
  });

  const failovers = (seed: number): readonly number[] => {
    const cluster = run({ seed, nodes: 5 }, 15);
    killTaggedRepeatedly(cluster, 5);
    return cluster.metrics().failoverTimes;
  };
  const { cycle, gap } = new Cluster({ seed: 0 }).config;

  it('killing the tagged node: another node is tagged within cycle + 1.5 gap', () => {
    for (const seed of SEEDS) {
      const times = failovers(seed);
      expect(times).toHaveLength(5);
      for (const t of times) expect(t).toBeLessThanOrEqual(cycle + 1.5 * gap);
    }
  });

  // The failover goal: a new tag within cycle + gap (11.5 s). The oldest entry
  // of a short chain sends at 0.5–0.75 gap, no longer at 1.0 gap or later.
  it('killing the tagged node: another node is tagged within cycle + gap', () => {
    for (const seed of SEEDS) for (const t of failovers(seed)) expect(t).toBeLessThanOrEqual(cycle + gap);
  });

  it('1,000 nodes started at once: none fails to start (seeds 1–3)', () => {
    for (const seed of [1, 2, 3]) {
      const cluster = new Cluster({ seed, nodes: 1000, startWindow: 0, ...JITTER });
      cluster.runCycles(3);
      expect(cluster.trace.filter((e) => e.type === 'fail')).toEqual([]);
      expect(cluster.names.every((name) => cluster.machine(name).phase === 'running')).toBe(true);
      expect(cluster).toHaveAtMostOneTagged();
    }
  }, 90_000);
});

describe('a partition in halves for 50 cycles, healed', () => {
  for (const seed of SEEDS) {
    it(`seed ${seed}: both sides rotate, one chain within a cycle, at most one hist per side`, () => {
      const cluster = run({ seed, nodes: 10 }, 20);
      const { sides, splitAt, healAt } = splitInHalves(cluster, 50);
      cluster.runCycles(10);
      const during = cluster.metrics({ from: splitAt, to: healAt });
      for (const side of sides) {
        const tagsOfSide = side.reduce((sum, node) => sum + (during.tagsPerNode[node] ?? 0), 0);
        expect(tagsOfSide).toBeGreaterThan(40);
        // Rotating, not one node holding on: most of a side's nodes get turns.
        expect(side.filter((node) => (during.tagsPerNode[node] ?? 0) > 0).length).toBeGreaterThanOrEqual(Math.min(side.length, cluster.config.nodes) - 1);
      }
      expect(cluster).toConvergeAfterHeals(cluster.config.cycle);
      const after = cluster.metrics();
      for (const perSide of after.histPerSidePerHeal[0]!) expect(perSide).toBeLessThanOrEqual(1);
      expect(after.recoveries).toBeGreaterThan(0);
      expect(cluster).toAgreeOnHistory({ from: WARM_UP });
      expect({ ...cluster, trace: cluster.trace.filter((e) => e.t > healAt + cluster.config.cycle) }).toHaveAtMostOneTagged();
    });
  }
});

describe('a partition at the timing of the real Serf partition test (cycle 2 s, gap 0.6 s, latency 120 ± 60 ms)', () => {
  // A half that holds none of the chain re-forms from last-resort pings.
  // The last sender's fallback came only 0.05 gap after the ping of the entry
  // behind it, so the two crossed; each named the other second, each node
  // took the other's ping for the next one of its chain, and in a chain of
  // two they crossed again round after round with nobody tagged (seeds 1–200
  // at 80 ± 80 ms: 28 of 400 halves over 10 s, the worst 20.72 s). Now the
  // fallback comes half a gap later and such a crossing leaves one chain
  // (the testing BENCHMARKS, "Shipped: the fallback half a gap later").
  it('seeds 1–10: no half goes 10 s without a tag, from the cut to the heal', () => {
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) {
      const cluster = new Cluster({ seed, nodes: 8, latency: 0.12, jitter: 0.06, config: { cycle: 2, gap: 0.6 } });
      cluster.runCycles(30);
      const { sides, splitAt, healAt } = splitInHalves(cluster, 20);
      for (const side of sides) {
        const tags = cluster.trace.filter((e) => e.type === 'tag' && side.includes(e.node)).map((e) => e.t);
        expect({ seed, side, longestGap: longestGapWithin(tags, splitAt, healAt) <= 10 }).toEqual({ seed, side, longestGap: true });
      }
    }
  });
});

describe('a partition healed the way Serf heals one: what was missed arrives late, in random order', () => {
  // Serf's anti-entropy delivers every user event a side missed when the
  // halves meet again: 20 cycles of stale pings at once. Stale pings are what
  // the protocol cannot tell from fresh ones, so nodes follow old chains for
  // a while (the serf transport drops most such replays; this is the worst
  // case without it). It must still come out right: one chain, one tagged.
  for (const seed of SEEDS) {
    it(`seed ${seed}: one chain within 4 cycles, then never two tagged and the rotation goes on`, () => {
      const cluster = run({ seed, nodes: 10 }, 20);
      const { healAt } = splitInHalves(cluster, 20, { replayMissed: true });
      cluster.runCycles(12);
      expect(cluster.bus.stats.replayed).toBeGreaterThan(100);
      expect(cluster.trace.filter((e) => e.type === 'fail')).toEqual([]);
      expect(cluster).toEndEveryTagOnce();
      expect(cluster).toConvergeAfterHeals(4 * cluster.config.cycle);
      const convergedAt = cluster.trace.find((e) => e.type === 'converged' && e.t > healAt)!.t;
      const settled = cluster.metrics({ from: convergedAt });
      expect(settled.tags).toBeGreaterThanOrEqual(6);
      expect({ ...cluster, trace: cluster.trace.filter((e) => e.t > convergedAt) }).toHaveAtMostOneTagged();
      if (process.env.REPORT) process.stderr.write(`seed ${seed}: one chain ${(convergedAt - healAt).toFixed(1)} s after the heal, hist per side ${JSON.stringify(cluster.metrics().histPerSidePerHeal[0])}\n`);
    });
  }
});

describe('lossy channels', () => {
  // The third reminder of a lost crossing (issue 11) costs about 0.06 broadcasts per cycle here and
  // takes two-tagged turns from 39 to 7 in seeds 1–200 (packages/testing/BENCHMARKS.md).
  it('5 % loss per delivery: at most 1.25 broadcasts per cycle, two tagged less than 0.25 % of the time (mean of 10 seeds)', () => {
    const figures = Array.from({ length: 10 }, (_, i) => run({ seed: i + 1, nodes: 10, loss: 0.05 }, 300).metrics({ from: WARM_UP }));
    // Python reference: 2.75 broadcasts per cycle, two or more tagged 10 % of the time, ~40 RecoverEvents.
    for (const m of figures) {
      expect(m.broadcastsPerCycle).toBeLessThanOrEqual(1.25);
      expect(m.multiTaggedFraction).toBeLessThan(0.01);
      expect(m.recoveries).toBeLessThanOrEqual(3);
    }
    expect(mean(figures.map((m) => m.multiTaggedFraction))).toBeLessThan(0.0025);
  });

  it('20 % loss, duplication and reordering: no crash, tags keep coming', () => {
    for (const seed of SEEDS) {
      const cluster = run({ seed, nodes: 10, loss: 0.2, duplicate: 0.1, reorder: true, jitter: 0.2 }, 100);
      expect(cluster.trace.filter((e) => e.type === 'fail')).toEqual([]);
      expect(cluster).toEndEveryTagOnce();
      expect(cluster.metrics({ from: WARM_UP }).tags).toBeGreaterThan(60);
    }
  });
});

describe('determinism', () => {
  it('the same seed and fault plan give the identical trace; another seed does not', () => {
    const plan = (seed: number): string => {
      const cluster = new Cluster({
        seed,
        nodes: 8,
        loss: 0.05,
        duplicate: 0.02,
        ...JITTER,
        faults: [
          { at: 200, type: 'split', groups: [['n0', 'n1', 'n2', 'n3']] },
          { at: 300, type: 'heal' },
          { at: 300, type: 'kill', node: 'n5' },
          { at: 320, type: 'pause', node: 'n6' },
          { at: 340, type: 'resume', node: 'n6' },
          { at: 350, type: 'start', node: 'n5' },
        ],
      });
      cluster.runCycles(45);
      return traceToJsonLines(cluster.trace);
    };
    const first = plan(11);
    expect(plan(11)).toBe(first);
    expect(plan(12)).not.toBe(first);
    expect(first.split('\n').length).toBeGreaterThan(100);
  });
});
