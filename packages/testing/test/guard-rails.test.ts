/**
 * Guard rails the user can see: a `gap` below the channel's latency makes
 * every turn cross the others' pings; the machine says so with a typed
 * `warning` event and counts it. And where the transport can tell that
 * peers were lost (Serf's member-failed), a part of a split group that
 * lacks the chain's oldest entries tags again within `cycle + 2.5 gap`.
 */
import { cycleTimeMax, type ProtocolEvent } from '@asyncactor/core';
import { Cluster, cutInHalves } from '@asyncactor/testing';

function run(latency: number): { warnings: ProtocolEvent[]; superseded: number; tags: number } {
  const warnings: ProtocolEvent[] = [];
  const cluster = new Cluster({
    seed: 3,
    nodes: 5,
    latency,
    jitter: latency / 4,
    config: { cycle: 2, gap: 0.1 },
    onOutput: (_t, _node, _sends, events) => warnings.push(...events.filter((e) => e.type === 'warning')),
  });
  cluster.runCycles(100);
  let superseded = 0;
  for (const name of cluster.names) superseded += cluster.machine(name).stats.turnsSuperseded;
  return { warnings, superseded, tags: cluster.metrics().tags };
}

describe('gap below the channel latency', () => {
  it('gap 0.1 s on a channel of 0.3 s: turns are superseded over and over, and nodes warn (typed, counted)', () => {
    const { warnings, superseded } = run(0.3);
    expect(superseded).toBeGreaterThan(50);
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings[0]).toEqual({ type: 'warning', reason: 'gap-below-latency', count: 8, message: expect.stringContaining('gap') as string });
  });

  it('the same config on a channel of 10 ms: no warning', () => {
    const { warnings, tags } = run(0.01);
    expect(warnings).toEqual([]);
    expect(tags).toBeGreaterThan(80);
  });
});

describe('peers lost: the transport tells of a split', () => {
  const seeds = Array.from({ length: 20 }, (_, i) => i + 1);
  const { config } = new Cluster({ seed: 0 });
  const limit = cycleTimeMax(config);

  it('told 3 s after the cut, each half tags again within cycle + 2.5 gap, one node at a time (20 seeds)', () => {
    const halves = seeds.flatMap((seed) => cutInHalves(seed, 3));
    expect(Math.max(...halves.map((half) => half.longestGap))).toBeLessThanOrEqual(limit);
    expect(Math.max(...halves.map((half) => half.mostAtOnce))).toBe(1);
  });

  it('told late (15 s after the cut, its hurried slot passed), a half tags within 2.5 gap of the hint', () => {
    const halves = seeds.flatMap((seed) => cutInHalves(seed, 15));
    expect(Math.max(...halves.map((half) => half.longestGap))).toBeLessThanOrEqual(15 + 2.5 * config.gap);
    expect(Math.max(...halves.map((half) => half.mostAtOnce))).toBe(1);
  });

  it("untold, the half without the chain's oldest entries waits about two cycles", () => {
    const halves = seeds.flatMap((seed) => cutInHalves(seed));
    expect(halves.filter((half) => half.longestGap > 2 * limit - 5).length).toBeGreaterThan(5);
  });
});
