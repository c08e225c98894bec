/**
 * The one clock timer an actor keeps, on its machine's next deadline.
 *
 * @module
 */
import type { Clock } from './clock';

/** One timer on `clock` that calls `fire` at the time last set. */
export class OneTimer {
  #cancel: (() => void) | undefined;
  #at: number | undefined;

  readonly #clock: Clock;
  readonly #fire: () => void;

  constructor(clock: Clock, fire: () => void) {
    this.#clock = clock;
    this.#fire = fire;
  }

  /** Fire at `at` (replacing any earlier time), or never when undefined. */
  set(at: number | undefined): void {
    if (at === this.#at) return;
    this.#cancel?.();
    this.#cancel = undefined;
    this.#at = at;
    if (at !== undefined) {
      this.#cancel = this.#clock.schedule(at, () => {
        this.#cancel = undefined;
        this.#at = undefined;
        this.#fire();
      });
    }
  }
}
