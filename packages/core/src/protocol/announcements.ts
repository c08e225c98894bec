/**
 * The re-announcements (`hist` messages) this node may send after a split
 * heals, and the chains re-announced lately by anyone of our side; see
 * {@link Reannouncements}.
 *
 * @module
 */
import type { Value } from '../value';
import { findFork } from './fork';
import { PendingHists } from './pending-hists';
import type { ChainMessage } from './ping-events';
import { setNewest } from './newest';

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
 * The re-announcements a node may send and the ones it knows were sent, as
 * {@link Recovery} uses them ({@link Reannouncements} is the shipping one).
 */
export interface AnnouncementBook {
  /** Schedule a `hist` of `announcement.history`, unless this book says it is not needed. */
  schedule(now: number, memory: number, announcement: PendingAnnouncement): void;
  /** A chain message arrived: cancel what it makes needless. True when it needs nothing more. */
  heard(now: number, memory: number, message: ChainMessage): boolean;
  /** The earliest pending send time. */
  readonly earliest: number | undefined;
  /** Take the first announcement due by `at`. */
  take(at: number): PendingAnnouncement | undefined;
  /** Forget everything pending. */
  clear(): void;
  /** How many announcements are pending. */
  readonly pendingCount: number;
  /** How many chains are remembered as announced. */
  readonly remembered: number;
}

/** Entries of an announced chain kept to recognise it again: a few are enough to find a fork. */
const REMEMBERED_ENTRIES = 4;

/**
 * Whether two histories are the same chain, perhaps a ping or two apart:
 * the same newest node, or a shared run of entries (a fork, see
 * {@link findFork}). Two sides of a healed split share none.
 */
export function sameChain(a: readonly string[], b: readonly string[]): boolean {
  return a[0] === b[0] || findFork(a, b) !== undefined || findFork(b, a) !== undefined;
}

/**
 * The `hist` messages this node may send, keyed by the newest node of the old
 * chain, and the chains re-announced lately (by anyone of our side), which are
 * not announced again for `memory` seconds. Within half of that a chain
 * also counts as announced when a `hist` of it was seen from a view a ping
 * older or newer than ours: nodes of one side hear the rival chain at
 * different moments, in between two pings of their own.
 *
 * Anyone on the channel can send a `hist` under any name, so the chains
 * remembered as announced are bounded: expired ones are forgotten on every
 * update, beyond `limit` the oldest go first (at worst, one `hist` is sent
 * again), and of each only its newest few entries are kept.
 */
export class Reannouncements implements AnnouncementBook {
  readonly #pending = new PendingHists();
  /** Each chain announced lately (its newest entries), by newest node; oldest first, as entries are re-inserted on update. */
  private readonly done = new Map<string, { readonly at: number; readonly history: readonly string[] }>();

  readonly #limit: number;

  /** @param limit most chains remembered as announced */
  constructor(limit = 1024) {
    this.#limit = limit;
  }

  /** Schedule a `hist` of `announcement.history`, unless that chain is pending or was announced lately. */
  schedule(now: number, memory: number, announcement: PendingAnnouncement): void {
    this.#forget(now, memory);
    const { history } = announcement;
    for (const pending of this.#pending.values()) if (sameChain(pending.history, history)) return;
    // The same newest node: announced within `memory`. The same chain from
    // another view: within the first half of it, the time one heal takes
    // (later, the chain has moved on and a new meeting is a new heal).
    for (const done of this.done.values()) {
      if (done.history[0] === history[0] || (now - done.at <= memory / 2 && sameChain(done.history, history))) return;
    }
    this.#pending.add(announcement);
  }

  /** A `hist` re-announces its chain: see {@link seen}. Pings change nothing here. */
  heard(now: number, memory: number, message: ChainMessage): boolean {
    return message.type === 'history' && this.seen(now, memory, message.history);
  }

  /** Someone re-announced the chain `history`: ours need not be. True if we had one of it pending. */
  seen(now: number, memory: number, history: readonly string[]): boolean {
    this.#remember(history, now);
    this.#forget(now, memory);
    let cancelled = false;
    for (const pending of this.#pending.values()) {
      if (!sameChain(pending.history, history)) continue;
      this.#pending.delete(pending.history[0]!);
      cancelled = true;
    }
    return cancelled;
  }

  /** The earliest pending send time. */
  get earliest(): number | undefined {
    return this.#pending.earliest;
  }

  /** Take the first announcement due by `at` (the earliest, when the caller keeps its timer on {@link earliest}), marking its chain as announced. */
  take(at: number): PendingAnnouncement | undefined {
    const announcement = this.#pending.takeDue(at);
    if (announcement) this.#remember(announcement.history, at);
    return announcement;
  }

  /** How many announcements are pending (for memory checks). */
  get pendingCount(): number {
    return this.#pending.size;
  }

  /** Forget everything pending (the node went passive or lost the channel). */
  clear(): void {
    this.#pending.clear();
  }

  /** Chains remembered as announced (for tests and memory checks). */
  get remembered(): number {
    return this.done.size;
  }

  #remember(history: readonly string[], at: number): void {
    setNewest(this.done, history[0]!, { at, history: history.slice(0, REMEMBERED_ENTRIES) }, this.#limit);
  }

  /** Drop the chains announced more than `memory` ago: the oldest come first, so stop at the first one kept. */
  #forget(now: number, memory: number): void {
    for (const [head, { at }] of this.done) {
      if (now - at <= memory) return;
      this.done.delete(head);
    }
  }
}
