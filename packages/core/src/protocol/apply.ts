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
      if (message.type === 'ping') parts.pings.echoed();
      return;
    case 'duplicate':
    case 'confirm':
      return;
    case 'fast-forward':
      counters.fastForwards++;
      return accept(parts, now, message, verdict.history);
    case 'extend':
      noteSlot(parts, now, message.history[0]!);
      return accept(parts, now, message, verdict.history);
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

/** The sender of a ping that extends our chain: if it was our oldest entry, remember its slot. */
function noteSlot(parts: Parts, now: number, sender: string): void {
  const { history, versions } = parts;
  const examined = Math.min(history.entries.length, history.bound(versions.config));
  if (examined >= 3 && history.entries[examined - 1] === sender) parts.peers.observeSlot(sender, now - history.changedAt, versions.config);
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
  parts.history.follow(now, history, message.type === 'history');
  endTurn(parts, { supersededBy: message.history[0]! });
  reschedule(parts, now);
  acceptedPing(parts, now, message, previousHead);
}

/**
 * A ping that lost to the ping we follow reached us long after that one: its
 * sender never got it and will take its turn unless told. The node whose
 * turn it is sends its ping again, and the sender of the ping before repeats
 * the chain (see {@link repeatChain}), in case the loser misses one of the
 * two. A loss-free crossing costs nothing.
 */
function remindLoser(parts: Parts, now: number): void {
  const { history, name, versions } = parts;
  if (!parts.rules.reminders) return;
  if (history.entries[0] !== name) {
    if (now - history.changedAt > versions.config.gap / 4) repeatChain(parts);
    return;
  }
  if (!parts.turn.active) return;
  const ours = parts.pings.reminder(now, versions.config.gap);
  if (!ours) return;
  parts.counters.reminders++;
  parts.outbox.send(ours);
}

/** If this node sent the ping before the newest, repeat the chain it follows as a `hist` (the newest's value with it). */
function repeatChain(parts: Parts): void {
  const { history, name, versions } = parts;
  if (!parts.rules.reminders || history.entries[1] !== name) return;
  parts.counters.reminders++;
  parts.outbox.send({ type: 'history', value: parts.values.get(history.entries[0]!) ?? null, history: history.sent(versions.config) });
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
export function hear(parts: Parts, now: number, message: ChainMessage): void {
  const { values, pings, outbox } = parts;
  values.remember(message.history[0]!, message.value);
  parts.peers.heard(message.history[0]!, now);
  if (pings.value === null && message.value !== null) {
    outbox.emit({ type: 'goodNode', nodes: message.history.filter((node) => values.isReady(node)) });
  }
}
