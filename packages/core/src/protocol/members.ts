/**
 * The members view: every node heard lately, with the last value it sent and
 * when it was last heard (see {@link MemberList}).
 *
 * A node is heard when a message it sent arrives: its `init`, its `vers` or
 * its ping (our own echoes included). A `hist` does not count: any node of
 * a chain may re-announce it, so its first entry need not be its sender.
 * A node that stays silent longer than the window leaves the view; so does,
 * beyond `maxKnownNodes`, the one heard least recently (anyone can send
 * pings under made-up names). Changes are reported in batches (see
 * {@link MemberList}).
 *
 * @module
 */
import { rotationTimeMax, type ActorConfig } from '../config';
import type { MembersEvent } from '../events';
import type { Value } from '../value';
import { compareValues } from './priority';
import type { TimerTable } from './timers';

/** One member of the group, as this node knows it. */
export interface Member {
  /** Its name. */
  readonly node: string;
  /** The value of its last ping (`null` = not ready), or undefined before its first ping reached us. */
  readonly value: Value | undefined;
  /** When it was last heard, in seconds on the clock that drives the machine (the actor's clock). */
  readonly lastHeard: number;
  /** Its place on the chain this node follows (0 = the last sender), or undefined when off the chain. */
  readonly position: number | undefined;
  /** Whether its value is known and not `null`. */
  readonly ready: boolean;
  /** Whether it holds the turn now, as far as this node knows. */
  readonly it: boolean;
}

/** What the view keeps of one member. */
export interface HeardMember {
  /** Its name. */
  readonly node: string;
  /** When it was last heard. */
  readonly at: number;
  /** The value of its last ping, if one reached us. */
  readonly value: Value | undefined;
}

/**
 * How long a silent node stays a member, in seconds: `window` when given,
 * else a whole rotation plus one cycle (`rotationTimeMax`), so that
 * every node on the chain is heard again before it would leave.
 */
export function membersWindow(config: ActorConfig, historyLength: number, window: number | undefined): number {
  return window ?? rotationTimeMax(config, historyLength);
}

/** What of a member is not reported yet. */
const enum News {
  None,
  Joined,
  Changed,
}

/** A member as kept: mutable, so that hearing it again costs no allocation. */
interface Entry {
  readonly node: string;
  at: number;
  value: Value | undefined;
  /** When it was last moved to the back of the map (the eviction order): `placed <= at < placed + batch`. */
  placed: number;
  news: News;
}

/**
 * The nodes heard lately, with the changes not reported yet and the timer
 * `members` for the next member to fall silent or the next report. See the
 * module comment.
 *
 * Changes are reported in batches: from the first one, collected for
 * `batch` seconds, then reported together by {@link MemberList.fire}, so
 * that a node that hears a whole group start at once (or a flood of made-up
 * names) emits one event, not one per message. What cancels out within a
 * batch (a node that joins and leaves again) is not reported.
 *
 * The map's order is the eviction order: a member heard again moves to the
 * back, at most once per `batch` seconds (a node heard several times at
 * once costs one move), so the front is the member heard least recently,
 * give or take `batch`.
 */
export class MemberList {
  readonly #heard = new Map<string, Entry>();
  /** Members gone since the last report (and reported as members before). */
  readonly #left = new Set<string>();
  /** Members whose `news` is not `None`. */
  #newsCount = 0;
  /** When the pending changes are to be reported. */
  #reportAt: number | undefined;

  readonly #limit: number;
  readonly #timers: TimerTable;

  /**
   * @param limit most members kept
   * @param timers the machine's timers, for `members`
   */
  constructor(limit: number, timers: TimerTable) {
    this.#limit = limit;
    this.#timers = timers;
  }

  /** How many members there are. */
  get size(): number {
    return this.#heard.size;
  }

