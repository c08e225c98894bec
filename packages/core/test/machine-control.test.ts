/**
 * PROTOCOL §6 on configs, passive mode, channel loss and close, and §9 on
 * lost pings, pinned with literal numbers by driving the machine with
 * explicit times. C = 10, G = 1.5 (the defaults) unless a test says otherwise.
 */
import { deliver } from './support/deliver';
import { ping, run, started, withoutMembers } from './support/machine-script';
import { encodeMessage, makeConfig, type ActorMachine, type Message } from '@asyncactor/core';
import { findFork } from '@asyncactor/core/internal';

describe('config messages (§6 Receiving vers)', () => {
  const vers = (version: number, overrides = {}): Message => ({
    type: 'config',
    node: 'x',
    config: makeConfig({ version, ...overrides }),
  });

  it('adopts a higher version and emits SetupEvent', () => {
    const m = started();
    deliver(m, 1, vers(3, { cycle: 20 }));
    expect(m.config.cycle).toBe(20);
    expect(m.drain().events).toEqual([{ type: 'setup', config: makeConfig({ version: 3, cycle: 20 }) }]);
  });

  it('can refuse config changes from the network', () => {
    const m = started('me', { acceptConfig: (proposed) => proposed.version < 100 });
    deliver(m, 1, vers(1_000_000, { cycle: 3600 }));
    expect(m.config.version).toBe(0);
    expect(m.stats.configsRefused).toBe(1);
  });

  it('answers a lower version from position pos >= 1 after G * (1 + min(pos, 3)), unless someone else does', () => {
    const m = started('me', { config: { version: 5 } });
    deliver(m, 1, ping('a', ['b', 'me']));
    m.drain();
    deliver(m, 2, vers(1));
    // Position 2: 2 + 1.5 * 3, not a moment earlier.
    expect(run(m, 6.4999).sends).toEqual([]);
    const out = run(m, 6.5);
    expect(out.sends).toEqual([{ type: 'config', node: 'me', config: m.config }]);
    expect(out.times).toEqual([6.5]);
    const m2 = started('me', { config: { version: 5 } });
    deliver(m2, 1, ping('a', ['b', 'me']));
    deliver(m2, 2, vers(1));
    deliver(m2, 5, vers(5));
    m2.drain();
    expect(run(m2, 7).sends).toEqual([]);
  });

  it('answers a lower version at once while pending, after G while tagged (the pending node answers first)', () => {
    const pending = started('me', { config: { version: 2 } });
    deliver(pending, 1, ping('a'));
    run(pending, 13.625);
    deliver(pending, 14, vers(1));
    expect(pending.drain().sends).toEqual([{ type: 'config', node: 'me', config: pending.config }]);
    const tagged = started('me', { config: { version: 2 } });
    deliver(tagged, 1, ping('a'));
    run(tagged, 16);
    expect(tagged.tagged).toBe(true);
    deliver(tagged, 16, vers(1));
    expect(tagged.drain().sends).toEqual([]);
    expect(run(tagged, 17.5).sends).toEqual([{ type: 'config', node: 'me', config: tagged.config }]);
    // The pending node's answer reached it first: it sends none.
    const crossed = started('me', { config: { version: 2 } });
    deliver(crossed, 1, ping('a'));
    run(crossed, 16);
    deliver(crossed, 16, vers(1));
    deliver(crossed, 16.3, vers(2));
    expect(run(crossed, 18).sends).toEqual([]);
  });

  it('sends no answer when our version was heard within G: an answer to that very vers that overtook it', () => {
    const m = started('me', { config: { version: 2 } });
    deliver(m, 1, ping('a', ['b', 'me']));
    deliver(m, 2, vers(2));
    deliver(m, 3.4, vers(1));
    expect(run(m, 20).sends.filter((s) => s.type === 'config')).toEqual([]);
    // Later than G: answered, from position 2 after 3 G.
    deliver(m, 21, vers(2));
    deliver(m, 22.6, vers(1));
    expect(run(m, 27.1).sends.filter((s) => s.type === 'config')).toEqual([{ type: 'config', node: 'me', config: m.config }]);
  });

  it('updateConfig requires a higher version and broadcasts it', () => {
    const m = started();
    expect(() => m.updateConfig({ version: 0 })).toThrow(/version/);
    m.updateConfig({ cycle: 4, gap: 1 });
    expect(m.config).toMatchObject({ version: 1, cycle: 4, gap: 1 });
    expect(m.drain().sends).toEqual([{ type: 'config', node: 'me', config: m.config }]);
  });
});

/** A started node that followed a's ping at 1 with its own and is tagged by 15.125. */
function taggedOnA(): ActorMachine {
  const m = started();
  deliver(m, 1, ping('a'));
  run(m, 15.125);
  return m;
}

