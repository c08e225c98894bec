/**
 * Virtual time: a {@link Clock} whose time moves only when told, jumping
 * from one scheduled event to the next. Events at the same time run in the
 * order they were scheduled, so a run is deterministic.
 *
 * @module
 */
import type { Clock } from '@asyncactor/core';

interface Entry {
  at: number;
  seq: number;
  callback: (() => void) | undefined;
}

/** A deterministic clock and event scheduler (a binary heap). */
export class VirtualClock implements Clock {
  private time: number;
  private seq = 0;
  private readonly heap: Entry[] = [];
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
    const entry: Entry = { at: Math.max(at, this.time), seq: this.seq++, callback };
    this.push(entry);
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
    return this.heap[0]?.at;
  }

  /** Run the next event. False if there is none. */
  step(): boolean {
    this.dropCancelled();
    const entry = this.pop();
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

  private dropCancelled(): void {
    while (this.heap.length > 0 && this.heap[0]!.callback === undefined) this.pop();
  }

  private less(i: number, j: number): boolean {
    const a = this.heap[i]!;
    const b = this.heap[j]!;
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  private push(entry: Entry): void {
    const heap = this.heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  private pop(): Entry | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && this.less(l, m)) m = l;
        if (r < heap.length && this.less(r, m)) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m]!, heap[i]!];
        i = m;
      }
    }
    return top;
  }
}
