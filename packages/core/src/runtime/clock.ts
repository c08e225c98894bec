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
}

/** The real clock: `performance.now()` and `setTimeout`. */
export const systemClock: Clock = Object.freeze({
  now: () => performance.now() / 1000,
  schedule(at: number, callback: () => void): () => void {
    const delay = Math.max(0, at * 1000 - performance.now());
    const timer = setTimeout(callback, Math.ceil(delay));
    return () => clearTimeout(timer);
  },
});
