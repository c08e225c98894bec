/**
 * Split recovery (PROTOCOL §6, step 4): when a rival chain that shares no
 * entry with ours appears (a healed split), a ready node of our old chain
 * reports it once with a `recover` event and re-announces the old chain
 * with a `hist`, earlier the further forward it stood, so that the other
 * side sees it too; the first `hist` of a side cancels the rest.
 *
 * @module
 */
import type { ActorConfig } from '../config';
import type { RecoverEvent } from '../events';
import type { ChainMessage } from './ping-events';
import type { AnnouncementBook, PendingAnnouncement } from './announcements';
import type { RecoveryRules } from './rules';
import type { TimerTable } from './timers';
import type { Value } from '../value';

/**
 * How long after seeing the rival chain a node at `position` of our old chain
 * re-announces it, in seconds. The newest node (position 0) does at once if
 * its own ping is less than a cycle old (nobody can have pinged after it
 * yet), else after `gap / 2`: a node that pinged after it may not have
 * reached it yet, and that node's `hist` should come first. Then one `gap`
 * per position, up to 3 (within a cycle, which is at least 3 gaps). The
 * reference's `gap * (1 - 2^-position)` put position 1 only `gap / 2` behind
 * position 0: less than two hops of Serf's gossip plus the time between two
 * agents hearing the rival chain, so both sent a `hist`.
 *
 * @param sinceOwnPing seconds since this node's last ping
 */
export function reannounceDelay(position: number, gap: number, cycle: number, sinceOwnPing: number): number {
  if (position === 0) return sinceOwnPing < cycle ? 0 : gap / 2;
  return gap * Math.min(position, 3);
}


/** What recovery needs to know about the node when a rival chain appears. */
export interface SplitView {
  /** This node's name. */
  readonly self: string;
  /** Whether this node's value is not null (only ready nodes take part). */
  readonly ready: boolean;
  /** Our history before the rival chain arrived. */
  readonly oldHistory: readonly string[];
  /** Whether the rival chain won (we follow it now). */
  readonly theirsWon: boolean;
  /** The value last heard from the old history's newest node. */
  readonly oldHeadValue: Value;
  /** Seconds since this node's own last ping. */
  readonly sinceOwnPing: number;
}

/** Split recovery for one node, with its timer `reannounce`. See the module comment. */
export class Recovery {
  #lastRecoveryAt = -Infinity;
  readonly #announcements: AnnouncementBook;

  readonly #timers: TimerTable;
  readonly #rules: RecoveryRules;

  /**
   * @param limit most chains remembered as announced
   * @param rules when and how to re-announce (the shipping rules or the reference's)
   */
  constructor(timers: TimerTable, limit: number, rules: RecoveryRules) {
    this.#timers = timers;
    this.#rules = rules;
    this.#announcements = rules.book(limit);
  }

  /**
   * A rival chain met ours at `now` (`message` carried it). Returns the
   * `recover` event to emit, once per heal, and schedules our `hist`.
   */
  healed(now: number, message: ChainMessage, config: ActorConfig, view: SplitView): RecoverEvent | undefined {
    const { cycle, gap } = config;
    const rules = this.#rules;
    // A one-entry history: the sender knew no chain, so it is a newcomer.
    if ((message.history.length < 2 && !rules.newcomersAreRivals) || !view.ready) return undefined;
    const position = view.oldHistory.indexOf(view.self);
    if (position < 0) return undefined;
    // One heal makes several messages collide here in quick succession: report it once.
    if (rules.reportOncePerCycle && this.settling(now, cycle)) return undefined;
    this.#lastRecoveryAt = now;
    // Re-announce our old chain so the other side sees it too, unless we
    // (or a node of our side) did lately. A rival `hist` gets an answer too:
    // it may be the other side's re-announcement on a `peersReturned` hint,
    // sent before it saw our chain, and then nothing else would tell it of
    // ours (no `recover` on that side, and its chain going on until our next ping).
    if (message.type === 'ping' || rules.answerHist) {
      this.#announcements.schedule(now, this.#memory(cycle), {
        at: now + rules.reannounceDelay(position, gap, cycle, view.sinceOwnPing),
        history: view.oldHistory,
        value: view.oldHeadValue,
      });
      this.#syncTimer();
    }
    return { type: 'recover', priority: position, replaced: view.theirsWon, localNodes: view.oldHistory.slice(), remoteNodes: message.history.slice() };
  }

  /**
   * The transport reports that peers it had lost are reachable again (a
   * split may have healed): re-announce `history`, our chain, with `value`
   * (ours: we are its newest node) at once, unless it was announced lately
   * or is pending, or a rival chain reached us within the cycle. Announced through the same book as a heal's `hist`, so a
   * side still sends one `hist` per heal, whichever comes first.
   */
  peersReturned(now: number, history: readonly string[], value: Value, cycle: number): void {
    // A rival chain reached us within the cycle: the heal is being settled
    // already (a rival `hist` means that side saw our chain; a rival ping gets
    // our re-announcement or a reminder). One more `hist` would be a second
    // one from our side.
    if (this.settling(now, cycle)) return;
    this.#announcements.schedule(now, this.#memory(cycle), { at: now, history, value });
    this.#syncTimer();
  }

  /** Whether this node reported a heal within the last `cycle` seconds (the heal is being settled). */
  settling(now: number, cycle: number): boolean {
    return now - this.#lastRecoveryAt < cycle;
  }

  /**
   * A chain message arrived: a pending re-announcement it makes needless is
   * cancelled (with the shipping rules: a `hist` of that chain). True when
   * there is nothing more to do with the message.
   */
  announced(now: number, message: ChainMessage, cycle: number): boolean {
    const cancelled = this.#announcements.heard(now, this.#memory(cycle), message);
    this.#syncTimer();
    return cancelled;
  }

  /** The `reannounce` timer fired: the `hist` to send now. */
  take(at: number): PendingAnnouncement | undefined {
    const announcement = this.#announcements.take(at);
    this.#syncTimer();
    return announcement;
  }

  /** Forget every pending re-announcement (the node went passive or lost the channel). */
  clear(): void {
    this.#announcements.clear();
    this.#syncTimer();
  }

  /** Chains remembered as announced, and announcements pending (for memory checks). */
  get sizes(): { readonly remembered: number; readonly pending: number } {
    return { remembered: this.#announcements.remembered, pending: this.#announcements.pendingCount };
  }

  #memory(cycle: number): number {
    return this.#rules.memoryCycles * cycle;
  }

  #syncTimer(): void {
    this.#timers.set('reannounce', this.#announcements.earliest);
  }
}
