/**
 * Carrying out the verdict on a received ping or `hist` ({@link judge}),
 * once: the followed history, this node's turn, the time of its next ping,
 * the batched `ping` event, and split recovery.
 *
 * @module
 */
import type { ChainMessage } from './ping-events';
import { acceptedPing, endTurn, reschedule, type Parts } from './parts';
import type { Verdict } from './verdict';

/** Apply `verdict` on `message`, received at `now`. */
export function applyVerdict(parts: Parts, now: number, message: ChainMessage, verdict: Verdict): void {
  const { counters } = parts;
  switch (verdict.kind) {
    case 'own':
    case 'duplicate':
    case 'confirm':
      return;
    case 'fast-forward':
      counters.fastForwards++;
      return accept(parts, now, message, verdict.history);
    case 'extend':
    case 'join':
      return accept(parts, now, message, verdict.history);
    case 'supersede':
      counters.collisions++;
      return supersede(parts, now, message, verdict.history);
    case 'stale':
      counters.stale++;
      return remindLoser(parts, now);
    case 'collide':
      counters.collisions++;
      if (verdict.winner === 'theirs') return supersede(parts, now, message, verdict.history);
      // A rival chain's node gets our `hist`, not a reminder: only crossed pings get one.
      return remindLoser(parts, now);
    case 'split': {
      counters.collisions++;
      const oldHistory = parts.history.entries;
      if (verdict.winner === 'theirs') supersede(parts, now, message, verdict.history);
      return recover(parts, now, message, oldHistory, verdict.winner === 'theirs');
    }
  }
}

/** A ping that continues the chain: follow it. */
function accept(parts: Parts, now: number, message: ChainMessage, history: string[]): void {
  const previousHead = parts.history.entries[0];
  parts.history.follow(now, history);
  reschedule(parts, now);
  endTurn(parts, { reason: 'expired' });
  acceptedPing(parts, now, message, previousHead);
}

/** A better chain supersedes ours: adopt it, and our turn (if any) is over. */
function supersede(parts: Parts, now: number, message: ChainMessage, history: string[]): void {
  const previousHead = parts.history.entries[0];
  parts.history.follow(now, history);
  endTurn(parts, { supersededBy: message.history[0]! });
  reschedule(parts, now);
  acceptedPing(parts, now, message, previousHead);
}

/**
 * A ping that lost to ours reached us long after we sent ours: its sender
 * never got our ping and will take its turn unless told. Send ours again.
 * Only the node whose turn it is does this, so it costs one message.
 */
function remindLoser(parts: Parts, now: number): void {
  if (parts.history.entries[0] !== parts.name || !parts.turn.active) return;
  const ours = parts.pings.reminder(now, parts.versions.config.gap);
  if (!ours) return;
  parts.counters.reminders++;
  parts.outbox.send(ours);
}

/** A rival chain that shares no entry with ours: report the heal and re-announce ours. */
function recover(parts: Parts, now: number, message: ChainMessage, oldHistory: readonly string[], theirsWon: boolean): void {
  const event = parts.recovery.healed(now, message, parts.versions.config, {
    self: parts.name,
    ready: parts.pings.value !== null,
    oldHistory,
    theirsWon,
    oldHeadValue: parts.values.get(oldHistory[0]!) ?? null,
    sinceOwnPing: parts.pings.since(now),
  });
  if (!event) return;
  parts.counters.recoveries++;
  parts.outbox.emit(event);
}

/** A chain message from someone other than our newest entry's sender: remember its value. */
export function hear(parts: Parts, message: ChainMessage): void {
  const { values, pings, outbox } = parts;
  values.remember(message.history[0]!, message.value);
  if (pings.value === null && message.value !== null) {
    outbox.emit({ type: 'goodNode', nodes: message.history.filter((node) => values.isReady(node)) });
  }
}
