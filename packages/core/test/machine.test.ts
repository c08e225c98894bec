/**
 * Every timing rule of PROTOCOL §6, pinned with literal numbers by driving
 * the machine with explicit times. C = 10, G = 1.5 (the defaults) unless a
 * test says otherwise.
 */
import { deliver } from './support/deliver';
import {
  ActorCollisionError,
  ActorMachine,
  ActorTimeoutError,
  encodeMessage,
  makeConfig,
  type MachineOptions,
  type Message,
  type PingMessage,
  type ProtocolEvent,
  type Value,
} from '@asyncactor/core';
import { findFork, PeerTimes, sendDelay, type SendTimeView } from '@asyncactor/core/internal';

/** A random source that returns `values` in order, then 0.5 forever. */
function scripted(...values: number[]): () => number {
  return () => values.shift() ?? 0.5;
}

function make(name = 'me', options: MachineOptions = {}): ActorMachine {
  return new ActorMachine(name, { random: scripted(), ...options });
}

/** Start at `now` and see our own init come back at once. */
function started(name = 'me', options: MachineOptions = {}, now = 0): ActorMachine {
  const m = make(name, options);
  m.start(now);
  deliver(m, now, { type: 'init', node: name });
  m.drain();
  return m;
}

function ping(node: string, rest: string[] = [], value: Value = 1): PingMessage {
  return { type: 'ping', node, value, history: [node, ...rest] };
}

/** The events of `events` other than the members view's (which members.test.ts covers). */
function withoutMembers(events: readonly ProtocolEvent[]): ProtocolEvent[] {
  return events.filter((event) => event.type !== 'members');
}

function run(m: ActorMachine, until: number): { sends: Message[]; events: ProtocolEvent[]; times: number[] } {
  const sends: Message[] = [];
  const events: ProtocolEvent[] = [];
  const times: number[] = [];
  for (;;) {
    const at = m.deadline;
    if (at === undefined || at > until) break;
    m.tick(at);
    const out = m.drain();
    for (const s of out.sends) {
      sends.push(s);
      times.push(at);
    }
    events.push(...out.events);
    // The channel delivers a node's own messages back (every transport must).
    for (const s of out.sends) if (s.type === 'ping' && s.node === m.name) deliver(m, at, s);
    events.push(...m.drain().events);
  }
  return { sends, events, times };
}

describe('start (§6 Start)', () => {
  it('sends init, then vers', () => {
    const m = make();
    m.start(0);
    expect(m.drain().sends.map((s) => s.type)).toEqual(['init', 'config']);
    expect(m.phase).toBe('starting');
  });

  it('times out at C + G*(1.5 + r/2) without its own init echo', () => {
    const m = make('me', { random: scripted(0.5) });
    m.start(100);
    expect(m.deadline).toBeCloseTo(112.625, 9);
    m.tick(112.62);
    expect(m.failure).toBeUndefined();
    m.tick(112.625);
    expect(m.failure).toBeInstanceOf(ActorTimeoutError);
    expect(m.phase).toBe('failed');
    expect(m.deadline).toBeUndefined();
  });

  it('fails with a collision error when its own init comes back twice', () => {
    const m = started();
    deliver(m, 1, { type: 'init', node: 'me' });
    expect(m.failure).toBeInstanceOf(ActorCollisionError);
    expect((m.failure as ActorCollisionError).node).toBe('me');
  });

  it('ignores the init of other nodes', () => {
    const m = started();
    deliver(m, 1, { type: 'init', node: 'other' });
    expect(m.failure).toBeUndefined();
    expect(m.drain()).toEqual({ sends: [], events: [] });
  });

  it('with no chain heard, listens C + G*(2.5 + r/2) before its first ping (not at once)', () => {
    const m = make('me', { random: scripted(0.5, 0.5) });
    m.start(0);
    deliver(m, 0.01, { type: 'init', node: 'me' });
    m.drain();
    expect(m.nextPingTime).toBeCloseTo(14.125, 9);
    const { sends, times } = run(m, 14.125);
    expect(sends).toEqual([{ type: 'ping', node: 'me', value: null, history: ['me'] }]);
    expect(times).toEqual([14.125]);
  });
});

