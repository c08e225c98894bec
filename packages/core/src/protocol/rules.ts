/**
 * The decisions in which one node's protocol can differ from another's while
 * both stay on one channel: when to send, what a received chain message
 * means, when to send the first ping, whether to remind the loser of
 * crossed pings, when to answer a lower config version, and how to
 * re-announce a chain after a split. The shipping
 * machine uses {@link SHIPPING_RULES}; `@asyncactor/testing` composes the
 * same machine with the Python reference's rules to simulate mixed groups.
 *
 * Internal: reached through `@asyncactor/core/internal` and {@link withRules},
 * never through {@link MachineOptions}' public keys.
 *
 * @module
 */
import { Reannouncements, type AnnouncementBook } from './announcements';
import type { MachineOptions } from './options';
import type { ChainMessage } from './ping-events';
import { reannounceDelay } from './recovery';
import { sendDelay, type SendDelay, type SendTimeView } from './schedule';
import { judge, type ChainView, type Verdict } from './verdict';
import { answerDelay, type AnswerDelay } from './versions';

/** How a node re-announces its chain after a split heals (PROTOCOL §6, step 4). */
export interface RecoveryRules {
  /** Seconds after seeing the rival chain that the node at `position` of its old chain sends its `hist`. */
  readonly reannounceDelay: (position: number, gap: number, cycle: number, sinceOwnPing: number) => number;
  /** Whether a one-entry history (a newcomer's first ping) counts as a rival chain. */
  readonly newcomersAreRivals: boolean;
  /** Whether one heal is reported once per cycle (true) or at every rival message (false). */
  readonly reportOncePerCycle: boolean;
  /** Whether a rival `hist`, not only a rival ping, makes this node re-announce. */
  readonly answerHist: boolean;
  /** Seconds a re-announced chain is remembered, in cycles (0: not at all). */
  readonly memoryCycles: number;
  /** A new book of pending and done re-announcements, holding at most `limit` chains. */
  readonly book: (limit: number) => AnnouncementBook;
}

/** The decisions of one node's protocol; see the module comment. */
export interface ProtocolRules {
  /** When to send the next ping (PROTOCOL §6, "When to send"). */
  readonly sendDelay: (view: SendTimeView) => SendDelay;
  /** The verdict on a received ping or `hist`. */
  readonly judge: (message: ChainMessage, view: ChainView) => Verdict;
  /** Send the first ping as soon as the own `init` comes back, instead of listening for a cycle first. */
  readonly firstPingOnEcho: boolean;
  /** Send our ping again to the node whose crossed ping lost to it long after ours went out. */
  readonly reminders: boolean;
  /** When to answer a lower config version (PROTOCOL §6, "Receiving `vers`"). */
  readonly answerDelay: AnswerDelay;
  /** Split recovery. */
  readonly recovery: RecoveryRules;
}

/** The rules of the shipping machine. */
export const SHIPPING_RULES: ProtocolRules = {
  sendDelay,
  judge,
  firstPingOnEcho: false,
  reminders: true,
  answerDelay,
  recovery: {
    reannounceDelay,
    newcomersAreRivals: false,
    reportOncePerCycle: true,
    // A rival `hist` need not answer our chain: with a transport hint
    // (peersReturned) a side re-announces its chain before it saw the other.
    answerHist: true,
    memoryCycles: 2,
    book: (limit) => new Reannouncements(limit),
  },
};

const RULES = Symbol('asyncactor.protocolRules');
type WithRules = MachineOptions & { readonly [RULES]?: ProtocolRules };

/** `options` for a machine that follows `rules` instead of {@link SHIPPING_RULES}. */
export function withRules<T extends MachineOptions>(options: T, rules: ProtocolRules): T {
  return { ...options, [RULES]: rules };
}

/** The rules that `options` asks for ({@link SHIPPING_RULES} unless set with {@link withRules}). */
export function rulesOf(options: MachineOptions): ProtocolRules {
  return (options as WithRules)[RULES] ?? SHIPPING_RULES;
}
