/**
 * What each of the machine's timers does when it fires (see
 * `TIMER_NAMES` in `timers.ts` for the order): give up the start-up, move the turn
 * on, report the batched ping event, answer a lower config version, send a
 * re-announcement, send this node's ping, or let silent members go.
 *
 * @module
 */
import type { ActorTimeoutError } from '../errors';
import { fireMembers } from './group-view';
import { emitTurnEvent, endTurn, reschedule, sendConfig, type Parts } from './parts';
import type { TimerName } from './timers';

/**
 * Fire `timer`, due at `at`, at time `now` (later than `at` when the node
 * was stalled: overdue timers fire in order, each acting at the real time).
 * Returns the start-up timeout when our own `init` never came back (the
 * machine then fails).
 *
 * @param participating whether this node takes part (sends pings)
 */
export function fireTimer(parts: Parts, timer: TimerName, at: number, now: number, participating: boolean): ActorTimeoutError | undefined {
  const config = parts.versions.config;
  switch (timer) {
    case 'startup':
      return parts.startup.expire();
    case 'turn':
      advanceTurn(parts, at, now);
      return undefined;
    case 'pingEvent': {
      const ping = parts.pingEvents.take();
      if (ping && !parts.turn.active) parts.outbox.emit(ping);
      return undefined;
    }
    case 'versionAnswer':
      parts.versions.cancelAnswer();
      sendConfig(parts);
      return undefined;
    case 'reannounce': {
      const announcement = parts.recovery.take(at);
      if (announcement) parts.outbox.send({ type: 'history', value: announcement.value, history: parts.history.sent(config, announcement.history) });
      return undefined;
    }
    case 'ping':
      parts.timers.clear('ping');
      // Woken long after our slot (the process stalled): what others sent meanwhile has not been heard yet, so listen first.
      if (now - at > config.gap) reschedule(parts, now);
      else if (participating) sendPing(parts, now);
      return undefined;
    case 'members':
      fireMembers(parts, at);
      return undefined;
  }
}

/**
 * The `turn` timer fired. A pending turn is taken only if our ping came back
 * (the channel works for us) and the turn is not over already (a stalled
 * node wakes after its end); otherwise it is dropped and counted.
 */
function advanceTurn(parts: Parts, at: number, now: number): void {
  const { turn, pings, counters, versions } = parts;
  const config = versions.config;
  if (turn.phase === 'pending' && !pings.confirmed) {
    turn.end({ reason: 'channel-silent' });
    counters.silentTurns++;
    counters.warnings++;
    const message = `${parts.name}: own ping did not come back within gap (${config.gap} s): turn not taken; the channel may be stalled or cut`;
    parts.outbox.emit({ type: 'warning', reason: 'channel-silent', message });
    return;
  }
  if (turn.phase === 'pending' && now >= at + config.cycle - config.gap / 2) {
    turn.end({ reason: 'expired' });
    counters.lateTurns++;
    return;
  }
  emitTurnEvent(parts, turn.advance(at, config, parts.name, pings.value));
}

/** Our slot came and nothing arrived: send our ping. */
function sendPing(parts: Parts, now: number): void {
  const config = parts.versions.config;
  if (!parts.outbox.channelUp) return;
  // Not sure yet that the channel works: try again once the start-up check is done.
  if (!parts.startup.passed) return parts.pings.retryAt(parts.timers.get('startup') ?? now + config.gap);
  // A first ping takes no turn (the reference's start-up), unless the channel came back and stayed quiet.
  const takesTurn = parts.history.entries.length > 0 || parts.pings.quietSinceOutage;
  parts.values.remember(parts.name, parts.pings.value);
  parts.history.pushOwn(now, parts.name, config);
  parts.outbox.send(parts.pings.make(now, parts.history.sent(config)));
  reschedule(parts, now);
  // Our previous turn may still run: its length was set by a cycle that a
  // config adopted since has made longer than the wait for this ping. It
  // ends here, with its untag, before the next one starts.
  endTurn(parts, { reason: 'expired' });
  if (takesTurn) parts.turn.claim(now, config.gap);
}
