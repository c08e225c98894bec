/**
 * Virtual time: a {@link Clock} whose time moves only when told, jumping
 * from one scheduled event to the next. Events at the same time run in the
 * order they were scheduled, so a run is deterministic.
 *
 * @module
 */
import type { Clock, MovableTimer } from '@asyncactor/core';
import { IndexedHeap, type HeapEntry } from './indexed-heap';

/** A scheduled event; cancelling it takes it out of the heap. */
interface Entry extends HeapEntry {
  readonly callback: () => void;
}

/** A deterministic clock and event scheduler. */
export class VirtualClock implements Clock {
  private time: number;
  private readonly scheduled = new IndexedHeap<Entry>();

  constructor(start = 0) {
    this.time = start;
  }

  /** The current virtual time in seconds. */
  now(): number {
    return this.time;
  }

  /** Run `callback` at time `at` (or now, if `at` is past). Returns a cancel function. */
  schedule(at: number, callback: () => void): () => void {
    const entry: Entry = { callback, dueAt: 0, dueOrder: 0, heapIndex: -1 };
    this.scheduled.set(entry, Math.max(at, this.time));
    return () => this.scheduled.remove(entry);
  }

  /**
   * One timer to move again and again: `set(at)` is `schedule(at)` after
   * cancelling the last one, with the same order among events due at the
   * same time, but it reuses one heap entry instead of allocating an event
   * and a cancel function each time (a simulator moves its timers with
   * every message).
   */
  timer(callback: () => void): MovableTimer {
    const entry: Entry = { callback, dueAt: 0, dueOrder: 0, heapIndex: -1 };
    return {
      set: (at) => {
        this.scheduled.remove(entry);
        if (at !== undefined) this.scheduled.set(entry, Math.max(at, this.time));
      },
    };
  }

  /** Events scheduled and not yet run or cancelled. */
  get pending(): number {
    return this.scheduled.size;
  }

  /** The time of the next event, if any. */
  get nextAt(): number | undefined {
    return this.scheduled.peek()?.dueAt;
  }

  /** Run the next event. False if there is none. */
  step(): boolean {
    const entry = this.scheduled.pop();
    if (!entry) return false;
    this.time = entry.dueAt;
    entry.callback();
    return true;
  }

  /**
   * Run every event up to and including `until`, then set the time to `until`.
   *
   * @throws {RangeError} if `until` is NaN (it would run every event forever).
   */
  runUntil(until: number): void {
    checkTime(until, 'runUntil');
    for (;;) {
      const next = this.nextAt;
      if (next === undefined || next > until) break;
      this.step();
    }
    if (until > this.time) this.time = until;
  }

  /**
   * Run for `seconds` of virtual time.
   *
   * @throws {RangeError} if `seconds` is NaN.
   */
  runFor(seconds: number): void {
    checkTime(seconds, 'runFor');
    this.runUntil(this.time + seconds);
  }

  /**
   * Like {@link runFor}, for code that awaits between timers (the `Actor`
   * runtime, an application): after every event, pending promise callbacks
   * and I/O callbacks run before the next event.
   *
   * @throws {RangeError} if `seconds` is NaN (it would run every event forever).
   */
  async advance(seconds: number): Promise<void> {
    checkTime(seconds, 'advance');
    const until = this.time + seconds;
    for (;;) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      const next = this.nextAt;
      if (next === undefined || next > until) break;
      this.step();
    }
    if (until > this.time) this.time = until;
  }
}

/** A time that compares false with everything would let the loops above run every event forever. */
function checkTime(value: number, method: string): void {
  if (typeof value !== 'number' || Number.isNaN(value)) throw new RangeError(`VirtualClock.${method}: expected a number of seconds, got ${String(value)}`);
}
