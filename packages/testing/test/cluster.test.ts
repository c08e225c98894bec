import { encodeMessage } from '@asyncactor/core';
import { checkHistoriesAgree, checkTagsEndOnce, churnPlan, Cluster, timelineSvg, traceFromJsonLines, traceToJsonLines, type TraceEvent } from '@asyncactor/testing';
import { registerMatchers } from '@asyncactor/testing/jest';

registerMatchers();

const JITTER = { latency: 0.05, jitter: 0.05 } as const;
const types = (trace: readonly TraceEvent[]): string[] => trace.map((event) => event.type);

describe('Cluster fault plans', () => {
  it('applies a plan of kills, restarts, leaves, pauses and channel changes at their times', () => {
    const cluster = new Cluster({
      seed: 5,
      nodes: 5,
      ...JITTER,
      faults: [
        { at: 100, type: 'kill', node: 'n1' },
        { at: 130, type: 'start', node: 'n1' },
        { at: 160, type: 'leave', node: 'n2' },
        { at: 200, type: 'pause', node: 'n3' },
        { at: 230, type: 'resume', node: 'n3' },
        { at: 260, type: 'channel', settings: { loss: 0.1 } },
      ],
    });
    cluster.runUntil(400);
    const planned = cluster.trace.filter((e) => ['kill', 'leave', 'pause', 'resume', 'channel'].includes(e.type) || (e.type === 'start' && e.t > 50));
    expect(planned.map((e) => [e.type, e.t])).toEqual([
      ['kill', 100],
      ['start', 130],
      ['leave', 160],
      ['pause', 200],
      ['resume', 230],
      ['channel', 260],
    ]);
    expect(cluster.alive('n1')).toBe(true);
    expect(cluster.alive('n2')).toBe(false);
    expect(cluster.bus.loss).toBe(0.1);
    expect(checkTagsEndOnce(cluster.trace)).toEqual([]);
  });

  it('a node that leaves while tagged ends its tag with an untag first', () => {
    const cluster = new Cluster({ seed: 2, nodes: 4, ...JITTER });
    cluster.runCycles(10);
    while (cluster.tagged.length === 0) cluster.clock.runFor(0.1);
    const [leaver] = cluster.tagged;
    cluster.leave(leaver!);
    const last = cluster.trace.slice(-2);
    expect(last).toEqual([
      { t: cluster.clock.now(), type: 'untag', node: leaver, reason: 'closed' },
      { t: cluster.clock.now(), type: 'leave', node: leaver },
    ]);
    cluster.runCycles(5);
    expect(cluster).toHaveTagGapsWithin();
    expect(cluster).toEndEveryTagOnce();
  });

  it('a paused node hears nothing and fires no timer until it resumes, then catches up', () => {
    const cluster = new Cluster({ seed: 3, nodes: 3, ...JITTER });
    cluster.runCycles(10);
    const before = cluster.machine('n0').stats.received.ping;
    cluster.pause('n0');
    cluster.runCycles(5);
    expect(cluster.machine('n0').stats.received.ping).toBe(before);
    expect(cluster.trace.filter((e) => e.t > cluster.clock.now() - 45 && e.type === 'send' && e.node === 'n0')).toEqual([]);
    cluster.resume('n0');
    expect(cluster.machine('n0').stats.received.ping).toBeGreaterThan(before + 2);
    cluster.runCycles(10);
    expect(cluster.trace.some((e) => e.type === 'tag' && e.node === 'n0' && e.t > cluster.clock.now() - 100)).toBe(true);
    expect(cluster).toEndEveryTagOnce();
  });

  it('garbage on the channel is counted and dropped; the group runs on', () => {
    const cluster = new Cluster({ seed: 4, nodes: 5, ...JITTER });
    cluster.runCycles(5);
    cluster.inject(new Uint8Array([0xc1, 0xff, 0x00]));
    cluster.inject(new TextEncoder().encode('not msgpack at all'));
    cluster.inject(encodeMessage({ type: 'init', node: 'stranger' }));
    cluster.runCycles(10);
    const metrics = cluster.metrics();
    expect(metrics.invalidDropped).toBe(2 * 5);
    expect(cluster.trace.filter((e) => e.type === 'inject')).toHaveLength(3);
    expect(cluster).toHaveAtMostOneTagged();
    expect(cluster).toHaveTagGapsWithin();
  });

  it('churnPlan makes a reproducible plan of joins, leaves and crashes', () => {
    const options = { seed: 9, names: ['a', 'b', 'c', 'd'], running: ['a', 'b'], from: 10, changes: 30, every: 5 };
    const plan = churnPlan(options);
    expect(churnPlan(options)).toEqual(plan);
    expect(plan).toHaveLength(30);
    expect(new Set(plan.map((f) => f.type))).toEqual(new Set(['start', 'leave', 'kill']));
    const running = new Set(options.running);
    for (const fault of plan) {
      if (fault.type === 'start') expect(running.has(fault.node)).toBe(false);
      else if (fault.type === 'kill' || fault.type === 'leave') expect(running.has(fault.node)).toBe(true);
      if (fault.type === 'start') running.add(fault.node);
      else if (fault.type === 'kill' || fault.type === 'leave') running.delete(fault.node);
    }
  });
});

