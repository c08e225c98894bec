/**
 * Liveness after a flood of made-up names (issue 15): 10 s of 1,000 valid
 * pings a second, each from a name never heard before, then silence. The
 * flood pushes the real nodes off the chain and leaves 1,024 made-up names
 * known to every node; those never send again. The rotation must be back
 * to its full `nodes` places, all of them real nodes, within 10 cycles of
 * the flood's end. Before known names aged out of the chance to join, the
 * rotation held 2 to 4 places for good (over 100 cycles in every seed).
 */
import { encodeMessage } from '@asyncactor/core';
import { Cluster, type Fault, type FaultPlan } from '@asyncactor/testing';
import { registerMatchers } from '@asyncactor/testing/jest';

registerMatchers();

const CHANNEL = { latency: 0.05, jitter: 0.05 } as const;
const CONFIG = { cycle: 2, gap: 0.4, nodes: 5, nHosts: 5 } as const;
const FLOOD_FROM = 80;
const FLOOD_SECONDS = 10;
const PER_SECOND = 1000;

/**
 * The flood as a fault plan: one ping a millisecond, each from a new name,
 * carrying a one-entry chain; every other one ready (a value that outranks
 * the real nodes'), the others not ready.
 */
function floodPlan(from: number, seconds: number, perSecond: number): FaultPlan {
  const plan: Fault[] = [];
  for (let i = 0; i < seconds * perSecond; i++) {
    const node = `made-up-${i}`;
    const value = i % 2 === 0 ? null : 1_000_000 + i;
    plan.push({ at: from + i / perSecond, type: 'inject', payload: encodeMessage({ type: 'ping', node, value, history: [node] }) });
  }
  return plan;
}

/** Whether every node follows a history of `nodes` entries, each a real node. */
function rotationFull(cluster: Cluster): boolean {
  return cluster.names.every((name) => {
    const history = cluster.machine(name).history;
    return history.length === CONFIG.nodes && history.every((entry) => cluster.names.includes(entry));
  });
}

/** Seconds from `from` until the rotation is full, looked at every 0.1 s up to `limit` seconds. */
function secondsUntilFull(cluster: Cluster, from: number, limit: number): number | undefined {
  for (let t = 0; t <= limit; t += 0.1) {
    cluster.runUntil(from + t);
    if (rotationFull(cluster)) return t;
  }
  return undefined;
}

describe('after a flood of made-up names', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    it(`seed ${seed}: 5 nodes, cycle 2, gap 0.4: the rotation is back to 5 places within 10 cycles of the flood's end`, () => {
      const cluster = new Cluster({ ...CHANNEL, seed, nodes: 5, config: CONFIG, faults: floodPlan(FLOOD_FROM, FLOOD_SECONDS, PER_SECOND) });
      // The group had its full rotation before the flood (at this jitter a node may drop off now and then).
      expect(secondsUntilFull(cluster, 0, FLOOD_FROM)).toBeDefined();
      cluster.runUntil(FLOOD_FROM);
      const end = FLOOD_FROM + FLOOD_SECONDS;
      cluster.runUntil(end);
      // The flood did push the real nodes out, and left its names known.
      expect(rotationFull(cluster)).toBe(false);
      expect(cluster.machine(cluster.names[0]!).members(end).length).toBeGreaterThan(1000);
      const seconds = secondsUntilFull(cluster, end, 10 * CONFIG.cycle);
      console.log(`seed ${seed}: rotation full ${seconds === undefined ? 'not within 10 cycles' : `${seconds.toFixed(1)} s (${(seconds / CONFIG.cycle).toFixed(1)} cycles)`} after the flood`);
      expect(seconds).toBeDefined();
      // And it goes on rotating with one tagged at a time.
      cluster.runCycles(20);
      expect(cluster).toHaveAtMostOneTagged();
      const taggedAfter = new Set<string>();
      for (const event of cluster.trace) if (event.type === 'tag' && event.t > end + 10 * CONFIG.cycle) taggedAfter.add(event.node);
      expect(taggedAfter.size).toBe(5);
    });
  }
});
