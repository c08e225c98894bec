/**
 * The members view in simulation: the shipping machine on the simulated
 * bus, in virtual time. With nodes joining, leaving and crashing, every
 * node's view holds exactly the nodes it heard within the window, and once
 * the churn stops all views agree on the running nodes within the window;
 * a flood of made-up names takes no more than `maxKnownNodes` and leaves
 * the views again.
 */
import { cycleTimeMax, encodeMessage, makeConfig, type MembersEvent } from '@asyncactor/core';
import { churnPlan, Cluster, type TraceEvent } from '@asyncactor/testing';
import { registerMatchers } from '@asyncactor/testing/jest';

registerMatchers();

const SEEDS = [1, 2, 3];
/** Latency 50 ms ± 50 ms: a message reaches everyone within 0.1 s. */
const CHANNEL = { latency: 0.05, jitter: 0.05 } as const;
const SPREAD = 0.1;
const NAMES = Array.from({ length: 8 }, (_, i) => `n${i}`);
/** Room for everyone on the chain, so that every running node pings once per rotation. */
const CONFIG = { nodes: 8, nHosts: 8 };
/** The default members window: a rotation of 8 plus a cycle, at cycle + 2.5 gap each. */
const WINDOW = 9 * cycleTimeMax(makeConfig(CONFIG));

/** When each node sent a message that names it as sender (init, vers, ping), in order. */
function sendTimes(trace: readonly TraceEvent[]): Map<string, number[]> {
  const times = new Map<string, number[]>();
  for (const event of trace) {
    if (event.type !== 'send' || event.kind === 'history') continue;
    let list = times.get(event.node);
    if (!list) times.set(event.node, (list = []));
    list.push(event.t);
  }
  return times;
}

/** When each node (re)started last by `t`. */
function lastStart(trace: readonly TraceEvent[], node: string, t: number): number {
  let at = -Infinity;
  for (const event of trace) if (event.type === 'start' && event.node === node && event.t <= t) at = event.t;
  return at;
}

/** The last element of `times` at or before `t`. */
function lastBefore(times: readonly number[] | undefined, t: number): number | undefined {
  let last: number | undefined;
  for (const at of times ?? []) if (at <= t) last = at;
  return last;
}

