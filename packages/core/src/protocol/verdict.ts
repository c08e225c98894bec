/**
 * What a received ping or `hist` means for the history this node follows
 * (PROTOCOL §6, "Receiving a ping or hist", and §9 on lost pings), as one
 * pure function: {@link judge}. The machine applies the verdict.
 *
 * @module
 */
import type { Value } from '../value';
import { findFork, mergeHistories, type Fork } from './fork';
import { boundHistory, pushHistory } from './history';
import type { ChainMessage } from './ping-events';
import type { PriorityRule } from './priority';

/** Who won a collision, and the history to follow when theirs did. */
export type CollisionOutcome = { readonly winner: 'theirs'; readonly history: string[] } | { readonly winner: 'ours' };

/** The verdict on one received chain message; see {@link judge}. */
export type Verdict =
  /** Our own message, echoed. */
  | { readonly kind: 'own' }
  /** From the sender of our newest entry again: a copy of the ping we follow. */
  | { readonly kind: 'duplicate' }
  /** A `hist` of the history we follow: nothing changes. */
  | { readonly kind: 'confirm' }
  /** The next ping of our chain (or its last sender's fallback ping, a cycle on): follow it. */
  | { readonly kind: 'extend'; readonly history: string[] }
  /** We followed no chain yet (just started or reconnected): join this one. */
  | { readonly kind: 'join'; readonly history: string[] }
  /** Our chain, continued past pings we missed: follow it. */
  | { readonly kind: 'fast-forward'; readonly history: string[] }
  /** A branch longer than ours since the two parted: it wins without a contest. */
  | { readonly kind: 'supersede'; readonly history: string[] }
  /** From a node that missed pings of ours, or an old ping arriving late: ignore it. */
  | { readonly kind: 'stale' }
  /** Pings crossed (equally long branches of one chain): the priority rule decides. */
  | ({ readonly kind: 'collide' } & CollisionOutcome)
  /**
   * Two pings that name each other second crossed (a ping `[b, a, …]` less than a `gap` after we adopted `[a, b, …]`):
   * the priority rule picks the chain; the winner takes no turn.
   */
  | ({ readonly kind: 'mirror' } & CollisionOutcome)
  /** Two chains that share no entry: a healed split, or a newcomer. The priority rule decides. */
  | ({ readonly kind: 'split' } & CollisionOutcome);

/** What {@link judge} needs to know about this node's view. */
export interface ChainView {
  /** This node's name. */
  readonly self: string;
  /** The history this node follows, newest first. */
  readonly history: readonly string[];
  /** Whether the newest entry changed more than a cycle and a gap ago (see `FollowedHistory.headIsOld`). */
  readonly headIsOld: boolean;
  /**
   * Whether the newest entry changed less than a `gap` ago (see
   * `FollowedHistory.headIsFresh`): a ping that answers it cannot come yet,
   * whoever sends it waits a cycle after hearing it.
   */
  readonly headIsFresh?: boolean;
  /** Whether our newest entry came from a `hist`, not from a ping of that node. */
  readonly headAnnounced?: boolean;
  /** The longest history this node keeps. */
  readonly bound: number;
  /** The collision rule. */
  readonly priority: PriorityRule;
  /** The last value heard from `node` (the message's sender included). */
  valueOf(node: string): Value | undefined;
  /**
   * Whether a chain message from `node` arrived lately (within `nodes + 3`
   * cycles, see `FollowedHistory.unheardWithin`), before the message being judged.
   */
  heardLately?(node: string): boolean;
}

/** Whether `message` tells something new: it is not our own echo, nor from our newest entry's sender. */
export function isNews(message: ChainMessage, self: string, history: readonly string[]): boolean {
  const sender = message.history[0];
  return sender !== self && sender !== history[0];
}

