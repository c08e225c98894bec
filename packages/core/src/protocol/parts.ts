/**
 * The parts of one node's machine, each owning one piece of state, and the
 * steps several inputs share: ending this node's turn, setting the time of
 * its next ping, and broadcasting the config.
 *
 * @module
 */
import { emptyStats, type MutableStats } from '../stats';
import { FollowedHistory } from './chain';
import { MemberList } from './members';
import { NameClaim } from './name-claim';
import type { Settings } from './options';
import { Outbox } from './outbox';
import { OwnPings } from './own-pings';
import { PingEventBatch, type ChainMessage } from './ping-events';
import { Recovery } from './recovery';
import { PeerTimes } from './peer-times';
import type { ProtocolRules } from './rules';
import { StartupCheck } from './startup';
import { TimerTable } from './timers';
import { Turn, type TurnEnd } from './turn';
import { TurnWatch } from './turn-watch';
import { takesTurn, TurnHolder } from './turn-holder';
import { ValueMemory } from './values';
import { Versions } from './versions';

/** Everything one node's machine holds. */
export interface Parts {
  readonly name: string;
  readonly settings: Settings;
  /** The decisions this node follows (the shipping ones unless a test asks otherwise). */
  readonly rules: ProtocolRules;
  readonly counters: MutableStats;
  readonly timers: TimerTable;
  readonly outbox: Outbox;
  readonly startup: StartupCheck;
  readonly versions: Versions;
  readonly history: FollowedHistory;
  readonly turn: Turn;
  readonly turnWatch: TurnWatch;
  readonly pings: OwnPings;
  readonly pingEvents: PingEventBatch;
  readonly recovery: Recovery;
  readonly values: ValueMemory;
  readonly peers: PeerTimes;
  readonly members: MemberList;
  readonly holder: TurnHolder;
  readonly claim: NameClaim;
}

/** The parts of a new machine for node `name`, following `rules`. */
export function createParts(name: string, settings: Settings, rules: ProtocolRules): Parts {
  const counters = emptyStats();
  const timers = new TimerTable();
  return {
    name,
    settings,
    rules,
    counters,
    timers,
    outbox: new Outbox(counters),
    startup: new StartupCheck(name, timers),
    versions: new Versions(settings.config, settings.acceptConfig, timers, rules.answerDelay),
    history: new FollowedHistory(settings.maxKnownNodes, settings.limits),
    turn: new Turn(timers),
    turnWatch: new TurnWatch(),
    pings: new OwnPings(name, timers, settings.random, rules.sendDelay),
    pingEvents: new PingEventBatch(timers),
    recovery: new Recovery(timers, settings.maxKnownNodes, rules.recovery),
    values: new ValueMemory(settings.maxKnownNodes),
    peers: new PeerTimes(settings.maxKnownNodes),
    members: new MemberList(settings.maxKnownNodes, timers),
    holder: new TurnHolder(),
    claim: new NameClaim(),
  };
}

/**
 * End this node's turn; a tag ends with exactly one `untag` or `detag`. A
 * pending turn cut short by a ping, or a tag by a better one, counts as
 * superseded (see {@link TurnWatch}).
 */
export function endTurn(parts: Parts, how: TurnEnd): void {
  const { phase } = parts.turn;
  const byPing = 'supersededBy' in how || how.reason === 'expired';
  if (byPing && (phase === 'pending' || (phase === 'tagged' && 'supersededBy' in how))) superseded(parts);
  emitTurnEvent(parts, parts.turn.end(how));
}

function superseded(parts: Parts): void {
  parts.counters.turnsSuperseded++;
  const warning = parts.turnWatch.superseded();
  if (!warning) return;
  parts.counters.warnings++;
  parts.outbox.emit(warning);
}

/** Emit an event of this node's turn (a tag that ends resets the left-out count). */
export function emitTurnEvent(parts: Parts, event: ReturnType<Turn['advance']>): void {
  if (!event) return;
  if (event.type === 'tag') parts.counters.tags++;
  if (event.type === 'untag') {
    parts.pings.hadTurn();
    parts.turnWatch.completed();
  }
  parts.outbox.emit(event);
}

/** A ping was accepted (received or sent) at `now`: set the time of our next one. */
export function reschedule(parts: Parts, now: number): void {
  parts.pings.reschedule(now, parts.versions.config, parts.history.entries, parts.values, parts.peers);
}

/**
 * A ping or `hist` was accepted at `now` (`previousHead` was our newest
 * entry before it): the next `ping` event reports it, and its sender may
 * hold the turn now.
 */
export function acceptedPing(parts: Parts, now: number, message: ChainMessage, previousHead: string | undefined): void {
  const config = parts.versions.config;
  const takes = takesTurn(message, previousHead);
  parts.pingEvents.collect(now, message, config.gap, takes);
  parts.holder.accepted(now, message.history[0]!, takes, config);
}

/** Broadcast the config in force. */
export function sendConfig(parts: Parts): void {
  parts.outbox.send({ type: 'config', node: parts.name, config: parts.versions.config });
}