describe('sending a ping, pending, tag and untag (§6 Sending a ping)', () => {
  it('a lone node: first ping not pending; next one at +C+2G, tagged G later for C - G/2', () => {
    const m = started('me', { random: scripted(0.5) });
    m.setValue(7);
    const out = run(m, 60);
    const pingTimes = out.times.filter((_, i) => out.sends[i]!.type === 'ping');
    expect(pingTimes.slice(0, 3)).toEqual([14.125, 27.125, 40.125]);
    expect(out.sends[0]).toEqual({ type: 'ping', node: 'me', value: 7, history: ['me'] });
    expect(withoutMembers(out.events).slice(0, 2)).toEqual([
      { type: 'tag', node: 'me', value: 7, until: 37.875, duration: 9.25 },
      { type: 'untag', reason: 'expired' },
    ]);
    // Tag at 27.125 + 1.5, untag at 28.625 + 9.25.
    const m2 = started('me', { random: scripted(0.5) });
    run(m2, 27.125);
    expect(m2.tagged).toBe(false);
    run(m2, 28.6249);
    expect(m2.tagged).toBe(false);
    run(m2, 28.625);
    expect(m2.tagged).toBe(true);
    run(m2, 37.8749);
    expect(m2.tagged).toBe(true);
    run(m2, 37.875);
    expect(m2.tagged).toBe(false);
  });

  it('sends only the first `splits` history entries, itself first, and records its value', () => {
    const m = started('me', { config: { splits: 2 } });
    deliver(m, 1, ping('a', ['b', 'c', 'd']));
    m.drain();
    m.setValue('v');
    const { sends } = run(m, 30);
    expect(sends[0]).toEqual({ type: 'ping', node: 'me', value: 'v', history: ['me', 'a'] });
    expect(m.valueOf('me')).toBe('v');
  });

  it('an accepted ping within G cancels the pending tag (no tag event)', () => {
    const m = started();
    deliver(m, 1, ping('a'));
    m.drain();
    const out = run(m, 13.625); // not on a short chain, r = 0.5: late slot 1 + 10 + 1.5*1.75
    expect(out.sends.map((s) => s.type)).toEqual(['ping']);
    deliver(m, 14, ping('b', ['me', 'a']));
    const rest = run(m, 16);
    expect(rest.events.filter((e) => e.type === 'tag')).toEqual([]);
    expect(m.tagged).toBe(false);
  });
});