describe('history audits', () => {
  it('on a lossless channel every node agrees with the tagged node at every tag', () => {
    const cluster = new Cluster({ seed: 1, nodes: 8, ...JITTER });
    cluster.runCycles(50);
    expect(cluster).toAgreeOnHistory();
    expect(cluster.metrics().historyAgreement).toBe(1);
  });

  it('with loss, nodes that missed a ping are reported as disagreeing', () => {
    const cluster = new Cluster({ seed: 1, nodes: 8, loss: 0.2, ...JITTER });
    cluster.runCycles(50);
    const violations = checkHistoriesAgree(cluster.trace);
    expect(violations.length).toBeGreaterThan(0);
    expect(violations[0]!.detail).toMatch(/disagree with n\d+ on the history: n\d+/);
    const agreement = cluster.metrics().historyAgreement;
    expect(agreement).toBeGreaterThan(0);
    expect(agreement).toBeLessThan(1);
    expect(() => expect(cluster).toAgreeOnHistory()).toThrow(/violation\(s\)/);
  });
});

describe('traces and pictures', () => {
  it('JSON lines round-trip, and the timeline draws tags, kills, pauses and the split', () => {
    const cluster = new Cluster({ seed: 6, nodes: 4, ...JITTER });
    cluster.runCycles(5);
    cluster.split([['n0', 'n1'], ['n2', 'n3']]);
    cluster.runCycles(5);
    cluster.heal();
    cluster.pause('n2');
    cluster.runCycles(2);
    cluster.resume('n2');
    cluster.kill('n1');
    cluster.runCycles(3);
    expect(traceFromJsonLines(traceToJsonLines(cluster.trace))).toEqual(cluster.trace);
    expect(types(cluster.trace)).toEqual(expect.arrayContaining(['split', 'heal', 'converged', 'pause', 'resume', 'kill']));
    const svg = timelineSvg(cluster.trace, { title: 'a <small> run' });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('a &lt;small&gt; run');
    for (const node of ['n0', 'n1', 'n2', 'n3']) expect(svg).toContain(`>${node}</text>`);
    expect(svg).toContain('split ');
    expect(svg).toContain('n1 kill at');
    expect(svg).toContain('n2 paused');
    expect(svg.match(/<rect [^>]*fill="#4c9a5a"/g)?.length).toBeGreaterThan(5);
  });

  it('the matchers explain what went wrong', () => {
    const broken = {
      trace: [
        { t: 1, type: 'tag', node: 'a' },
        { t: 2, type: 'tag', node: 'b' },
        { t: 40, type: 'untag', node: 'a', reason: 'timeout' },
      ] as TraceEvent[],
      config: new Cluster({ seed: 1 }).config,
      clock: { now: () => 50 },
    };
    expect(() => expect(broken).toHaveAtMostOneTagged()).toThrow(/b tagged while a still is/);
    expect(() => expect(broken).toHaveTagGapsWithin()).toThrow(/no tag for the last 48.00 s/);
    expect(broken).toConvergeAfterHeals();
    expect(() => expect({}).toHaveAtMostOneTagged()).toThrow(/expected a Cluster/);
  });
});