describe('the members view under churn', () => {
  it('holds exactly the nodes heard within the window, on every node, at every moment', () => {
    for (const seed of SEEDS) {
      const faults = churnPlan({ seed, names: NAMES, running: NAMES.slice(0, 6), from: 150, every: 30, changes: 20 });
      const cluster = new Cluster({ seed, nodes: NAMES.slice(0, 6), config: CONFIG, ...CHANNEL, faults });
      let checked = 0;
      for (let now = 20; now <= 900; now += 7.3) {
        cluster.runUntil(now);
        const sends = sendTimes(cluster.trace);
        for (const viewer of cluster.names.filter((name) => cluster.alive(name) && cluster.machine(name).phase === 'running')) {
          const view = new Set(cluster.machine(viewer).members(now).map((member) => member.node));
          const since = lastStart(cluster.trace, viewer, now);
          for (const node of NAMES) {
            const sent = lastBefore(sends.get(node), now);
            // Heard (at `sent` plus up to SPREAD) by this incarnation of the viewer, and not longer than the window ago.
            const surelyIn = sent !== undefined && sent >= since && sent + SPREAD <= now && sent + WINDOW > now;
            const surelyOut = sent === undefined || sent + SPREAD < since || sent + SPREAD + WINDOW <= now;
            if (surelyIn) expect({ seed, now, viewer, node, in: view.has(node) }).toEqual({ seed, now, viewer, node, in: true });
            if (surelyOut) expect({ seed, now, viewer, node, in: view.has(node) }).toEqual({ seed, now, viewer, node, in: false });
            checked++;
          }
        }
      }
      expect(checked).toBeGreaterThan(3000);
    }
  });

  it('once the churn stops, every node\'s view converges on the running nodes within the window', () => {
    for (const seed of SEEDS) {
      const faults = churnPlan({ seed, names: NAMES, running: NAMES.slice(0, 6), from: 150, every: 30, changes: 20 });
      const lastChange = faults[faults.length - 1]!.at;
      const cluster = new Cluster({ seed, nodes: NAMES.slice(0, 6), config: CONFIG, ...CHANNEL, faults });
      cluster.runUntil(lastChange + WINDOW + SPREAD);
      const running = NAMES.filter((name) => cluster.alive(name) && cluster.machine(name).phase === 'running');
      expect(running.length).toBeGreaterThanOrEqual(2);
      for (const viewer of running) {
        const view = cluster.machine(viewer).members(cluster.clock.now()).map((member) => member.node).sort();
        expect({ seed, viewer, view }).toEqual({ seed, viewer, view: running });
      }
      expect(cluster).toHaveAtMostOneTagged();
      expect(cluster).toEndEveryTagOnce();
    }
  });

  it('every node reports the same joins and leaves, as members events', () => {
    const seed = 4;
    const faults = churnPlan({ seed, names: NAMES, running: NAMES.slice(0, 6), from: 150, every: 40, changes: 8 });
    const reported = new Map<string, { joined: Set<string>; left: Set<string> }>();
    const cluster = new Cluster({
      seed, nodes: NAMES.slice(0, 6), config: CONFIG, ...CHANNEL, faults,
      onOutput: (_t, node, _sends, events) => {
        for (const event of events.filter((e): e is MembersEvent => e.type === 'members')) {
          const seen = reported.get(node) ?? { joined: new Set(), left: new Set() };
          reported.set(node, seen);
          event.joined.forEach((name) => seen.joined.add(name));
          event.left.forEach((name) => seen.left.add(name));
        }
      },
    });
    cluster.runUntil(faults[faults.length - 1]!.at + WINDOW + SPREAD);
    // The nodes that ran from the start to the end saw every node that ever ran join, and every departed one leave.
    const steady = NAMES.slice(0, 6).filter((name) => !faults.some((fault) => 'node' in fault && fault.node === name));
    const ever = [...new Set(cluster.trace.filter((e) => e.type === 'start').map((e) => (e as { node: string }).node))].sort();
    const gone = ever.filter((name) => !cluster.alive(name) || cluster.machine(name).phase !== 'running');
    expect(gone.length).toBeGreaterThan(0);
    expect(steady.length).toBeGreaterThan(0);
    for (const node of steady) {
      expect([...reported.get(node)!.joined].sort()).toEqual(ever);
      for (const name of gone) expect(reported.get(node)!.left.has(name)).toBe(true);
    }
  });
});

describe('a flood of made-up names', () => {
  it('takes at most maxKnownNodes per view, reports at most one members event per gap, and drains away', () => {
    for (const seed of SEEDS) {
      let membersEvents = 0;
      const cluster = new Cluster({
        seed, nodes: 5, ...CHANNEL, machine: { maxKnownNodes: 64 },
        onOutput: (_t, _node, _sends, events) => void (membersEvents += events.filter((e) => e.type === 'members').length),
      });
      cluster.runUntil(200);
      const config = cluster.config;
      const before = membersEvents;
      // 20,000 made-up names in 100 s, as inits and as pings of one-entry chains (not ready: they do not take the turn away).
      for (let i = 0; i < 20_000; i++) {
        cluster.clock.schedule(200 + i * 0.005, () => {
          const node = `made-up-${seed}-${i}`;
          cluster.inject(encodeMessage(i % 2 ? { type: 'init', node } : { type: 'ping', node, value: null, history: [node] }));
        });
      }
      for (let now = 200; now <= 300; now += 5) {
        cluster.runUntil(now);
        for (const name of cluster.names) expect(cluster.machine(name).members(now).length).toBeLessThanOrEqual(64);
      }
      // Five nodes, one event per gap at most each, over 100 s of flood (and a few of the real group's).
      expect(membersEvents - before).toBeLessThanOrEqual(5 * (100 / config.gap + 2));
      // The made-up names fall silent: within the window they have left every view, which holds real nodes only.
      const window = (config.nodes + 1) * cycleTimeMax(config);
      cluster.runUntil(300 + window + 1);
      for (const name of cluster.names) {
        const view = cluster.machine(name).members(cluster.clock.now()).map((member) => member.node);
        expect(view.filter((node) => !cluster.names.includes(node))).toEqual([]);
      }
      expect(cluster).toHaveAtMostOneTagged();
      // The group goes on taking turns: one per cycle at most cycle + 2.5 gap apart.
      expect(cluster.metrics({ from: 320 }).tags).toBeGreaterThanOrEqual(Math.floor((cluster.clock.now() - 320) / cycleTimeMax(config)));
    }
  });
});
