/**
 * The timing rules of PROTOCOL §6 for starting and sending, pinned with
 * literal numbers by driving the machine with explicit times. C = 10,
 * G = 1.5 (the defaults) unless a test says otherwise.
 */
import { deliver } from './support/deliver';
import { make, ping, run, scripted, started, withoutMembers } from './support/machine-script';
import { ActorCollisionError, ActorTimeoutError, makeConfig } from '@asyncactor/core';
import { chainSlot, PeerTimes, SECOND_CYCLE_FALLBACK, SECOND_CYCLE_SHIFT, sendDelay, type SendTimeView } from '@asyncactor/core/internal';

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

  it('on the chain: the oldest sends first (0.5 of G), the next-oldest takes over 0.3 G after its slot, the others a cycle later', () => {
    const next = (chain: string[]): number => {
      const m = started('me', { config: { splits: 5 } });
      m.setReady();
      deliver(m, 1, ping(chain[0]!, chain.slice(1)));
      return m.nextPingTime!;
    };
    expect(next(['a', 'b', 'c', 'd', 'me'])).toBeCloseTo(1 + 10 + 1.5 * 0.5, 9);
    // The next-oldest takes over in the same cycle if the oldest sent nothing: 0.3 G after the
    // slot of an oldest never seen sending as the oldest, taken as a reference node's (0.875 G).
    expect(next(['a', 'b', 'c', 'me', 'd'])).toBeCloseTo(1 + 10 + 1.5 * (0.875 + 0.3), 9);
    // The others wait a cycle more, after the slots two ordinary rounds take (1.5 G more).
    expect(next(['a', 'b', 'me', 'c', 'd'])).toBeCloseTo(1 + 20 + 1.5 * 2.5, 9);
    expect(next(['a', 'me', 'b', 'c', 'd'])).toBeCloseTo(1 + 20 + 1.5 * 2.75, 9);
    // The oldest of a shorter chain sends a little later (0.05 G per missing entry), well before 0.9375 G.
    expect(next(['a', 'b', 'me'])).toBeCloseTo(1 + 10 + 1.5 * 0.6, 9);
    expect(next(['a', 'me', 'b'])).toBeCloseTo(1 + 10 + 1.5 * (0.875 + 0.3), 9);
  });

  it('the next-oldest takes over 0.3 G after the slot the oldest was seen sending in as the oldest, of a chain of two too', () => {
    const m = started('me', { config: { splits: 5 } });
    m.setReady();
    deliver(m, 1, ping('d', ['me']));
    // me sends as the oldest of [d, me], then d as the oldest of [me, d], 0.5 G after: seen.
    const first = run(m, 20).times[0]!;
    deliver(m, first + 10 + 1.5 * 0.5, ping('d', ['me']));
    const second = run(m, first + 25).times[0]!;
    expect(m.history).toEqual(['me', 'd']);
    // a joins: d is the oldest of [a, me, d], me the next-oldest, and d's slot (0.5 G) is before
    // me's own (0.6 G on this chain of three): take over 0.3 G after that, not after 0.875 G.
    deliver(m, second + 1, ping('a', ['me', 'd']));
    expect(m.history).toEqual(['a', 'me', 'd']);
    expect(m.nextPingTime).toBeCloseTo(second + 1 + 10 + 1.5 * 0.9, 9);
  });

  it('the last sender falls back a cycle later behind two or more entries; the next-oldest waits for the slot the oldest was seen in', () => {
    const view = (history: string[], slots: Record<string, number> = {}): SendTimeView => ({
      self: 'me', history, nodes: 5, ready: true, hasValue: () => true, knownNodes: 5, nHosts: 10, forceIn: false, leftOutCount: 0,
      random: () => 0.5, slotOf: (node) => slots[node],
    });
    expect(sendDelay(view(['me', 'a', 'b']))).toEqual({ cycles: 2, factor: 3.45, leftOut: false });
    // Half a gap after the latest chain slot of that cycle (position 1, sent a delivery after hearing our ping), so that its ping comes first.
    for (const nodes of [3, 5, 10, 50]) expect(SECOND_CYCLE_FALLBACK - (chainSlot(1, nodes - 1) + SECOND_CYCLE_SHIFT)).toBeGreaterThanOrEqual(0.5 - 1e-9);
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

  it('on a chain of nodes = 10: the oldest at 0.5 G, the next-oldest 0.3 G after an unseen oldest\'s 0.875 G, the others in slots G*0.11875 apart a cycle and 1.5 G later', () => {
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
    expect(slotOf(8)).toBeCloseTo(1.175, 9);
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
    expect(at(0.0101)).toBeCloseTo(1 + 20 + 1.5 * 3.9, 9);
  });

  it('forceIn: tries hard to get on the chain', () => {
    const chain = ['a', 'b', 'c', 'd', 'e'];
    const m = started('me', { random: scripted(0.5, 0.5, 0.9, 0.4), config: { splits: 5, forceIn: true } });
    deliver(m, 1, ping('a', chain.slice(1)));
    // notOnCount 0: r 0.9 > (0 - 1)/10 → 0.5 + 0.4/2
    expect((m.nextPingTime! - 11) / 1.5).toBeCloseTo(0.7, 9);
  });
});