/** The verdict on `message` given the node's `view`. Pure: it changes nothing. */
export function judge(message: ChainMessage, view: ChainView): Verdict {
  const sender = message.history[0]!;
  const isPing = message.type === 'ping';
  const head = view.history[0];
  if (sender === view.self) return { kind: 'own' };
  if (sender === head) {
    // The same sender again: a copy of the ping we follow, or, a cycle
    // later, its fallback ping that drops the oldest entry (PROTOCOL §4).
    if (isPing && view.headIsOld) return { kind: 'extend', history: pushHistory(view.history, sender, view.bound) };
    // We followed a `hist` that named it newest: its own ping tells its chain as it is now.
    if (isPing && view.headAnnounced === true) return { kind: 'fast-forward', history: boundHistory(message.history, view.bound) };
    return { kind: 'duplicate' };
  }
  if (isMirrorCrossing(message, view)) return { kind: 'mirror', ...mirrorOutcome(message, view, sender, head!) };
  if (message.history[1] === head) {
    return isPing ? { kind: 'extend', history: pushHistory(view.history, sender, view.bound) } : { kind: 'confirm' };
  }
  if (head === undefined) return { kind: 'join', history: boundHistory(message.history, view.bound) };
  const fork = findFork(message.history, view.history);
  if (!fork) {
    // No shared entry, but members we heard lately (its sender before this
    // message, too): a fragment of our own chain left by lost pings, not a
    // healed split. The collision rule decides.
    const fragment = message.history.some((node) => view.heardLately?.(node) === true);
    return { kind: fragment ? 'collide' : 'split', ...collision(message, view, sender, head, undefined) };
  }
  if (fork.theirs > fork.ours) {
    // Their branch is longer since the chains parted: some pings never reached us.
    const history = mergeHistories(message.history, view.history, fork, view.bound);
    return fork.ours === 0 ? { kind: 'fast-forward', history } : { kind: 'supersede', history };
  }
  // Shorter: the sender missed pings of ours (or this is an old ping, late).
  if (fork.theirs < fork.ours) return { kind: 'stale' };
  // Equally long branches: pings crossed. The collision rule decides; not a split.
  return { kind: 'collide', ...collision(message, view, sender, head, fork) };
}

/**
 * Whether `message` is a ping `[b, a, …]` that crossed the ping `[a, b, …]`
 * we follow, which came less than a `gap` ago: each names the other's
 * sender second. Typically the last sender's fallback and the ping of the
 * entry behind it, sent in the same moment. Taken as "the next ping"
 * (rule 3 of PROTOCOL §6, as the reference does), each of the two would
 * follow the other's, and in a chain of two they would then be "next" in
 * the same slot and cross again, round after round, with nobody tagged.
 */
function isMirrorCrossing(message: ChainMessage, view: ChainView): boolean {
  return message.type === 'ping' && view.headIsFresh === true && message.history[1] === view.history[0] && view.history[1] === message.history[0];
}

/**
 * The chain a mirror crossing leaves: every node that heard both pings picks
 * the same one by the collision rule. The winner's own sender gives its
 * turn up all the same (see `applyVerdict`): it cannot know that the loser
 * heard it, and the loser, not hearing it, takes its turn.
 */
function mirrorOutcome(message: ChainMessage, view: ChainView, sender: string, head: string): CollisionOutcome {
  if (!view.priority(sender, view.valueOf(sender), head, view.valueOf(head))) return { winner: 'ours' };
  return { winner: 'theirs', history: boundHistory([sender, head, ...view.history.slice(2)], view.bound) };
}

function collision(message: ChainMessage, view: ChainView, sender: string, head: string, fork: Fork | undefined): CollisionOutcome {
  if (!view.priority(sender, view.valueOf(sender), head, view.valueOf(head))) return { winner: 'ours' };
  return { winner: 'theirs', history: mergeHistories(message.history, view.history, fork, view.bound) };
}

/**
 * A passive node's history after `message`: it follows the chain without
 * taking part, with an unbounded view within the wire limit `maxHistory`.
 * Undefined when the sender is already its newest entry.
 */
export function followPassively(message: ChainMessage, history: readonly string[], maxHistory: number): string[] | undefined {
  const sender = message.history[0]!;
  if (history[0] === sender) return undefined;
  const extended = message.history[1] === history[0] ? pushHistory(history, sender, 0) : message.history.slice();
  return boundHistory(extended, maxHistory);
}
