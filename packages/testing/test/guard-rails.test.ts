/**
 * Guard rails the user can see: a `gap` below the channel's latency makes
 * every turn cross the others' pings; the machine says so with a typed
 * `warning` event and counts it.
 */
import type { ProtocolEvent } from '@asyncactor/core';
import { Cluster } from '@asyncactor/testing';

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
