/**
 * Late timers (issue 15, liveness row 2): a process stalled (SIGSTOP, a
 * long GC pause) wakes with its deadlines long past. Overdue timers fire
 * in order at the real time: a turn already over is not tagged (counted in
 * `stats.lateTurns`), and a ping slot missed by more than a gap is
 * rescheduled rather than sent stale.
 */
import type { ActorMachine } from '@asyncactor/core';
import { runTimers as run, startedAlone } from './support/run-timers';

const CONFIG = { cycle: 2, gap: 0.4 };

/** A lone node running until `phase` holds: it pings every cycle + 2 gaps and takes the turn a gap after each ping. */
function loneNodeUntil(phase: (m: ActorMachine) => boolean): { m: ActorMachine; now: number } {
  const m = startedAlone(CONFIG);
  for (let step = 0; step < 1000; step++) {
    const at = m.deadline!;
    run(m, at);
    if (phase(m)) return { m, now: at };
  }
  throw new Error('phase never reached');
}

describe('a node that wakes from a stall with its timers overdue', () => {
  it('stalled while its turn was pending: no tag for a turn that is already over, counted in lateTurns', () => {
    // Stop right after a ping that makes our turn pending (a ping after the first one).
    let pings = 0;
    const { m, now } = loneNodeUntil((machine) => {
      const sent = machine.stats.sent.ping > pings;
      pings = machine.stats.sent.ping;
      return sent && pings >= 2;
    });
    expect(m.tagged).toBe(false);
    const woken = now + 2 * CONFIG.cycle;
    const { sends, events } = run(m, woken, woken);
    expect(events.filter((e) => e.type === 'tag')).toEqual([]);
    expect(m.stats.lateTurns).toBe(1);
    // The ping slot missed meanwhile is rescheduled, not sent stale.
    expect(sends.filter((s) => s.type === 'ping')).toEqual([]);
  });

  it('stalled while tagged: the turn ends (untag), no spurious tag follows and no stale ping goes out', () => {
    const { m, now } = loneNodeUntil((machine) => machine.tagged);
    const woken = now + 2 * CONFIG.cycle;
    const { sends, events } = run(m, woken, woken);
    expect(events.filter((e) => e.type === 'untag' || e.type === 'tag').map((e) => e.type)).toEqual(['untag']);
    expect(sends.filter((s) => s.type === 'ping')).toEqual([]);
    // And it goes on: its next ping and turn come at their times.
    const later = run(m, woken + 2 * (CONFIG.cycle + 2 * CONFIG.gap) + CONFIG.gap);
    expect(later.events.filter((e) => e.type === 'tag').length).toBeGreaterThan(0);
  });
});
