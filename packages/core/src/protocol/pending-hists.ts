/**
 * The `hist` messages a node has waiting for their slots, one per newest node
 * of an old chain; see {@link PendingHists}.
 *
 * @module
 */
import type { PendingAnnouncement } from './announcements';

/**
 * Pending re-announcements keyed by the newest node of their chain, in the
 * order they were scheduled. Both the shipping book ({@link Reannouncements})
 * and the reference's keep theirs here; they differ only in what they
 * schedule and what cancels it.
 */
export class PendingHists {
  readonly #byHead = new Map<string, PendingAnnouncement>();

  /** Whether a `hist` of the chain whose newest node is `head` is pending. */
  has(head: string): boolean {
    return this.#byHead.has(head);
  }

  /** Keep `announcement`, replacing any pending one of the same newest node. */
  add(announcement: PendingAnnouncement): void {
    this.#byHead.set(announcement.history[0]!, announcement);
  }

  /** Cancel the pending `hist` of the chain whose newest node is `head`. */
  delete(head: string): void {
    this.#byHead.delete(head);
  }

  /** Every pending announcement, in the order scheduled. */
  values(): IterableIterator<PendingAnnouncement> {
    return this.#byHead.values();
  }

  /** The earliest pending send time. */
  get earliest(): number | undefined {
    let earliest: number | undefined;
    for (const { at } of this.#byHead.values()) if (earliest === undefined || at < earliest) earliest = at;
    return earliest;
  }

  /** Remove and return the first announcement (in the order scheduled) due by `at`. */
  takeDue(at: number): PendingAnnouncement | undefined {
    for (const [head, announcement] of this.#byHead) {
      if (announcement.at > at) continue;
      this.#byHead.delete(head);
      return announcement;
    }
    return undefined;
  }

  /** Forget everything pending. */
  clear(): void {
    this.#byHead.clear();
  }

  /** How many announcements are pending. */
  get size(): number {
    return this.#byHead.size;
  }
}
