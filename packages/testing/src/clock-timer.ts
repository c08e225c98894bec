/**
 * The one clock timer the bus and the cluster each keep, on their earliest
 * due time.
 *
 * @module
 */
import type { Clock } from '@asyncactor/core';
import { VirtualClock, type MovableTimer } from './virtual-clock';

/**
 * One timer on `clock` that calls `fire` at the time last set. Setting the
 * time it already has changes nothing; any other time cancels the last one
 * and schedules anew. On a {@link VirtualClock} that reuses one event
 * ({@link VirtualClock.timer}), on another clock it is `schedule` and cancel.
 */
export class ClockTimer {
  #at: number | undefined;
  readonly #movable: MovableTimer;

  constructor(clock: Clock, fire: () => void) {
    const onTime = (): void => {
      this.#at = undefined;
      fire();
    };
    this.#movable = clock instanceof VirtualClock ? clock.timer(onTime) : scheduled(clock, onTime);
  }

  /** The time set, until the timer fires. */
  get at(): number | undefined {
    return this.#at;
  }

  /** Fire at `at` instead, or never (`undefined`). */
  set(at: number | undefined): void {
    if (at === this.#at) return;
    this.#at = at;
    this.#movable.set(at);
  }
}

/** A {@link MovableTimer} from any clock's `schedule` and cancel. */
function scheduled(clock: Clock, fire: () => void): MovableTimer {
  let cancel: (() => void) | undefined;
  return {
    set(at) {
      cancel?.();
      cancel = at === undefined ? undefined : clock.schedule(at, fire);
    },
  };
}
