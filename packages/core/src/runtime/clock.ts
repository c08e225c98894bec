/**
 * Time, as the {@link Actor} runtime sees it. The protocol machine itself
 * never reads a clock: the runtime passes `now` into it. Swapping this for a
 * virtual clock (see `@asyncactor/testing`) runs the real runtime in
 * simulated time.
 *
 * @module
 */

/** A monotonic clock in seconds, with one-shot timers. */
export interface Clock {
  /** The current time in seconds. Only differences matter; it never goes back. */
  now(): number;
  /**
   * Call `callback` once when the time reaches `at` (seconds, on this clock).
   * Returns a function that cancels the call if it has not happened yet.
   * A pending timer must not keep the process alive on its own account
   * beyond what the owner of the clock wants (see {@link systemClock}).
   */
  schedule(at: number, callback: () => void): () => void;
  /**
   * Optional: one timer for `callback` to move again and again. Its `set(at)`
   * must act as cancelling the last call and `schedule(at, callback)`, in the
   * same order among calls due at the same time; a clock provides it when it
   * can do that without allocating (the virtual clock of
   * `@asyncactor/testing` does). Without it, timers use `schedule`.
   */
  timer?(callback: () => void): MovableTimer;
}

/** A timer of {@link Clock.timer}. */
export interface MovableTimer {
  /** Fire at `at` (or now, if `at` is past) instead of any time set before; `undefined` cancels. */
  set(at: number | undefined): void;
}

/** The longest delay setTimeout honours, in milliseconds. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** The real clock: `performance.now()` and `setTimeout` (longer waits are chained, never fired early). */
export const systemClock: Clock = Object.freeze({
  now: () => performance.now() / 1000,
  schedule(at: number, callback: () => void): () => void {
    let timer: ReturnType<typeof setTimeout>;
    // setTimeout fires at once for delays beyond 2^31 - 1 ms: wait in steps instead.
    const wait = (): void => {
      const delay = Math.max(0, Math.ceil(at * 1000 - performance.now()));
      timer = delay > MAX_TIMEOUT_MS ? setTimeout(wait, MAX_TIMEOUT_MS) : setTimeout(callback, delay);
    };
    wait();
    return () => clearTimeout(timer);
  },
});

