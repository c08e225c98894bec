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
import { StartupCheck } from './startup';
import { TimerTable } from './timers';
import { Turn, type TurnEnd } from './turn';
import { takesTurn, TurnHolder } from './turn-holder';
import { ValueMemory } from './values';
import { Versions } from './versions';

/** Everything one node's machine holds. */
export interface Parts {
  readonly name: string;
  readonly settings: Settings;
  readonly counters: MutableStats;
  readonly timers: TimerTable;
  readonly outbox: Outbox;
  readonly startup: StartupCheck;
  readonly versions: Versions;
  readonly history: FollowedHistory;
  readonly turn: Turn;
  readonly pings: OwnPings;
  readonly pingEvents: PingEventBatch;
  readonly recovery: Recovery;
  readonly values: ValueMemory;
  readonly members: MemberList;
  readonly holder: TurnHolder;
  readonly claim: NameClaim;
}

/** The parts of a new machine for node `name`. */
export function createParts(name: string, settings: Settings): Parts {
  const counters = emptyStats();
  const timers = new TimerTable();
  return {
    name,
    settings,
    counters,
    timers,
    outbox: new Outbox(counters),
    startup: new StartupCheck(name, timers),
    versions: new Versions(settings.config, settings.acceptConfig, timers),
    history: new FollowedHistory(settings.maxKnownNodes, settings.limits),
    turn: new Turn(timers),
    pings: new OwnPings(name, timers, settings.random),
    pingEvents: new PingEventBatch(timers),
    recovery: new Recovery(timers, settings.maxKnownNodes),
    values: new ValueMemory(settings.maxKnownNodes),
    members: new MemberList(settings.maxKnownNodes, timers),
    holder: new TurnHolder(),
    claim: new NameClaim(),
  };
}

/** End this node's turn; a tag ends with exactly one `untag` or `detag`. */
export function endTurn(parts: Parts, how: TurnEnd): void {
  emitTurnEvent(parts, parts.turn.end(how));
}

/** Emit an event of this node's turn (a tag that ends resets the left-out count). */
export function emitTurnEvent(parts: Parts, event: ReturnType<Turn['advance']>): void {
  if (!event) return;
  if (event.type === 'tag') parts.counters.tags++;
  if (event.type === 'untag') parts.pings.hadTurn();
  parts.outbox.emit(event);
}

/** A ping was accepted (received or sent) at `now`: set the time of our next one. */
export function reschedule(parts: Parts, now: number): void {
  parts.pings.reschedule(now, parts.versions.config, parts.history.entries, parts.values);
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
