/**
 * What the machine produced since the caller last looked: messages to send
 * and events to emit, taken together by `drain()`.
 *
 * @module
 */
import type { ProtocolEvent } from '../events';
import type { Message } from '../messages';
import type { MutableStats } from '../stats';

/** What `drain()` returns when nothing was produced: most inputs produce nothing, and this costs no allocation. */
const NOTHING: MachineOutput = Object.freeze({ sends: Object.freeze([]), events: Object.freeze([]) });

/** The outputs of a machine, in the order they were produced. */
export interface MachineOutput {
  /** Messages to hand to the transport, in order. */
  readonly sends: readonly Message[];
  /** Events for the application, in order. */
  readonly events: readonly ProtocolEvent[];
}

/** The machine's output buffer. While the channel is down nothing is queued to go out late. */
export class Outbox {
  #sends: Message[] = [];
  #events: ProtocolEvent[] = [];
  /** False while the channel is down. */
  channelUp = true;

  readonly #counters: MutableStats;

  /** @param counters where each message handed out is counted, by kind */
  constructor(counters: MutableStats) {
    this.#counters = counters;
  }

  /** Queue `message` for sending (dropped while the channel is down). */
  send(message: Message): void {
    if (!this.channelUp) return;
    this.#counters.sent[message.type]++;
    this.#sends.push(message);
  }

  /** Queue `event` for the application. */
  emit(event: ProtocolEvent): void {
    this.#events.push(event);
  }

  /** Everything queued since the last call. */
  drain(): MachineOutput {
    if (this.#sends.length === 0 && this.#events.length === 0) return NOTHING;
    const out = { sends: this.#sends, events: this.#events };
    this.#sends = [];
    this.#events = [];
    return out;
  }

  /** How many outputs wait to be drained. */
  get size(): number {
    return this.#sends.length + this.#events.length;
  }
}
