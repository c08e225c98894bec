/**
 * Two pings that name each other second, crossed in flight (`[me, p]` and
 * `[p, me]`): the collision rule picks the chain on every node that heard
 * both, and neither sender takes the turn. C = 10, G = 1.5 (the defaults).
 */
import { deliver } from './support/deliver';
import { ping, run, started } from './support/machine-script';
import type { ActorMachine } from '@asyncactor/core';

/** `me` (value `ours`) hears p at 1 and pings `[me, p]` at 13.625; pending until 15.125. */
function pinged(ours: number): ActorMachine {
  const m = started('me', { config: { cycle: 10 } });
  m.setValue(ours);
  deliver(m, 1, ping('p', [], 1));
  const { sends } = run(m, 13.625);
  expect(sends).toEqual([{ type: 'ping', node: 'me', value: ours, history: ['me', 'p'] }]);
  return m;
}

describe('a ping that names us second crossed ours, which named its sender second', () => {
  /** `me` with value `ours` pinged `[me, p]`; p's `[p, me]` (value 5) crossed it: what `me` follows, and what it did until 16. */
  const crossed = (ours: number): { history: readonly string[]; tagged: boolean; sends: number; tags: number; collisions: number } => {
    const m = pinged(ours);
    deliver(m, 13.7, ping('p', ['me'], 5));
    const history = m.history.slice();
    const { sends, events } = run(m, 16);
    return { history, tagged: m.tagged, sends: sends.length, tags: events.filter((e) => e.type === 'tag').length, collisions: m.stats.collisions };
  };

  it('theirs wins: we follow it, and take no turn', () => {
    expect(crossed(1)).toEqual({ history: ['p', 'me'], tagged: false, sends: 0, tags: 0, collisions: 1 });
  });

  it('ours wins: we keep our chain, and give our turn up all the same (its sender may not have heard ours)', () => {
    // No reminder either: p, if it heard ours, follows it; if it did not, p takes its turn and must keep it.
    expect(crossed(9)).toEqual({ history: ['me', 'p'], tagged: false, sends: 0, tags: 0, collisions: 1 });
  });

  it('a gap or more after ours it is the next ping, as before: it ends our tag and we follow it', () => {
    const m = pinged(9);
    run(m, 15.2);
    expect(m.tagged).toBe(true);
    m.drain();
    deliver(m, 15.2, ping('p', ['me'], 5));
    expect(m.drain().events).toEqual([{ type: 'untag', reason: 'expired' }]);
    expect(m.history).toEqual(['p', 'me']);
    expect(m.stats.collisions).toBe(0);
  });

  it('a node that heard both follows the same chain whichever came first', () => {
    const followed = (order: 'a first' | 'b first'): readonly string[] => {
      const m = started('me', { config: { cycle: 10 } });
      m.setValue(1);
      const fromA = ping('a', ['b', 'x'], 7);
      const fromB = ping('b', ['a', 'x'], 3);
      // Sent in the same moment, each on the other's ping: a wins on its value.
      const [first, second] = order === 'a first' ? [fromA, fromB] : [fromB, fromA];
      deliver(m, 1, first);
      deliver(m, 1.2, second);
      return m.history;
    };
    expect(followed('a first')).toEqual(['a', 'b', 'x']);
    expect(followed('b first')).toEqual(['a', 'b', 'x']);
  });
});
