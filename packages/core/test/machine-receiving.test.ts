/**
 * The rules of PROTOCOL §6 for receiving pings and `hist`s (chains
 * extended, superseded, crossed, healed), pinned with literal numbers by
 * driving the machine with explicit times. C = 10, G = 1.5 (the defaults).
 */
import { deliver } from './support/deliver';
import { ping, run, started, withoutMembers } from './support/machine-script';

describe('receiving pings (§6 Receiving)', () => {
  it('a chain that shares no entry with ours, from a sender heard lately, is a fragment of ours, not a healed split', () => {
    /** `me` on a, b's chain; x extends it at `xAt`, c after it; at 130 x pings on a chain of nodes `me` never heard. */
    const recoveriesWhenXLastHeardAt = (xAt: number): number => {
      const m = started('me', { config: { splits: 5 } });
      m.setReady();
      m.setValue(1);
      deliver(m, 1, ping('a', ['b', 'me']));
      deliver(m, xAt, ping('x', ['a', 'b', 'me']));
      deliver(m, xAt + 10, ping('c', ['x', 'a', 'b']));
      deliver(m, 130, ping('x', ['y', 'z']));
      return m.stats.recoveries;
    };
    // x was heard 50 s before: the pings of y and z were lost to us (a lossy channel does that).
    expect(recoveriesWhenXLastHeardAt(80)).toBe(0);
    // x unheard for as long as y and z (a split): a healed split.
    expect(recoveriesWhenXLastHeardAt(20)).toBe(1);
  });

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

  it('answers a rival hist with a RecoverEvent and, once, a hist of its own chain (the other side may not have seen it)', () => {
    const m = started();
    m.setValue(1);
    deliver(m, 1, ping('a', ['me', 'b'], 9));
    m.drain();
    deliver(m, 2, { type: 'history', value: 1, history: ['x', 'y'] });
    expect(m.drain().events.map((e) => e.type)).toEqual(['recover']);
    // Position 1 of [a, me, b]: one gap later. The other side's second hist of the heal gets no second answer.
    deliver(m, 2.5, { type: 'history', value: 1, history: ['y', 'x'] });
    expect(run(m, 10).sends.filter((s) => s.type === 'history')).toEqual([{ type: 'history', value: 9, history: ['a', 'me', 'b'] }]);
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
