/**
 * The batched `ping` event (PROTOCOL §6, "PingEvent"): from the first
 * accepted ping, collect for `2 * gap`, then report the last one collected,
 * so that listeners see about one per cycle.
 *
 * @module
 */
import type { PingEvent } from '../events';
import type { HistoryMessage, PingMessage } from '../messages';
import type { TimerTable } from './timers';

/** A chain message that can stand behind a `ping` event. */
export type ChainMessage = PingMessage | HistoryMessage;

/** The pings collected for the next `ping` event, with its timer `pingEvent`. */
export class PingEventBatch {
  #last: ChainMessage | undefined;
  #lastTakesTurn = false;

  readonly #timers: TimerTable;

  constructor(timers: TimerTable) {

    this.#timers = timers;

  }

  /**
   * An accepted ping: report it (or a later one) `2 * gap` after the first of
   * the batch. `takesTurn` says whether its sender takes the turn with it.
   */
  collect(now: number, message: ChainMessage, gap: number, takesTurn: boolean): void {
    this.#last = message;
    this.#lastTakesTurn = takesTurn;
    if (this.#timers.get('pingEvent') === undefined) this.#timers.set('pingEvent', now + 2 * gap);
  }

  /** The `pingEvent` timer fired: the event to emit, and a new batch begins. */
  take(): PingEvent | undefined {
    const last = this.#last;
    this.#last = undefined;
    this.#timers.clear('pingEvent');
    return last && { type: 'ping', node: last.history[0]!, value: last.value, takesTurn: this.#lastTakesTurn };
  }
}