describe('when to send (§6 When to send)', () => {
  it('empty history: C + G*(1.9 - r/5) after a ping was accepted', () => {
    // Python computes this only before a node's first ping; here, after a
    // passive node is enabled with nothing heard.
    const m = started('me', { enabled: false, random: scripted(0.5, 0.5, 0.25) });
    m.enable(3);
    expect(m.nextPingTime).toBeCloseTo(3 + 10 + 1.5 * (1.9 - 0.25 / 5), 9);
  });

  it('this node sent the last ping: C + 2G', () => {
    const m = started();
    deliver(m, 1, ping('a'));
    run(m, 13.625);
        expect(m.nextPingTime).toBeCloseTo(13.625 + 10 + 3, 9);
  });

  it('not ready and the first ready node in the back half: C + G*(2 + r/3)', () => {
    const m = started('me', { random: scripted(0.5, 0.5, 0.5, 0.5, 0.5, 0.3) });
    deliver(m, 1, ping('c', [], 1));
    deliver(m, 2, ping('b', ['c'], null));
    deliver(m, 3, ping('a', ['b', 'c'], null));
    expect(m.nextPingTime).toBeCloseTo(3 + 10 + 1.5 * (2 + 0.3 / 3), 9);
  });

  it('on the chain: the oldest sends first (0.5 of G), the next-oldest takes over 0.3 G later, the others a cycle later', () => {
    const next = (chain: string[]): number => {
      const m = started('me', { config: { splits: 5 } });
      m.setReady();
      deliver(m, 1, ping(chain[0]!, chain.slice(1)));
      return m.nextPingTime!;
    };
    expect(next(['a', 'b', 'c', 'd', 'me'])).toBeCloseTo(1 + 10 + 1.5 * 0.5, 9);
    // The next-oldest takes over in the same cycle if the oldest sent nothing.
    expect(next(['a', 'b', 'c', 'me', 'd'])).toBeCloseTo(1 + 10 + 1.5 * 0.8, 9);
    // The others wait a cycle more, after the slots two ordinary rounds take (1.5 G more).
    expect(next(['a', 'b', 'me', 'c', 'd'])).toBeCloseTo(1 + 20 + 1.5 * 2.5, 9);
    expect(next(['a', 'me', 'b', 'c', 'd'])).toBeCloseTo(1 + 20 + 1.5 * 2.75, 9);
    // The oldest of a shorter chain sends a little later (0.05 G per missing entry), well before 0.9375 G.
    expect(next(['a', 'b', 'me'])).toBeCloseTo(1 + 10 + 1.5 * 0.6, 9);
    expect(next(['a', 'me', 'b'])).toBeCloseTo(1 + 10 + 1.5 * 0.9, 9);
  });

  it('the last sender falls back a cycle later behind two or more entries; the next-oldest waits for the slot the oldest was seen in', () => {
    const view = (history: string[], slots: Record<string, number> = {}): SendTimeView => ({
      self: 'me', history, nodes: 5, ready: true, hasValue: () => true, knownNodes: 5, nHosts: 10, forceIn: false, leftOutCount: 0,
      random: () => 0.5, slotOf: (node) => slots[node],
    });
    expect(sendDelay(view(['me', 'a', 'b']))).toEqual({ cycles: 2, factor: 3, leftOut: false });
    expect(sendDelay(view(['me', 'a']))).toEqual({ cycles: 1, factor: 2, leftOut: false });
    // d was seen sending at 0.9 G as the oldest (a reference node sends at 0.875 G): take over 0.3 G after that.
    expect(sendDelay(view(['a', 'b', 'c', 'me', 'd'], { d: 0.9 })).factor).toBeCloseTo(1.2, 9);
    // Seen earlier than our own slot: our slot counts.
    expect(sendDelay(view(['a', 'b', 'c', 'me', 'd'], { d: 0.1 })).factor).toBeCloseTo(0.8, 9);
  });

  it('peer times: when each peer was last heard, and the slot it was seen sending in as the oldest (within a cycle and 2 gaps), bounded by name', () => {
    const config = makeConfig({});
    const peers = new PeerTimes(2);
    for (const node of ['a', 'b', 'c']) peers.heard(node, 5);
    expect(peers.heardAt('a')).toBe(-Infinity);
    peers.observeSlot('b', 10 + 1.5 * 0.9, config);
    peers.observeSlot('c', 10 + 1.5 * 2.5, config);
    peers.observeSlot('x', 10.75, config);
    expect(peers.slotOf('b')).toBeCloseTo(0.9, 9);
    expect([peers.slotOf('c'), peers.slotOf('x'), peers.heardAt('b')]).toEqual([undefined, undefined, 5]);
    peers.heard('b', 7);
    peers.heard('d', 8);
    expect([peers.heardAt('c'), peers.heardAt('b'), peers.slotOf('b')]).toEqual([-Infinity, 7, peers.slotOf('b')]);
  });

  it('a chain that shares no entry with ours but whose members were heard lately is a fragment of ours (a collision), not a healed split', () => {
    const m = started('me', { config: { splits: 5 } });
    m.setReady();
    m.setValue(1);
    deliver(m, 1, ping('a', ['b']));
    deliver(m, 12, ping('c', ['a', 'b']));
    // We miss d's and e's pings; a ping naming only nodes we heard lately arrives.
    deliver(m, 40, ping('x', ['a', 'b', 'q']));
    expect(m.drain().events.filter((e) => e.type === 'recover')).toEqual([]);
    expect(m.stats.recoveries).toBe(0);
    // After a long silence (a split), the same is a healed split.
    const n = started('me', { config: { splits: 5 } });
    n.setReady();
    n.setValue(1);
    deliver(n, 1, ping('a', ['b', 'me']));
    deliver(n, 100, ping('x', ['y', 'z']));
    expect(n.stats.recoveries).toBe(1);
  });

  it('on a chain of nodes = 10: the oldest at 0.5 G, the next-oldest at 0.8 G, the others in slots G*0.11875 apart a cycle and 1.5 G later', () => {
    const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'];
    const slotOf = (position: number): number => {
      const chain = names.slice(0, 10);
      chain[position] = 'me';
      const m = started('me', { config: { nodes: 10, splits: 10 } });
      m.setReady();
      deliver(m, 1, ping(chain[0]!, chain.slice(1)));
      return (m.nextPingTime! - 1) % 10 / 1.5;
    };
    expect(slotOf(9)).toBeCloseTo(0.5, 9);
    expect(slotOf(8)).toBeCloseTo(0.8, 9);
    expect(slotOf(7)).toBeCloseTo(2.2375, 9);
    expect(slotOf(1)).toBeCloseTo(2.95, 9);
  });

  it('a config adopted before the first ping sets the time of the first ping: a longer cycle, a longer wait', () => {
    const m = started('me');
    m.setReady();
    const first = m.nextPingTime!;
    expect(first).toBeCloseTo(10 + 1.5 * 2.75, 9);
    deliver(m, 0.2, { type: 'config', node: 'x', config: makeConfig({ version: 1, cycle: 20 }) });
    expect(m.nextPingTime).toBeCloseTo(20 + 1.5 * 2.75, 9);
    // Once a chain is heard, the chain's schedule rules.
    deliver(m, 5, ping('x', ['y']));
    deliver(m, 6, { type: 'config', node: 'x', config: makeConfig({ version: 2, cycle: 30 }) });
    expect(m.nextPingTime).toBeLessThan(5 + 20 + 1.5 * 2);
  });

  it('off a short chain: butts in with probability missing / (2 * (total - length))', () => {
    // nodes 5, chain of 1 → 4 places free; total = max(known 1, nHosts 10) = 10; p = 4/18.
    const early = started('me', { random: scripted(0.5, 0.5, 0.2222, 0.6) });
    deliver(early, 1, ping('a'));
    expect(early.nextPingTime).toBeCloseTo(1 + 10 + 1.5 * (0.6 / 3), 9);
    const late = started('me', { random: scripted(0.5, 0.5, 0.2223, 0.6) });
    deliver(late, 1, ping('a'));
    expect(late.nextPingTime).toBeCloseTo(1 + 10 + 1.5 * (1.5 + 0.6 / 2), 9);
  });

  it('off a full chain: f = total (1/100 with 10 hosts)', () => {
    const chain = ['a', 'b', 'c', 'd', 'e'];
    const at = (r: number): number => {
      const m = started('me', { random: scripted(0.5, 0.5, r, 0.9), config: { splits: 5 } });
      deliver(m, 1, ping('a', chain.slice(1)));
      return m.nextPingTime!;
    };
    expect(at(0.0099)).toBeCloseTo(1 + 10 + 1.5 * 0.3, 9);
    // The last resort waits a cycle more while the chain has members to send first.
    expect(at(0.0101)).toBeCloseTo(1 + 20 + 1.5 * 3.45, 9);
  });

  it('forceIn: tries hard to get on the chain', () => {
    const chain = ['a', 'b', 'c', 'd', 'e'];
    const m = started('me', { random: scripted(0.5, 0.5, 0.9, 0.4), config: { splits: 5, forceIn: true } });
    deliver(m, 1, ping('a', chain.slice(1)));
    // notOnCount 0: r 0.9 > (0 - 1)/10 → 0.5 + 0.4/2
    expect((m.nextPingTime! - 11) / 1.5).toBeCloseTo(0.7, 9);
  });
});

