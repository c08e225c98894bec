/**
 * The Python reference's book of re-announcements: one pending `hist` per
 * head of an old chain, cancelled only when a *ping* from that head arrives
 * (PROTOCOL §9: a `hist` from another node of the side does not cancel it,
 * so several nodes of one side may re-announce), and no memory of chains
 * already announced.
 *
 * @module
 */
import { PendingHists, type AnnouncementBook, type ChainMessage, type PendingAnnouncement } from '@asyncactor/core/internal';

/** The reference's re-announcements; see the module comment. */
export class ReferenceAnnouncements implements AnnouncementBook {
  private readonly pending = new PendingHists();

  /** Schedule a `hist` of `announcement.history` unless one for the same head is pending. */
  schedule(_now: number, _memory: number, announcement: PendingAnnouncement): void {
    const head = announcement.history[0]!;
    if (!this.pending.has(head)) this.pending.add(announcement);
  }

  /** A ping from the head of a pending chain cancels it; the message is processed on as usual. */
  heard(_now: number, _memory: number, message: ChainMessage): boolean {
    if (message.type === 'ping') this.pending.delete(message.history[0]!);
    return false;
  }

  /** The earliest pending send time. */
  get earliest(): number | undefined {
    return this.pending.earliest;
  }

  /** Take the first announcement due by `at`. */
  take(at: number): PendingAnnouncement | undefined {
    return this.pending.takeDue(at);
  }

  /** Forget everything pending. */
  clear(): void {
    this.pending.clear();
  }

  /** How many announcements are pending. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /** The reference remembers no announced chain. */
  get remembered(): number {
    return 0;
  }
}