  /**
   * `node` was heard at `now`, with `value` if its message carried one. A
   * member that joins or changes its value (or one pushed out of a full
   * view) is reported within `batch` seconds. Returns true when the timer
   * is not armed: then call {@link arm} (the window is only worked out then).
   */
  hear(now: number, node: string, value: Value | undefined, batch: number): boolean {
    const entry = this.#heard.get(node);
    if (!entry) {
      // Gone and back within one batch: report it as changed (its value may be new).
      this.#heard.set(node, { node, at: now, value, placed: now, news: this.#left.delete(node) ? News.Changed : News.Joined });
      this.#noted(now, batch);
      while (this.#heard.size > this.#limit) this.#drop(this.#heard.values().next().value!, now, batch);
    } else {
      if (value !== undefined && entry.news === News.None && (entry.value === undefined || compareValues(entry.value, value) !== 0)) {
        entry.news = News.Changed;
        this.#noted(now, batch);
      }
      entry.at = now;
      if (value !== undefined) entry.value = value;
      if (now - entry.placed >= batch) this.#moveToBack(entry, now);
    }
    // Hearing a member only makes it fall silent later: an armed timer may
    // fire early (it then looks again), never late. A new batch may need it sooner.
    const armed = this.#timers.get('members');
    if (armed === undefined) return true;
    if (this.#reportAt !== undefined && this.#reportAt < armed) this.#timers.set('members', this.#reportAt);
    return false;
  }

  /** Arm the timer after {@link hear} at `now`: `node` heard now falls silent `window` later, unless a report is due first. */
  arm(now: number, window: number): void {
    this.#timers.set('members', Math.min(now + window, this.#reportAt ?? Infinity));
  }

  /**
   * The `members` timer fired at `now`: the members silent for `window`
   * leave, and the changes are reported once their batch is due. The
   * timer fires at most once per `batch`: what falls silent in between
   * leaves at the next firing (reads of the view are exact all the same,
   * see {@link list}).
   */
  fire(now: number, window: number, batch: number): MembersEvent | undefined {
    const silentAt = this.#expire(now, window, batch);
    const event = this.#reportAt !== undefined && this.#reportAt <= now ? this.#report() : undefined;
    const next = Math.min(Math.max(silentAt, now + batch), this.#reportAt ?? Infinity);
    this.#timers.set('members', next === Infinity ? undefined : next);
    return event;
  }

  /** Every member heard within `window` before `now`, most recently heard first. */
  list(now: number, window: number): HeardMember[] {
    const members: HeardMember[] = [];
    for (const { node, at, value } of this.#heard.values()) if (at + window > now) members.push({ node, at, value });
    return members.sort((a, b) => b.at - a.at);
  }

  /**
   * Drop the members silent for `window`; returns when the next may fall
   * silent. The map is in the order of `placed`, and every member was
   * heard within `batch` after it was placed: from the first one placed
   * within the window, none has fallen silent, so the scan stops there.
   */
  #expire(now: number, window: number, batch: number): number {
    let silentAt = Infinity;
    for (const entry of this.#heard.values()) {
      if (entry.placed + window > now) return Math.min(silentAt, entry.placed + window);
      // The same sum as a read's, so that what stays is due strictly later.
      const silent = entry.at + window;
      if (silent > now) silentAt = Math.min(silentAt, silent);
      else this.#drop(entry, now, batch);
    }
    return silentAt;
  }

  /** A change to report: the batch starts now unless one is under way. */
  #noted(now: number, batch: number): void {
    if (this.#newsCount++ === 0 && this.#left.size === 0) this.#reportAt ??= now + batch;
  }

  #drop(entry: Entry, now: number, batch: number): void {
    this.#heard.delete(entry.node);
    if (entry.news !== News.None) this.#newsCount--;
    // A member that joined within this batch goes unreported.
    if (entry.news === News.Joined) return;
    this.#left.add(entry.node);
    this.#reportAt ??= now + batch;
  }

  #report(): MembersEvent | undefined {
    this.#reportAt = undefined;
    const joined: string[] = [];
    const changed: string[] = [];
    if (this.#newsCount > 0) {
      for (const entry of this.#heard.values()) {
        if (entry.news === News.Joined) joined.push(entry.node);
        else if (entry.news === News.Changed) changed.push(entry.node);
        entry.news = News.None;
      }
    }
    this.#newsCount = 0;
    const left = [...this.#left];
    this.#left.clear();
    return joined.length + left.length + changed.length > 0 ? { type: 'members', joined, left, changed } : undefined;
  }

  #moveToBack(entry: Entry, now: number): void {
    this.#heard.delete(entry.node);
    entry.placed = now;
    this.#heard.set(entry.node, entry);
  }
}
