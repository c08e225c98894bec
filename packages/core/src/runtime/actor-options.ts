/**
 * The options of an `Actor`, and the counters it adds to the
 * machine's.
 *
 * @module
 */
import type { MachineOptions } from '../protocol/options';
import type { MachineStats } from '../stats';
import type { Clock } from './clock';
import type { Logger } from './logger';

/** Options of `Actor.create` and `Actor.start`. */
export interface ActorOptions extends Omit<MachineOptions, 'config'> {
  /** The clock to run on. Default: the real one. */
  readonly clock?: Clock;
  /** Aborting closes the actor (or makes `start` reject). */
  readonly signal?: AbortSignal;
  /**
   * Most events buffered per async iterator for a slow consumer; beyond
   * that the oldest are dropped and counted in `stats.eventsOverflowed`.
   * Default 1024.
   */
  readonly maxBufferedEvents?: number;
  /**
   * Where to log what this node decides (`console`, a pino logger: see
   * {@link Logger}). Default: silent, except that an `error` event no
   * listener takes goes to `console.error`.
   */
  readonly logger?: Logger;
}

/** The machine's counters plus the runtime's own. */
export interface ActorStats extends MachineStats {
  /** Sends the transport rejected. */
  readonly sendErrors: number;
  /** Events dropped because an async iterator's consumer fell behind. */
  readonly eventsOverflowed: number;
  /** Transport events that broke the contract (a `message` without a `Uint8Array` payload, an unknown type), dropped. */
  readonly transportEventsDropped: number;
}
