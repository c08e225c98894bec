/**
 * A chain message that shares no entry with ours is a healed split only if
 * none of the members it names was heard lately: each member of a healthy
 * chain pings about once per `nodes` rounds, so "lately" is `nodes + 3`
 * cycles (at most 13). C = 10, G = 1.5, nodes = 5: 80 s.
 */
import { deliver } from './support/deliver';
import { ActorMachine, type PingMessage } from '@asyncactor/core';

function started(): ActorMachine {
  const m = new ActorMachine('me', { random: () => 0.5, config: { splits: 5 } });
  m.start(0);
  deliver(m, 0, { type: 'init', node: 'me' });
  m.setValue(1);
  m.setReady();
  m.drain();
  return m;
}

function ping(node: string, rest: string[]): PingMessage {
  return { type: 'ping', node, value: 1, history: [node, ...rest] };
}

/**
 * `me` follows [c, a, b, me], having heard d at 2 (d's ping crossed c's and
 * lost); then, `after` seconds after c's ping at 12, a ping arrives that
 * shares no entry with ours and names d.
 */
function recoveriesAfter(after: number): number {
  const m = started();
  deliver(m, 1, ping('a', ['b', 'me']));
  deliver(m, 2, ping('d', ['a', 'b', 'me']));
  deliver(m, 12, ping('c', ['a', 'b', 'me']));
  expect(m.history).toEqual(['c', 'a', 'b', 'me']);
  deliver(m, 12 + after, ping('x', ['d', 'y', 'z']));
  return m.stats.recoveries;
}

describe('fragments left by lost pings', () => {
  it('a member heard within nodes + 3 cycles: a fragment, no RecoverEvent (d heard 66 s before, past the five cycles of before)', () => {
    expect(recoveriesAfter(56)).toBe(0);
  });

  it('members unheard for longer: a healed split', () => {
    expect(recoveriesAfter(85)).toBe(1);
  });
});