describe('receiving pings (§6 Receiving)', () => {
  it('ignores its own ping and a duplicate of the newest entry', () => {
    const m = started();
    deliver(m, 1, ping('a'));
    m.drain();
    const before = m.deadline;
    deliver(m, 2, ping('me', ['a']));
    deliver(m, 2, ping('a'));
    expect(m.deadline).toBe(before);
    expect(m.history).toEqual(['a']);
  });

  it('extends the chain, reschedules, and emits one PingEvent 2G after the first accepted ping', () => {
    const m = started();
    m.setValue(0);
    deliver(m, 1, ping('a', [], 'va'));
    deliver(m, 2, ping('b', ['a'], 'vb'));
    expect(m.history).toEqual(['b', 'a']);
    expect(m.drain().events).toEqual([]);
    m.tick(3.999);
    expect(withoutMembers(m.drain().events)).toEqual([]);
    m.tick(4);
    expect(withoutMembers(m.drain().events)).toEqual([{ type: 'ping', node: 'b', value: 'vb', takesTurn: true }]);
  });

  it('an extending ping ends our running tag with an untag: the next node has its turn', () => {
    const m = started();
    m.setValue(1);
    deliver(m, 1, ping('a'));
    run(m, 15.125);
    expect(m.tagged).toBe(true);
    m.drain();
    deliver(m, 16, ping('b', ['me', 'a']));
    expect(m.drain().events).toEqual([{ type: 'untag', reason: 'expired' }]);
    expect(m.tagged).toBe(false);
    expect(m.history).toEqual(['b', 'me', 'a']);
  });

  it('an extending hist changes nothing: only pings move the chain on', () => {
    const m = started();
    m.setValue(1);
    deliver(m, 1, ping('a'));
    const deadline = m.deadline;
    m.drain();
    deliver(m, 2, { type: 'history', value: 1, history: ['b', 'a'] });
    expect(m.history).toEqual(['a']);
    expect(m.deadline).toBe(deadline);
    expect(m.drain()).toEqual({ sends: [], events: [] });
  });

  it('emits GoodNode when not ready and the sender has a value', () => {
    const m = started();
    deliver(m, 1, ping('a', [], null));
    deliver(m, 2, ping('b', ['a'], 3));
    expect(m.drain().events).toEqual([{ type: 'goodNode', nodes: ['b'] }]);
  });

  it('a better ping with the same predecessor supersedes ours: detag, adopt, no recovery', () => {
    const m = started('me', { config: { cycle: 10 } });
    m.setValue(1);
    deliver(m, 1, ping('p', [], 1));
    run(m, 13.625); // our ping [me, p]
    run(m, 15.125); // tagged
    expect(m.tagged).toBe(true);
    deliver(m, 16, ping('a', ['p'], 5));
    const { events } = m.drain();
    expect(events).toEqual([{ type: 'detag', node: 'a' }]);
    expect(m.history).toEqual(['a', 'p']);
    expect(m.stats.collisions).toBe(1);
    expect(m.stats.recoveries).toBe(0);
  });

  it('a weaker colliding ping does not supersede ours', () => {
    const m = started();
    m.setValue(9);
    deliver(m, 1, ping('p'));
    run(m, 13.625);
    deliver(m, 13.7, ping('a', ['p'], 1));
    expect(m.history[0]).toBe('me');
    run(m, 15.125);
    expect(m.tagged).toBe(true);
  });

  it('a healed split: RecoverEvent, then one hist after G * min(pos, 3) (the reference: G*(1 - 2^-pos))', () => {
    const m = started();
    m.setValue(1);
    deliver(m, 1, ping('a', ['me', 'b'], 1));
    m.drain();
    deliver(m, 2, ping('x', ['y', 'z'], 5));
    const { events } = m.drain();
    expect(events).toEqual([
      { type: 'recover', priority: 1, replaced: true, localNodes: ['a', 'me', 'b'], remoteNodes: ['x', 'y', 'z'] },
    ]);
    expect(m.history).toEqual(['x', 'y', 'z']);
    expect(run(m, 3.49).sends).toEqual([]);
    const out = run(m, 3.5);
    expect(out.sends).toEqual([{ type: 'history', value: 1, history: ['a', 'me', 'b'] }]);
    expect(out.times).toEqual([3.5]);
  });

  it('a healed split seen by the newest node of its chain (position 0): RecoverEvent and its hist at once', () => {
    const m = started();
    m.setValue(1);
    deliver(m, 1, ping('a', [], 1));
    const own = run(m, 14);
    expect(own.sends).toEqual([{ type: 'ping', node: 'me', value: 1, history: ['me', 'a'] }]);
    deliver(m, 14.5, ping('x', ['y', 'z'], 5));
    const { sends, events } = m.drain();
    expect(events.filter((e) => e.type === 'recover')).toEqual([
      { type: 'recover', priority: 0, replaced: true, localNodes: ['me', 'a'], remoteNodes: ['x', 'y', 'z'] },
    ]);
    expect(sends.concat(run(m, 14.5).sends)).toEqual([{ type: 'history', value: 1, history: ['me', 'a'] }]);
  });

  it('the newest node of its chain whose own ping is a cycle old waits G/2: someone may have pinged after it, unheard', () => {
    const m = started();
    m.setValue(1);
    deliver(m, 1, ping('a', [], 1));
    const own = run(m, 14);
    const pingedAt = own.times[0]!;
    deliver(m, pingedAt + 10.2, ping('x', ['y', 'z'], 5));
    m.drain();
    expect(run(m, pingedAt + 10.2 + 0.74).sends).toEqual([]);
    const out = run(m, pingedAt + 10.2 + 0.75);
    expect(out.sends).toEqual([{ type: 'history', value: 1, history: ['me', 'a'] }]);
  });

  it('a node without a value (null) takes no part in a recovery: no RecoverEvent, no hist', () => {
    const m = started();
    deliver(m, 1, ping('a', ['me', 'b'], 1));
    m.drain();
    deliver(m, 2, ping('x', ['y', 'z'], 5));
    expect(m.drain().events.filter((e) => e.type === 'recover')).toEqual([]);
    expect(m.history).toEqual(['x', 'y', 'z']);
    expect(run(m, 10).sends.filter((s) => s.type === 'history')).toEqual([]);
  });

  it('does not re-announce when another node of its side did first (a hist of our old chain)', () => {
    const m = started();
    m.setValue(1);
    deliver(m, 1, ping('a', ['me', 'b'], 1));
    deliver(m, 2, ping('x', ['y', 'z'], 5));
    m.drain();
    deliver(m, 2.1, { type: 'history', value: 1, history: ['a', 'me', 'b'] });
    expect(run(m, 10).sends.filter((s) => s.type === 'history')).toEqual([]);
  });

  it('does not re-announce a chain it heads when another node of its side already did (seen before the rival ping reached it)', () => {
    // Real channels deliver unevenly: a node further back saw the rival ping
    // first and re-announced our chain, headed by us, before the rival ping
    // reached us. Its hist names us first, like an echo of our own message.
    const m = started();
    m.setValue(1);
    deliver(m, 1, ping('a', [], 1));
    run(m, 14);
    expect(m.history).toEqual(['me', 'a']);
    deliver(m, 14.2, { type: 'history', value: 1, history: ['me', 'a'] });
    deliver(m, 14.5, ping('x', ['y', 'z'], 5));
    expect(m.drain().events.map((e) => e.type)).toContain('recover');
    expect(run(m, 20).sends.filter((s) => s.type === 'history')).toEqual([]);
  });

  it('re-announces G per position further back, at most 3 G: a rival ping heard unevenly still gives one hist', () => {
    const at = (chain: string[]): number | undefined => {
      const m = started();
      m.setValue(1);
      deliver(m, 1, ping(chain[0]!, chain.slice(1), 1));
      m.drain();
      deliver(m, 2, ping('x', ['y'], 5));
      m.drain();
      const out = run(m, 20);
      return out.times[out.sends.findIndex((s) => s.type === 'history')];
    };
    expect(at(['a', 'me', 'b', 'c', 'd'])).toBe(2 + 1.5);
    expect(at(['a', 'b', 'me', 'c', 'd'])).toBe(2 + 3);
    expect(at(['a', 'b', 'c', 'me', 'd'])).toBe(2 + 4.5);
    expect(at(['a', 'b', 'c', 'd', 'me'])).toBe(2 + 4.5);
  });

  it('answers a hist with a RecoverEvent but no hist of its own', () => {
    const m = started();
    m.setValue(1);
    deliver(m, 1, ping('a', ['me', 'b'], 9));
    m.drain();
    deliver(m, 2, { type: 'history', value: 1, history: ['x', 'y'] });
    expect(m.drain().events.map((e) => e.type)).toEqual(['recover']);
    expect(run(m, 10).sends.filter((s) => s.type === 'history')).toEqual([]);
  });

  it('a joining node (one-entry history) causes no recovery', () => {
    const m = started();
    m.setValue(1);
    deliver(m, 1, ping('a', ['me', 'b'], 1));
    m.drain();
    deliver(m, 2, ping('newcomer', [], 5));
    expect(m.drain().events.filter((e) => e.type === 'recover')).toEqual([]);
  });

  it('fast-forwards over a ping it missed instead of treating it as a rival chain', () => {
    const m = started();
    deliver(m, 1, ping('a', ['b'], 9));
    // missed: c [c, a, b]; now d arrives naming c as predecessor
    deliver(m, 12, ping('d', ['c', 'a', 'b'], 1));
    expect(m.history).toEqual(['d', 'c', 'a', 'b']);
    expect(m.stats).toMatchObject({ fastForwards: 1, collisions: 0 });
  });

  it('ignores an old ping of its own chain arriving late', () => {
    const m = started();
    deliver(m, 1, ping('b', ['c']));
    deliver(m, 2, ping('a', ['b', 'c']));
    deliver(m, 3, ping('b', ['c']));
    expect(m.history).toEqual(['a', 'b', 'c']);
    expect(m.stats).toMatchObject({ stale: 1, collisions: 0 });
  });
});

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
    const m = started();
    deliver(m, 1, ping('a'));
    run(m, 15.125);
    expect(m.tagged).toBe(true);
    m.disable();
    expect(m.drain().events).toEqual([{ type: 'untag', reason: 'disabled' }]);
    expect(run(m, 100).sends).toEqual([]);
    m.enable(100);
    expect(run(m, 130).sends.map((s) => s.type)).toContain('ping');
  });

  it('channel loss ends the tag at once and sends nothing until the channel is back', () => {
    const m = started();
    deliver(m, 1, ping('a'));
    run(m, 15.125);
    m.channelDown();
    expect(m.drain().events).toEqual([{ type: 'untag', reason: 'disconnected' }]);
    expect(run(m, 60).sends).toEqual([]);
    m.channelUp(60);
    expect(m.history).toEqual([]);
    deliver(m, 61, ping('b', ['a']));
    expect(m.history).toEqual(['b', 'a']);
  });

  it('close ends the tag with an untag and nothing follows', () => {
    const m = started();
    deliver(m, 1, ping('a'));
    run(m, 15.125);
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
