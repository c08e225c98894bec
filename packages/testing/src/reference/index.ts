/**
 * A node that behaves as the Python reference does, as PROTOCOL §6 states
 * it: the shipping machine of `@asyncactor/core` composed with the
 * reference's decisions ({@link REFERENCE_RULES}). Cluster nodes of kind
 * `'reference'` use it, so that groups mixing our nodes and Python nodes can
 * be simulated and their figures measured with the same metrics.
 *
 * What differs from the shipping rules: the send-time rule
 * ({@link referenceSendDelay}); the first ping right after the own `init`
 * echo; the verdict without forks ({@link referenceJudge}); no reminder to
 * the loser of crossed pings; re-announcement after `G · (1 − 2^−pos)` at
 * every rival message (ping or `hist`, newcomers too), cancelled only by a
 * ping of the old chain's head ({@link ReferenceAnnouncements}); the slots
 * of its answers to a lower `vers` ({@link referenceAnswerDelay}). What is
 * the same: the history rule, the priority rule, the turn (pending for `G`,
 * tagged for `C − G/2`), the start-up check, the rest of the `vers`
 * handling, the wire.
 *
 * @module
 */
import type { AnswerPosition, ProtocolRules } from '@asyncactor/core/internal';
import { ReferenceAnnouncements } from './announcements';
import { referenceSendDelay } from './schedule';
import { referenceJudge } from './verdict';

export { referenceChainSlot, referenceSendDelay } from './schedule';
export { referenceJudge } from './verdict';
export { ReferenceAnnouncements } from './announcements';

/** The reference's re-announcement slot: `gap · (1 − 2^−position)`, position 0 at once. */
export function referenceReannounceDelay(position: number, gap: number): number {
  return gap * (1 - 2 ** -position);
}

/**
 * The reference's answer to a lower config version: at once while its turn
 * is pending or tagged, else from position `pos` of the history after
 * `gap · (1 − 2^−pos)` (position 0 at once, by timer); never off the history.
 */
export function referenceAnswerDelay(answerer: AnswerPosition, gap: number): 'now' | number | undefined {
  if (!answerer.participating) return undefined;
  if (answerer.turn !== 'idle') return 'now';
  return answerer.position >= 0 ? gap * (1 - 2 ** -answerer.position) : undefined;
}

/** The Python reference's decisions, for `withRules` of `@asyncactor/core/internal`. */
export const REFERENCE_RULES: ProtocolRules = {
  sendDelay: referenceSendDelay,
  judge: referenceJudge,
  firstPingOnEcho: true,
  reminders: false,
  answerDelay: referenceAnswerDelay,
  recovery: {
    reannounceDelay: referenceReannounceDelay,
    newcomersAreRivals: true,
    reportOncePerCycle: false,
    answerHist: true,
    memoryCycles: 0,
    book: () => new ReferenceAnnouncements(),
  },
};
