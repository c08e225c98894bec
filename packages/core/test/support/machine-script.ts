/**
 * Driving one machine by hand for the timing tests of PROTOCOL §6: a
 * scripted random source, a started machine, pings, and a run of its
 * timers up to a time with its own pings echoed.
 */
import { ActorMachine, type MachineOptions, type Message, type PingMessage, type ProtocolEvent, type Value } from '@asyncactor/core';
import { deliver } from './deliver';

/** A random source that returns `values` in order, then 0.5 forever. */
export function scripted(...values: number[]): () => number {
  return () => values.shift() ?? 0.5;
}

export function make(name = 'me', options: MachineOptions = {}): ActorMachine {
  return new ActorMachine(name, { random: scripted(), ...options });
}

/** Start at `now` and see our own init come back at once. */
export function started(name = 'me', options: MachineOptions = {}, now = 0): ActorMachine {
  const m = make(name, options);
  m.start(now);
  deliver(m, now, { type: 'init', node: name });
  m.drain();
  return m;
}

export function ping(node: string, rest: string[] = [], value: Value = 1): PingMessage {
  return { type: 'ping', node, value, history: [node, ...rest] };
}

/** The events of `events` other than the members view's (which members.test.ts covers). */
export function withoutMembers(events: readonly ProtocolEvent[]): ProtocolEvent[] {
  return events.filter((event) => event.type !== 'members');
}

export function run(m: ActorMachine, until: number): { sends: Message[]; events: ProtocolEvent[]; times: number[] } {
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
