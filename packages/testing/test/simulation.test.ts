/**
 * The protocol proven by simulation: the shipping machine, many seeds,
 * latency 50 ms ± 50 ms, defaults cycle 10 s, gap 1.5 s, nodes 5.
 * Warm-up (the first 10 cycles) is left out of the steady-state figures.
 */
import {
  checkAtMostOneTagged,
  checkHealsConverge,
  checkTagGaps,
  checkTagsEndOnce,
  Cluster,
  killTaggedRepeatedly,
  splitInHalves,
  traceToJsonLines,
  type ClusterOptions,
} from '@asyncactor/testing';

const JITTER = { latency: 0.05, jitter: 0.05 } as const;
const SEEDS = [1, 2, 3];
const WARM_UP = 100;

function run(options: ClusterOptions, cycles: number): Cluster {
  const cluster = new Cluster({ ...JITTER, ...options });
  cluster.runCycles(cycles);
  return cluster;
}

describe('steady state without loss', () => {
  for (const nodes of [1, 2, 3, 5, 10, 50]) {
    it(`${nodes} node(s): never two tagged, gaps within cycle + 2.5 gap, about one broadcast per tag`, () => {
      for (const seed of SEEDS) {
        const cluster = run({ seed, nodes }, 150);
        const { trace, config } = cluster;
        expect(checkAtMostOneTagged(trace)).toEqual([]);
        expect(checkTagsEndOnce(trace)).toEqual([]);
        expect(checkTagGaps(trace, config.cycle + 2.5 * config.gap, WARM_UP, cluster.clock.now())).toEqual([]);
        const metrics = cluster.metrics({ from: WARM_UP });
        expect(metrics.tags).toBeGreaterThanOrEqual(Math.floor((cluster.clock.now() - WARM_UP) / (config.cycle + 2.5 * config.gap)));
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
  it('nodes joining and leaving at random cause no RecoverEvent', () => {
    for (const seed of SEEDS) {
      const cluster = new Cluster({ seed, nodes: 6, ...JITTER });
      const random = (() => {
        let s = seed * 7919;
        return () => ((s = (s * 16807) % 2147483647) / 2147483647);
      })();
      cluster.runCycles(15);
      for (let round = 0; round < 20; round++) {
        const name = `n${Math.floor(random() * 8)}`;
        if (cluster.alive(name)) cluster.kill(name);
        else cluster.start(name);
        cluster.runCycles(3);
      }
      expect(cluster.metrics().recoveries).toBe(0);
      expect(checkAtMostOneTagged(cluster.trace)).toEqual([]);
    }
  });

  it('killing the tagged node: another node is tagged within cycle + gap', () => {
    for (const seed of SEEDS) {
      const cluster = run({ seed, nodes: 5 }, 15);
      killTaggedRepeatedly(cluster, 5);
      const { failoverTimes } = cluster.metrics();
      expect(failoverTimes).toHaveLength(5);
      for (const t of failoverTimes) expect(t).toBeLessThanOrEqual(cluster.config.cycle + cluster.config.gap);
    }
  });

  it('1,000 nodes started at once: none fails to start', () => {
    const cluster = new Cluster({ seed: 1, nodes: 1000, startWindow: 0, ...JITTER });
    cluster.runCycles(3);
    expect(cluster.trace.filter((e) => e.type === 'fail')).toEqual([]);
    expect(cluster.names.every((name) => cluster.machine(name).phase === 'running')).toBe(true);
  }, 60_000);
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
      }
      expect(checkHealsConverge(cluster.trace, cluster.config.cycle)).toEqual([]);
      const after = cluster.metrics();
      for (const perSide of after.histPerSidePerHeal[0]!) expect(perSide).toBeLessThanOrEqual(1);
      expect(after.recoveries).toBeGreaterThan(0);
      expect(checkAtMostOneTagged(cluster.trace.filter((e) => e.t > healAt + cluster.config.cycle))).toEqual([]);
    });
  }
});

describe('lossy channels', () => {
  it('5 % loss per delivery: about one broadcast per tag and rarely two tagged', () => {
    const figures = SEEDS.map((seed) => run({ seed, nodes: 10, loss: 0.05 }, 300).metrics({ from: WARM_UP }));
    const broadcasts = figures.reduce((s, m) => s + m.broadcastsPerTag, 0) / figures.length;
    const overlap = figures.reduce((s, m) => s + m.multiTaggedFraction, 0) / figures.length;
    // Python reference: 2.75 broadcasts per cycle, two or more tagged 10 % of the time.
    expect(broadcasts).toBeLessThanOrEqual(1.2);
    expect(overlap).toBeLessThan(0.01);
    for (const m of figures) expect(m.recoveries).toBeLessThanOrEqual(3);
  });

  it('20 % loss, duplication and reordering: no crash, tags keep coming', () => {
    for (const seed of SEEDS) {
      const cluster = run({ seed, nodes: 10, loss: 0.2, duplicate: 0.1, reorder: true, jitter: 0.2 }, 100);
      expect(cluster.trace.filter((e) => e.type === 'fail')).toEqual([]);
      expect(checkTagsEndOnce(cluster.trace)).toEqual([]);
      expect(cluster.metrics({ from: WARM_UP }).tags).toBeGreaterThan(60);
    }
  });
});

describe('determinism', () => {
  it('the same seed gives the identical trace; another seed does not', () => {
    const plan = (seed: number): string => {
      const cluster = new Cluster({ seed, nodes: 8, loss: 0.05, ...JITTER });
      cluster.runCycles(20);
      cluster.split([['n0', 'n1', 'n2', 'n3']]);
      cluster.runCycles(10);
      cluster.heal();
      cluster.kill('n5');
      cluster.runCycles(10);
      return traceToJsonLines(cluster.trace);
    };
    const first = plan(11);
    expect(plan(11)).toBe(first);
    expect(plan(12)).not.toBe(first);
    expect(first.split('\n').length).toBeGreaterThan(100);
  });
});