describe('passive mode, channel loss, close (§6 Disabled; every tag ends once)', () => {
  it('a disabled node sends nothing and only emits PingEvents', () => {
    const m = started('me', { enabled: false });
    deliver(m, 1, ping('a'));
    deliver(m, 2, ping('b', ['a']));
    const out = run(m, 100);
    expect(out.sends).toEqual([]);
    expect(withoutMembers(out.events)).toEqual([{ type: 'ping', node: 'b', value: 1, takesTurn: true }]);
    expect(m.history).toEqual(['b', 'a']);
  });

  it('a disabled node with rawMessages emits every valid message it receives as a raw event', () => {
    const m = started('me', { enabled: false, rawMessages: true });
    const message = ping('a');
    deliver(m, 1, message);
    expect(m.drain().events).toEqual([{ type: 'raw', message }]);
  });

  it('enable keeps the chain it followed and sends no ping at once: its first ping continues the chain (a deliberate change from §6)', () => {
    const m = started('me', { enabled: false });
    deliver(m, 1, ping('a'));
    deliver(m, 12, ping('b', ['a']));
    m.drain();
    m.enable(13);
    expect(m.drain().sends).toEqual([]);
    expect(m.history).toEqual(['b', 'a']);
    const first = run(m, 60).sends.find((s) => s.type === 'ping');
    expect(first).toMatchObject({ type: 'ping', node: 'me', history: ['me', 'b', 'a'] });
  });

  it('disable ends the tag with an untag; enable takes part again', () => {
    const m = taggedOnA();
    expect(m.tagged).toBe(true);
    m.disable();
    expect(m.drain().events).toEqual([{ type: 'untag', reason: 'disabled' }]);
    expect(run(m, 100).sends).toEqual([]);
    m.enable(100);
    expect(run(m, 130).sends.map((s) => s.type)).toContain('ping');
  });

  it('channel loss ends the tag at once and sends nothing until the channel is back', () => {
    const m = taggedOnA();
    m.channelDown();
    expect(m.drain().events).toEqual([{ type: 'untag', reason: 'disconnected' }]);
    expect(run(m, 60).sends).toEqual([]);
    m.channelUp(60);
    expect(m.history).toEqual([]);
    deliver(m, 61, ping('b', ['a']));
    expect(m.history).toEqual(['b', 'a']);
  });

  it('close ends the tag with an untag and nothing follows', () => {
    const m = taggedOnA();
    m.close();
    expect(m.drain().events).toEqual([{ type: 'untag', reason: 'closed' }]);
    expect(m.deadline).toBeUndefined();
    m.receive(20, encodeMessage(ping('b', ['me'])));
    expect(m.drain()).toEqual({ sends: [], events: [] });
  });

  it('counts and drops garbage without throwing', () => {
    const m = started();
    m.receive(1, new Uint8Array([0xc1]));
    m.receive(1, encodeMessage({ type: 'init', node: 'x' }).subarray(0, 3));
    expect(m.stats.dropped.malformed).toBe(2);
    expect(m.phase).toBe('running');
  });
});

describe('lost pings (PROTOCOL §9): forks are not splits', () => {
  it('findFork: crossed pings, continuations, laggers, late pings and real splits', () => {
    // Crossed: both extend h.
    expect(findFork(['y', 'h', 'g', 'f'], ['a', 'h', 'g', 'f', 'e'])).toEqual({ theirs: 1, ours: 1 });
    // Continuation past a ping we missed, with names recurring as the chain rotates.
    expect(findFork(['n9', 'n1', 'n7', 'n4'], ['n7', 'n4', 'n3', 'n9', 'n1'])).toEqual({ theirs: 2, ours: 0 });
    // Two laggers that missed the same ping, each moved to the front from the middle.
    expect(findFork(['n1', 'n2', 'n7', 'n0'], ['n0', 'n2', 'n7', 'n1'])).toEqual({ theirs: 1, ours: 1 });
    // A lagger two pings behind.
    expect(findFork(['y', 'h', 'g', 'f'], ['b', 'a', 'h', 'g', 'f'])).toEqual({ theirs: 1, ours: 2 });
    // An old ping of b, late: behind ours.
    expect(findFork(['b', 'c'], ['a', 'b', 'c'])).toEqual({ theirs: 1, ours: 2 });
    // Ahead of a lagger, whose own ping moved it to the front; the short received history runs out.
    expect(findFork(['n5', 'n6', 'n3', 'n2'], ['n2', 'n3', 'n0', 'n5'])).toEqual({ theirs: 2, ours: 1 });
    // Short crossed histories.
    expect(findFork(['n4', 'n5'], ['n2', 'n5'])).toEqual({ theirs: 1, ours: 1 });
    // Nothing in common: a split.
    expect(findFork(['x', 'y', 'z'], ['a', 'b', 'c'])).toBeUndefined();
  });

  it('a lagger behind our chain is ignored, and the node whose turn it is reminds it once', () => {
    const m = started();
    m.setValue(1);
    deliver(m, 1, ping('h', ['g', 'f', 'e'], 1));
    const sentAt = m.nextPingTime!;
    run(m, sentAt); // our ping [me, h, g, f]
    expect(m.history).toEqual(['me', 'h', 'g', 'f', 'e']);
    // y missed h's ping and ours, and sends on g: behind by two.
    deliver(m, sentAt + 0.9, ping('y', ['g', 'f', 'e'], 9));
    expect(m.history).toEqual(['me', 'h', 'g', 'f', 'e']);
    expect(m.drain().sends).toEqual([{ type: 'ping', node: 'me', value: 1, history: ['me', 'h', 'g', 'f'] }]);
    expect(m.stats).toMatchObject({ stale: 1, reminders: 1, recoveries: 0 });
  });

  it("the last sender's fallback ping drops a missing oldest entry everywhere alike", () => {
    const m = started();
    deliver(m, 1, ping('a', ['b', 'c']));
    // a sends again a cycle later (c never sent): its history lost c.
    deliver(m, 14, ping('a', ['b']));
    expect(m.history).toEqual(['a', 'b']);
    // A copy soon after is only a duplicate.
    deliver(m, 14.2, ping('a', ['b']));
    expect(m.history).toEqual(['a', 'b']);
  });
});
