/**
 * The batched `ping` event (PROTOCOL §6, "PingEvent"): from the first
 * accepted ping, collect for `2 * gap`, then report the last one collected,
 * so that listeners see about one per cycle.
 *
 * @module
 */
import type { HistoryMessage, PingMessage } from '../messages';
import type { TimerTable } from './timers';

/** A chain message that can stand behind a `ping` event. */
export type ChainMessage = PingMessage | HistoryMessage;

/** The pings collected for the next `ping` event, with its timer `pingEvent`. */
export class PingEventBatch {
  private last: ChainMessage | undefined;

  constructor(private readonly timers: TimerTable) {}

  /** An accepted ping: report it (or a later one) `2 * gap` after the first of the batch. */
  collect(now: number, message: ChainMessage, gap: number): void {
    this.last = message;
    if (this.timers.get('pingEvent') === undefined) this.timers.set('pingEvent', now + 2 * gap);
  }

  /** The `pingEvent` timer fired: the message to report, and a new batch begins. */
  take(): ChainMessage | undefined {
    const last = this.last;
    this.last = undefined;
    this.timers.clear('pingEvent');
    return last;
  }
}
