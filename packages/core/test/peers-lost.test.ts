/**
 * The transport's hint that peers were lost (`peersLost`, Serf's
 * member-failed): for a rotation and a cycle, chain members send in the
 * cycle their ping is due, in chain order behind the next-oldest's
 * take-over, instead of a cycle later; it never delays a ping, and a node
 * that does not take part ignores it.
 */
import { deliver } from './support/deliver';
import { ActorMachine, type PingMessage } from '@asyncactor/core';

const CYCLE = 10;
const GAP = 1.5;

/** Started at 0 with value 1 and ready (random numbers 0.5), its own init seen. */
function started(name: string): ActorMachine {
  const m = new ActorMachine(name, { random: () => 0.5 });
  m.setValue(1);
  m.setReady();
  m.start(0);
  deliver(m, 0, { type: 'init', node: name });
  m.drain();
  return m;
}

const ping = (history: string[]): PingMessage => ({ type: 'ping', node: history[0]!, value: 1, history });

/** Fire the machine's timers up to `until`: when it sent its first ping, and that ping. */
function firstPing(m: ActorMachine, until = 200): { at: number; message: PingMessage } | undefined {
  for (let at = m.deadline; at !== undefined && at <= until; at = m.deadline) {
    m.tick(at);
    const message = m.drain().sends.find((sent): sent is PingMessage => sent.type === 'ping');
    if (message) return { at, message };
  }
  return undefined;
}

/** `me` following the chain [e0, e1, me, e3, e4] from a ping of e0 at 1 s: third-oldest of five. */
function thirdOldest(): ActorMachine {
  const m = started('me');
  deliver(m, 1, ping(['e0', 'e1', 'me', 'e3', 'e4']));
  m.drain();
  return m;
}

// The slots, in gaps after the cycle: e4 never seen sending as the oldest, so the next-oldest takes over at 0.875 + 0.3;
// behind it, 0.25 apart: me (third-oldest) at 1.425, e1 at 1.675, the last sender e0 at 1.925.
const TAKE_OVER = 0.875 + 0.3;

describe('peersLost', () => {
  it('the third-oldest sends in this cycle, a step behind the take-over, instead of a cycle later', () => {
    const told = thirdOldest();
    expect(firstPing(thirdOldest())!.at).toBeGreaterThan(1 + 2 * CYCLE);
    told.peersLost(3);
    const sent = firstPing(told)!;
    expect(sent.at).toBeCloseTo(1 + CYCLE + GAP * (TAKE_OVER + 0.25), 9);
    expect(sent.message.history[0]).toBe('me');
  });

  it('told after that slot passed, it sends the same distance after the earliest chain slot from now', () => {
    const m = thirdOldest();
    m.peersLost(14);
    expect(firstPing(m)!.at).toBeCloseTo(14 + GAP * (TAKE_OVER + 0.25 - 0.5), 9);
  });

  it('the oldest and the next-oldest keep their slots: the hint never moves a ping later or before the oldest', () => {
    for (const [history, slot] of [
      [['e0', 'e1', 'e2', 'e3', 'me'], 0.5],
      [['e0', 'e1', 'e2', 'me', 'e4'], TAKE_OVER],
    ] as const) {
      const m = started('me');
      deliver(m, 1, ping([...history]));
      m.drain();
      m.peersLost(3);
      expect(firstPing(m)!.at).toBeCloseTo(1 + CYCLE + GAP * slot, 9);
    }
  });

  it('lasts a rotation and a cycle: pings accepted within it are hurried too, after it no more', () => {
    // Fourth-oldest from 1 s; told at 3; at `at`, e6 extends the chain to [e6, e0, me, e3, e4]: third-oldest.
    const extendedAt = (at: number): number => {
      const m = started('me');
      deliver(m, 1, ping(['e0', 'me', 'e3', 'e4', 'e5']));
      m.drain();
      m.peersLost(3);
      deliver(m, at, ping(['e6', 'e0', 'me', 'e3', 'e4']));
      m.drain();
      return firstPing(m, at + 40)!.at - at;
    };
    expect(extendedAt(12)).toBeCloseTo(CYCLE + GAP * (TAKE_OVER + 0.25), 9);
    // The window: (nodes 5 + 1) × (cycle + 2.5 gap) = 82.5 s from the hint at 3.
    expect(extendedAt(3 + 82.5 + 1)).toBeGreaterThan(2 * CYCLE);
  });

  it('off the chain, the last resort comes in this cycle, after every hurried chain slot', () => {
    const m = started('me');
    deliver(m, 1, ping(['e0', 'e1', 'e2', 'e3', 'e4']));
    m.drain();
    m.peersLost(3);
    // After e0's hurried slot (1.925) or 2.0, whichever is later, plus random/4.
    expect(firstPing(m)!.at).toBeCloseTo(1 + CYCLE + GAP * (Math.max(2, TAKE_OVER + 3 * 0.25) + 0.5 / 4), 9);
  });

  it('changes nothing while passive, before a chain was heard, or without the channel', () => {
    const passive = thirdOldest();
    passive.disable();
    const fresh = started('me');
    const down = thirdOldest();
    down.channelDown();
    const sends = (m: ActorMachine, told: boolean): number | undefined => {
      if (told) m.peersLost(3);
      return firstPing(m, 60)?.at;
    };
    expect(sends(passive, true)).toBeUndefined();
    expect(sends(down, true)).toBeUndefined();
    expect(sends(fresh, true)).toBe(sends(started('me'), false));
  });
});
