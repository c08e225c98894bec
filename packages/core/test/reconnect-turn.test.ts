/**
 * Back on the channel after a loss: a node listens longer than the longest
 * gap between two pings of a working chain; if it hears nothing (the whole
 * group lost the channel, as when the broker restarts), its first ping
 * takes the turn. At start, and when a chain is heard, the rules are as
 * before: a first ping with an empty history takes no turn.
 */
import type { ProtocolEvent } from '@asyncactor/core';
import { deliver } from './support/deliver';
import { runTimers as run, startedAlone } from './support/run-timers';

const CONFIG = { cycle: 2, gap: 0.4 };


const tags = (events: readonly ProtocolEvent[]): number => events.filter((e) => e.type === 'tag').length;

describe('the first ping after the channel came back', () => {
  it('takes the turn when nothing was heard while listening', () => {
    const m = startedAlone(CONFIG);
    // Alone, it takes turns.
    expect(tags(run(m, 30).events)).toBeGreaterThan(0);
    m.channelDown();
    m.drain();
    m.channelUp(40);
    // Listening: cycle + gap * (2.5 + r/2) = 3.1 s, then the ping, then the turn a gap later.
    const { sends, events } = run(m, 43.1 + CONFIG.gap + 0.01);
    expect(sends.filter((s) => s.type === 'ping')).toHaveLength(1);
    expect(tags(events)).toBe(1);
  });

  it('takes no turn at start (the reference: a first ping only announces the node)', () => {
    const m = startedAlone(CONFIG);
    const { sends, events } = run(m, 3.1 + CONFIG.gap + 0.01);
    expect(sends.filter((s) => s.type === 'ping')).toHaveLength(1);
    expect(tags(events)).toBe(0);
  });

  it('follows a chain heard while listening, as a newcomer', () => {
    const m = startedAlone(CONFIG);
    run(m, 30);
    m.channelDown();
    m.drain();
    m.channelUp(40);
    deliver(m, 41, { type: 'ping', node: 'a', value: 5, history: ['a', 'b'] });
    expect(m.history).toEqual(['a', 'b']);
    // No ping of ours crosses a's chain at the end of the listening.
    expect(run(m, 43.1 + CONFIG.gap + 0.01).sends.filter((s) => s.type === 'ping')).toEqual([]);
  });
});
