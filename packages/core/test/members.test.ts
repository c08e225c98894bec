/**
 * The members view of one machine: who was heard within the window, with
 * what value, on the chain or not, ready or not, and who holds the turn;
 * the batched `members` event; `takesTurn` on ping events and `until` on
 * tag events. Time is driven by hand: every input carries its `now`.
 */
import { deliver } from './support/deliver';
import { ActorMachine, ConfigError, cycleTimeMax, encodeMessage, makeConfig, type MachineOptions, type MembersEvent, type PingMessage, type ProtocolEvent, type Value } from '@asyncactor/core';

const CONFIG = { cycle: 1, gap: 0.1, nodes: 3 };
/** The default window with CONFIG: a rotation of 3 plus one cycle, each at its longest. */
const WINDOW = 4 * cycleTimeMax(makeConfig(CONFIG));

function started(name = 'me', options: MachineOptions = {}): ActorMachine {
  const machine = new ActorMachine(name, { random: () => 0.5, config: CONFIG, ...options });
  machine.start(0);
  deliver(machine, 0, { type: 'init', node: name });
  return machine;
}

function ping(node: string, rest: string[] = [], value: Value = 1): PingMessage {
  return { type: 'ping', node, value, history: [node, ...rest] };
}

/** Tick through every deadline up to `until`; the events produced. */
function runUntil(machine: ActorMachine, until: number): ProtocolEvent[] {
  const events: ProtocolEvent[] = [...machine.drain().events];
  for (let at = machine.deadline; at !== undefined && at <= until; at = machine.deadline) {
    machine.tick(at);
    events.push(...machine.drain().events);
  }
  return events;
}

const membersEvents = (events: readonly ProtocolEvent[]): MembersEvent[] => events.filter((e): e is MembersEvent => e.type === 'members');
const names = (machine: ActorMachine, now: number): string[] => machine.members(now).map((m) => m.node).sort();

describe('the members view', () => {
  it('holds every node heard (init, vers, ping; our own echo too), with value, position and readiness', () => {
    const m = started('me', { enabled: false });
    deliver(m, 0.1, { type: 'init', node: 'c' });
    deliver(m, 0.2, { type: 'config', node: 'd', config: m.config });
    deliver(m, 0.3, ping('a', [], null));
    deliver(m, 0.4, ping('b', ['a'], 7));
    expect(m.members(0.5)).toEqual([
      { node: 'b', value: 7, lastHeard: 0.4, position: 0, ready: true, it: true },
      { node: 'a', value: null, lastHeard: 0.3, position: 1, ready: false, it: false },
      { node: 'd', value: undefined, lastHeard: 0.2, position: undefined, ready: false, it: false },
      { node: 'c', value: undefined, lastHeard: 0.1, position: undefined, ready: false, it: false },
      { node: 'me', value: undefined, lastHeard: 0, position: undefined, ready: false, it: false },
    ]);
  });

  it('a hist names no sender: its first entry is not heard from by it', () => {
    const m = started();
    deliver(m, 0.1, { type: 'history', value: 1, history: ['ghost', 'x'] });
    expect(names(m, 0.2)).toEqual(['me']);
  });

  it('reports joins, value changes and leaves in one batched members event, gap after the first', () => {
    const m = started();
    deliver(m, 0.01, { type: 'init', node: 'a' });
    deliver(m, 0.05, { type: 'init', node: 'b' });
    expect(membersEvents(runUntil(m, 0.0999))).toEqual([]);
    expect(membersEvents(runUntil(m, 0.1))).toEqual([{ type: 'members', joined: ['me', 'a', 'b'], left: [], changed: [] }]);
    deliver(m, 1, ping('a', [], 5));
    deliver(m, 1.01, ping('a', [], 5));
    expect(membersEvents(runUntil(m, 1.2))).toEqual([{ type: 'members', joined: [], left: [], changed: ['a'] }]);
    deliver(m, 2, ping('b', ['a'], 6));
    deliver(m, 3, ping('a', ['b'], 5));
    expect(membersEvents(runUntil(m, 3.2))).toEqual([{ type: 'members', joined: [], left: [], changed: ['b'] }]);
    // Everyone falls silent; this node's own pings count only as their echo comes back, and here nothing echoes them.
    const left = membersEvents(runUntil(m, 3 + WINDOW + 0.2)).flatMap((e) => e.left);
    expect(left.sort()).toEqual(['a', 'b', 'me']);
    expect(names(m, 3 + WINDOW + 0.2)).toEqual([]);
  });

  it('a node silent for the window leaves it at that moment, not before', () => {
    const m = started('me', { enabled: false });
    deliver(m, 1, { type: 'init', node: 'a' });
    runUntil(m, 1 + WINDOW - 0.001);
    expect(names(m, 1 + WINDOW - 0.001)).toContain('a');
    const events = membersEvents(runUntil(m, 1 + WINDOW + 0.1));
    expect(names(m, 1 + WINDOW)).not.toContain('a');
    expect(events).toEqual([{ type: 'members', joined: [], left: ['a'], changed: [] }]);
  });

  it('takes membersWindow from the options, and refuses a window that is not seconds > 0', () => {
    const m = started('me', { enabled: false, membersWindow: 2 });
    deliver(m, 1, { type: 'init', node: 'a' });
    runUntil(m, 2.999);
    expect(names(m, 2.999)).toEqual(['a']);
    runUntil(m, 3);
    expect(names(m, 3)).toEqual([]);
    for (const membersWindow of [0, -1, Number.NaN, Infinity, '5' as unknown as number]) {
      expect(() => new ActorMachine('me', { membersWindow })).toThrow(ConfigError);
    }
  });

  it('the default window is a rotation of `nodes` plus one cycle, at cycleTimeMax each', () => {
    const m = started('me', { enabled: false, config: { ...CONFIG, nodes: 5 } });
    const window = 6 * cycleTimeMax(m.config);
    deliver(m, 1, { type: 'init', node: 'a' });
    runUntil(m, 1 + window - 0.01);
    expect(names(m, 1 + window - 0.01)).toEqual(['a']);
    runUntil(m, 1 + window);
    expect(names(m, 1 + window)).toEqual([]);
  });

  it('joining and leaving within one batch goes unreported; leaving and coming back is a change', () => {
    const m = started('me', { enabled: false, membersWindow: 0.05, maxKnownNodes: 2 });
    deliver(m, 1, { type: 'init', node: 'a' });
    deliver(m, 1.01, { type: 'init', node: 'b' });
    // `c` pushes `a` (heard least recently) out of a full view, within the batch: a is never reported.
    deliver(m, 1.02, { type: 'init', node: 'c' });
    expect(membersEvents(runUntil(m, 1.1))).toEqual([{ type: 'members', joined: ['b', 'c'], left: [], changed: [] }]);
  });

  it('a flood of made-up names stays within maxKnownNodes, with one event per batch', () => {
    const m = started('me', { maxKnownNodes: 50 });
    const events: ProtocolEvent[] = [];
    for (let i = 0; i < 20_000; i++) {
      const node = `made-up-${i}`;
      m.receive(1 + i * 0.00005, encodeMessage(i % 2 ? { type: 'init', node } : ping(node, [], i)));
      events.push(...m.drain().events);
      if (i % 1000 === 0) expect(m.members(1).length).toBeLessThanOrEqual(50);
    }
    events.push(...runUntil(m, 3));
    const reported = membersEvents(events);
    // 20,000 names in one second: one report per gap of 0.1 s, and this node's own.
    expect(reported.length).toBeLessThanOrEqual(12);
    for (const event of reported) expect(event.joined.length).toBeLessThanOrEqual(50);
    expect(m.members(3).length).toBeLessThanOrEqual(50);
  });
});

