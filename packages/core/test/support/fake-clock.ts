import type { Clock } from '@asyncactor/core';

/** A minimal virtual clock for core's own tests: time moves only when told. */
export class FakeClock implements Clock {
  private time = 0;
  private seq = 0;
  private timers: { at: number; seq: number; callback: () => void }[] = [];

  now(): number {
    return this.time;
  }

  schedule(at: number, callback: () => void): () => void {
    const timer = { at, seq: this.seq++, callback };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  }

  /** Number of timers not yet fired. */
  get pending(): number {
    return this.timers.length;
  }

  /** Run every timer due up to `until`, in time order, moving the clock along. */
  async runUntil(until: number): Promise<void> {
    for (;;) {
      await flushPromises();
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers[0];
      if (!next || next.at > until) break;
      this.timers.shift();
      this.time = Math.max(this.time, next.at);
      next.callback();
    }
    this.time = Math.max(this.time, until);
    await flushPromises();
  }
}

/** Let pending promise callbacks (transport sends, deliveries) run. */
export async function flushPromises(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}
