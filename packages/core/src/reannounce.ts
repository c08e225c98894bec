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
 */
export class Reannouncements {
  private readonly pending = new Map<string, PendingAnnouncement>();
  private readonly done = new Map<string, number>();

  /** Schedule a `hist` of the chain headed by `head`, unless it is pending or was announced lately. */
  schedule(now: number, memory: number, head: string, announcement: PendingAnnouncement): void {
    for (const [name, at] of this.done) if (now - at > memory) this.done.delete(name);
    if (this.done.has(head) || this.pending.has(head)) return;
    this.pending.set(head, announcement);
  }

  /** Someone re-announced the chain headed by `head`: ours need not be. True if we had one pending. */
  seen(now: number, head: string): boolean {
    this.done.set(head, now);
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
      this.done.set(head, at);
      return announcement;
    }
    return undefined;
  }

  /** Forget everything pending (the node went passive or lost the channel). */
  clear(): void {
    this.pending.clear();
  }
}
