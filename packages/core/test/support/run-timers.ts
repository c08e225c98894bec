import { ActorMachine, type ConfigInput, type Message, type ProtocolEvent } from '@asyncactor/core';
import { deliver } from './deliver';

/**
 * Fire every timer of `m` due by `until`, each at `now` when given and later
 * than its own time (a process that stalled), else at its own time; the
 * machine's own sends are delivered back to it at once, as every channel
 * does. A machine whose timers never move past `until` fails the test
 * instead of hanging it.
 */
export function runTimers(m: ActorMachine, until: number, now?: number): { sends: Message[]; events: ProtocolEvent[] } {
  const sends: Message[] = [];
  const events: ProtocolEvent[] = [];
  for (let at = m.deadline, fired = 0; at !== undefined && at <= until; at = m.deadline) {
    if (++fired > 10_000) throw new Error(`timers keep firing at ${at} s, before ${until} s`);
    const time = Math.max(at, now ?? at);
    m.tick(time);
    const out = m.drain();
    events.push(...out.events);
    for (const message of out.sends) {
      sends.push(message);
      deliver(m, time, message);
      events.push(...m.drain().events);
    }
  }
  return { sends, events };
}

/** A machine named `me` with `config`, started alone at 0: its init echoed, ready, value 1, its outputs drained. */
export function startedAlone(config: ConfigInput): ActorMachine {
  const m = new ActorMachine('me', { random: () => 0.5, config });
  m.start(0);
  deliver(m, 0, { type: 'init', node: 'me' });
  m.setReady();
  m.setValue(1);
  m.drain();
  return m;
}
