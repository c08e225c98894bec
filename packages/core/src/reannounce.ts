/**
 * Re-announcing our old chain after a split heals (PROTOCOL §6, step 4).
 *
 * Every ready node of a side that sees the other side's chain schedules a
 * `hist` of its old chain, earlier the further forward it stood; the first
 * one sent cancels the rest, so each side re-announces once per heal.
 *
 * @module
 */
import type { Value } from './value';

/** A `hist` waiting for its slot. */
export interface PendingAnnouncement {
  /** When to send it. */
  readonly at: number;
  /** Our old chain, newest first. */
  readonly history: readonly string[];
  /** The value of the old chain's newest node. */
  readonly value: Value;
}

/**
 * The `hist` messages this node may send, keyed by the newest node of the old
 * chain, and the chains re-announced lately (by anyone of our side), which are
 * not announced again for `memory` seconds.
 *
 * Anyone on the channel can send a `hist` under any name, so the chains
 * remembered as announced are bounded: expired ones are forgotten on every
 * update, and beyond `limit` the oldest go first (at worst, one `hist` is
 * sent again).
 */
export class Reannouncements {
  private readonly pending = new Map<string, PendingAnnouncement>();
  /** When each chain was last announced; oldest first, as entries are re-inserted on update. */
  private readonly done = new Map<string, number>();

  /** @param limit most chains remembered as announced */
  constructor(private readonly limit = 1024) {}

  /** Schedule a `hist` of the chain headed by `head`, unless it is pending or was announced lately. */
  schedule(now: number, memory: number, head: string, announcement: PendingAnnouncement): void {
    this.forget(now, memory);
    const announced = this.done.get(head);
    if ((announced !== undefined && now - announced <= memory) || this.pending.has(head)) return;
    this.pending.set(head, announcement);
  }

  /** Someone re-announced the chain headed by `head`: ours need not be. True if we had one pending. */
  seen(now: number, memory: number, head: string): boolean {
    this.remember(head, now);
    this.forget(now, memory);
    return this.pending.delete(head);
  }

  /** The earliest pending send time. */
  get earliest(): number | undefined {
    let earliest: number | undefined;
    for (const { at } of this.pending.values()) if (earliest === undefined || at < earliest) earliest = at;
    return earliest;
  }

  /** Take the announcement due at exactly `at`, marking its chain as announced. */
  take(at: number): PendingAnnouncement | undefined {
    for (const [head, announcement] of this.pending) {
      if (announcement.at !== at) continue;
      this.pending.delete(head);
      this.remember(head, at);
      return announcement;
    }
    return undefined;
  }

  /** Forget everything pending (the node went passive or lost the channel). */
  clear(): void {
    this.pending.clear();
  }

  /** Chains remembered as announced (for tests and memory checks). */
  get remembered(): number {
    return this.done.size;
  }

  private remember(head: string, at: number): void {
    this.done.delete(head);
    this.done.set(head, at);
    if (this.done.size > this.limit) this.done.delete(this.done.keys().next().value!);
  }

  /** Drop the chains announced more than `memory` ago: the oldest come first, so stop at the first one kept. */
  private forget(now: number, memory: number): void {
    for (const [head, at] of this.done) {
      if (now - at <= memory) return;
      this.done.delete(head);
    }
  }
}
