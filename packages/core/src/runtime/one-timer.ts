/**
 * The one clock timer an owner keeps on its next deadline: the actor on
 * its machine's, and in `@asyncactor/testing` the bus and the cluster on
 * their earliest due time.
 *
 * @module
 */
import type { Clock, MovableTimer } from './clock';

/**
 * One timer on `clock` that calls `fire` at the time last set. Setting the
 * time it already has changes nothing; any other time cancels the last one
 * and schedules anew: with the clock's own movable timer where it has one
 * ({@link Clock.timer}), else with `schedule` and cancel.
 */
export class OneTimer {
  #at: number | undefined;
  readonly #movable: MovableTimer;

  constructor(clock: Clock, fire: () => void) {
    const onTime = (): void => {
      this.#at = undefined;
      fire();
    };
    this.#movable = clock.timer?.(onTime) ?? scheduled(clock, onTime);
  }

  /** Fire at `at` (replacing any earlier time), or never when undefined. */
  set(at: number | undefined): void {
    if (at === this.#at) return;
    this.#at = at;
    this.#movable.set(at);
  }
}

/** A {@link MovableTimer} from a clock's `schedule` and cancel. */
function scheduled(clock: Clock, fire: () => void): MovableTimer {
  let cancel: (() => void) | undefined;
  return {
    set(at) {
      cancel?.();
      cancel = at === undefined ? undefined : clock.schedule(at, fire);
    },
  };
}
