/**
 * Virtual time: a {@link Clock} whose time moves only when told, jumping
 * from one scheduled event to the next. Events at the same time run in the
 * order they were scheduled, so a run is deterministic.
 *
 * @module
 */
import type { Clock } from '@asyncactor/core';
import { TimeHeap, type Timed } from './heap';

interface Entry extends Timed {
  callback: (() => void) | undefined;
}

/** A deterministic clock and event scheduler. */
export class VirtualClock implements Clock {
  private time: number;
  private readonly heap = new TimeHeap<Entry>();
  private live = 0;

  constructor(start = 0) {
    this.time = start;
  }

  /** The current virtual time in seconds. */
  now(): number {
    return this.time;
  }

  /** Run `callback` at time `at` (or now, if `at` is past). Returns a cancel function. */
  schedule(at: number, callback: () => void): () => void {
    const entry: Entry = { at: Math.max(at, this.time), callback };
    this.heap.push(entry);
    this.live++;
    return () => {
      if (entry.callback) {
        entry.callback = undefined;
        this.live--;
      }
    };
  }

  /** Events scheduled and not yet run or cancelled. */
  get pending(): number {
    return this.live;
  }

  /** The time of the next event, if any. */
  get nextAt(): number | undefined {
    this.dropCancelled();
    return this.heap.peek()?.at;
  }

  /** Run the next event. False if there is none. */
  step(): boolean {
    this.dropCancelled();
    const entry = this.heap.pop();
    if (!entry) return false;
    this.time = entry.at;
    const callback = entry.callback!;
    entry.callback = undefined;
    this.live--;
    callback();
    return true;
  }

  /** Run every event up to and including `until`, then set the time to `until`. */
  runUntil(until: number): void {
    for (;;) {
      const next = this.nextAt;
      if (next === undefined || next > until) break;
      this.step();
    }
    if (until > this.time) this.time = until;
  }

  /** Run for `seconds` of virtual time. */
  runFor(seconds: number): void {
    this.runUntil(this.time + seconds);
  }

  /**
   * Like {@link runFor}, for code that awaits between timers (the `Actor`
   * runtime, an application): after every event, pending promise callbacks
   * and I/O callbacks run before the next event.
   */
  async advance(seconds: number): Promise<void> {
    const until = this.time + seconds;
    for (;;) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      const next = this.nextAt;
      if (next === undefined || next > until) break;
      this.step();
    }
    if (until > this.time) this.time = until;
  }

  private dropCancelled(): void {
    while (this.heap.size > 0 && this.heap.peek()!.callback === undefined) this.heap.pop();
  }
}