describe('who is it', () => {
  it('the sender of an accepted ping that takes the turn, until cycle + gap/2 after it', () => {
    const m = started();
    deliver(m, 1, ping('a', ['z']));
    expect(m.it(1)).toBe('a');
    expect(m.it(1 + 1 + 0.05 - 0.001)).toBe('a');
    expect(m.it(1 + 1 + 0.05)).toBeUndefined();
    deliver(m, 2, ping('b', ['a']));
    expect(m.it(2)).toBe('b');
    expect(m.members(2).find((member) => member.node === 'b')?.it).toBe(true);
  });

  it('nobody after the first ping of a new chain: its sender followed none', () => {
    const m = started();
    deliver(m, 1, ping('a'));
    expect(m.it(1.5)).toBeUndefined();
    const ping1 = runUntil(m, 1.3).find((e) => e.type === 'ping');
    expect(ping1).toEqual({ type: 'ping', node: 'a', value: 1, takesTurn: false });
    deliver(m, 2, ping('b', ['a']));
    expect(runUntil(m, 2.3).find((e) => e.type === 'ping')).toEqual({ type: 'ping', node: 'b', value: 1, takesTurn: true });
  });

  it('a node alone pinging again on its own chain takes the turn (a passive watcher sees it too)', () => {
    for (const enabled of [true, false]) {
      const m = started('me', { enabled });
      deliver(m, 1, ping('a'));
      expect(m.it(1)).toBeUndefined();
      deliver(m, 3, ping('a'));
      expect(m.it(3)).toBe('a');
      // A copy of that ping changes nothing.
      deliver(m, 3.3, ping('a'));
      expect(m.it(4.05 - 0.001)).toBe('a');
      expect(m.it(4.05)).toBeUndefined();
    }
  });

  it('this node while its own turn runs (pending, then tagged); the tag event says when it ends', () => {
    const m = started();
    m.setValue(1);
    deliver(m, 1, ping('a'));
    let tag: ProtocolEvent | undefined;
    let now = 1;
    while (!tag && now < 10) {
      now = m.deadline!;
      m.tick(now);
      const { sends, events } = m.drain();
      if (sends.some((s) => s.type === 'ping')) expect(m.it(now)).toBe('me');
      // The channel delivers our own ping back (every transport must): only then is the turn taken.
      for (const sent of sends) if (sent.type === 'ping') deliver(m, now, sent);
      tag = [...events, ...m.drain().events].find((e) => e.type === 'tag');
    }
    expect(tag).toEqual({ type: 'tag', node: 'me', value: 1, until: expect.closeTo(now + 0.95, 9) as number, duration: 0.95 });
    const { until } = tag as { until: number };
    expect(m.it(now)).toBe('me');
    runUntil(m, until - 0.001);
    expect(m.tagged).toBe(true);
    runUntil(m, until);
    expect(m.tagged).toBe(false);
    expect(m.it(until)).toBeUndefined();
  });

  it('nobody once the machine is closed', () => {
    const m = started();
    deliver(m, 1, ping('a', ['z']));
    m.close();
    expect(m.it(1)).toBeUndefined();
  });
});
