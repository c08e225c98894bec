/**
 * `@asyncactor/core/internal`: pieces of the protocol that our sibling
 * packages (`@asyncactor/testing`, `@asyncactor/serf`, `@asyncactor/cli`)
 * and our own tests build on. **Unstable**: anything here may change or go
 * away in any release, without a major version. Applications use
 * `@asyncactor/core`.
 *
 * @module @asyncactor/core/internal
 */

export { EventQueue } from './runtime/event-queue';
export { OneTimer } from './runtime/one-timer';
export { copyStats, emptyStats, type MutableStats } from './stats';
export { decodeReceived, toWireMap } from './wire';
export { encodeMsgpack, utf8, type EncodeOptions } from './msgpack-encode';
export { decodeMsgpack, MAX_DECODE_DEPTH, TOO_DEEP } from './msgpack-decode';
export { boundHistory, pushHistory } from './protocol/history';
export { findFork, mergeHistories, type Fork } from './protocol/fork';
export { CHAIN_FIRST_SLOT, CHAIN_MAX_STEP, CHAIN_SLOT_SPAN, chainSlot, FALLBACK_MARGIN, forcedInDelay, oldestSlot, OLDEST_SPAN, OLDEST_STEP, SECOND_CYCLE_FALLBACK, SECOND_CYCLE_SHIFT, sendDelay, TAKEOVER_DELAY, type SendDelay, type SendTimeView } from './protocol/schedule';
export { PeerTimes } from './protocol/peer-times';
export { reannounceDelay, Recovery, type SplitView } from './protocol/recovery';
export { Reannouncements, sameChain, type PendingAnnouncement } from './protocol/announcements';
export { PendingHists } from './protocol/pending-hists';
export { judge, followPassively, isNews, type ChainView, type CollisionOutcome, type Verdict } from './protocol/verdict';
export { TIMER_NAMES, TimerTable, type TimerName } from './protocol/timers';
export type { TurnEnd, TurnPhase } from './protocol/turn';
export type { ChainMessage } from './protocol/ping-events';
export { rulesOf, SHIPPING_RULES, withRules, type ProtocolRules, type RecoveryRules } from './protocol/rules';
export type { AnnouncementBook } from './protocol/announcements';
export { membersWindow } from './protocol/members';
export { answerDelay, type AnswerDelay, type AnswerPosition } from './protocol/versions';
