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
      // A `hist` of an older view of our chain while a heal is being settled:
      // a node of our side re-announcing what it followed when it saw the
      // rival chain. Its sender takes no turn on it, and its re-announcement
      // is the side's; a repeat of ours would be a second `hist`.
      if (message.type === 'history' && healSettling(parts, now)) return;
      return remindLoser(parts, now, 'lagging');
    case 'collide':
      counters.collisions++;
      if (verdict.winner === 'theirs') return supersedeCrossing(parts, now, message, verdict.history);
      // The other side's `hist` while a heal is being settled (its answer to
      // ours) crossed nothing: it gets no reminder.
      if (message.type === 'history' && healSettling(parts, now)) return;
      // A rival chain's node gets our `hist`, not a reminder: only crossed pings get one.
      return remindLoser(parts, now, 'crossed');
    case 'mirror':
      counters.collisions++;
      if (verdict.winner === 'theirs') return accept(parts, now, message, verdict.history);
      // Ours won, but the loser may not have heard ours: it takes its turn, so we give ours up.
      return endTurn(parts, { reason: 'expired' });
    case 'split': {
      counters.collisions++;
      const oldHistory = parts.history.entries;
      if (verdict.winner === 'theirs') supersede(parts, now, message, verdict.history);
      return recover(parts, now, message, oldHistory, verdict.winner === 'theirs');
    }
  }
}

/** Whether this node reported a heal within the last cycle: its side's re-announcements are under way. */
function healSettling(parts: Parts, now: number): boolean {
  return parts.recovery.settling(now, parts.versions.config.cycle);
}

/** The sender of a ping that extends our chain: if it was our oldest entry, remember its slot. */
function noteSlot(parts: Parts, now: number, sender: string): void {
  const { history, versions } = parts;
  const examined = Math.min(history.entries.length, history.bound(versions.config));
  if (examined >= 2 && history.entries[examined - 1] === sender) parts.peers.observeSlot(sender, now - history.changedAt, versions.config);
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
 * A losing ping that reaches us more than this many `gap`s after the one we
 * follow crossed it late: its sender may not have had ours (lost, or not
 * yet there), so the senders of the pings before ours repeat our chain for
 * it, and a lagger's gets our ping again; sooner, it crossed in flight (see
 * {@link remindLoser}). Above the jitter of one delivery on a healthy
 * channel, below the butting-in and take-over spacing.
 */
const LATE_CROSSING = 0.1;
/**
 * Spacing of one node's reminders, in units of `gap`: its ping again at
 * most once per `gap / 2`, its `hist` of the chain once per `gap / 4`, so
 * that two nodes that take each other for laggers cannot flood the channel.
 */
const PING_REMINDER_SPACING = 0.5;
const HIST_REMINDER_SPACING = 0.25;

/**
 * Crossed pings where the one that reached us later wins: the sender of the
 * one we followed may miss the winner (it had not got it yet, or lost it)
 * and take its turn beside it, so the senders of the two pings before (now
 * second and third in the winning chain) repeat the winning chain as a
 * `hist`, which the loser takes as the crossed ping it lost to. In flight
 * too: at 5 % loss, seeds 1–200, 7 two-tagged turns with late crossings
 * alone repeated, 2 with every one; lossless runs send 0.05 % more.
 */
function supersedeCrossing(parts: Parts, now: number, message: ChainMessage, history: string[]): void {
  supersede(parts, now, message, history);
  // While a heal is being settled the winner's side re-announces its chain,
  // which tells the loser as well; a repeat would be a second `hist` of it.
  if (message.type === 'ping' && !healSettling(parts, now)) repeatChain(parts, now);
}

/**
 * A ping that lost to the ping we follow, crossed with it (`crossed`) or a
 * lagger's that missed it (`lagging`): its sender may never get ours and
 * take its turn beside the winner unless told. The node whose turn it is
 * sends its ping again, even for a crossing in flight (on a lossy channel
 * the loser of one misses the winner's ping as often as any other: at 5 %
 * loss, seeds 1–200, 39 two-tagged turns without this, 28 with it), but
 * for a lagger only once it came late ({@link
 * LATE_CROSSING}: in flight, it crossed ours and sees it). The two senders
 * of the pings before repeat the chain once it came late (see {@link
 * repeatChain}), so the loser has three chances to hear that it lost.
 */
function remindLoser(parts: Parts, now: number, how: 'crossed' | 'lagging'): void {
  const { history, name, versions } = parts;
  if (!parts.rules.reminders) return;
  const { gap } = versions.config;
  if (history.entries[0] !== name) {
    if (now - history.changedAt > gap * LATE_CROSSING) repeatChain(parts, now);
    return;
  }
  if (!parts.turn.active) return;
  const ours = parts.pings.reminder(now, how === 'crossed' ? 0 : gap * LATE_CROSSING, gap * PING_REMINDER_SPACING);
  if (!ours) return;
  parts.counters.reminders++;
  parts.outbox.send(ours);
}

/**
 * If this node sent one of the two pings before the newest, repeat the
 * chain it follows as a `hist` (the newest's value with it). Two of them:
 * after a take-over (the next-oldest missed the oldest's ping and pinged in
 * its own slot) the loser has missed one ping already, and with one `hist`
 * and the winner's ping again, 1 in 70 such losers at 5 % loss still missed
 * both (seeds 1–200: 39 two-tagged turns; with two `hist`s and the
 * reminder for crossings in flight, 7).
 */
function repeatChain(parts: Parts, now: number): void {
  const { history, name, versions } = parts;
  if (!parts.rules.reminders || (history.entries[1] !== name && history.entries[2] !== name) || !history.mayRepeat(now, versions.config.gap * HIST_REMINDER_SPACING)) return;
  parts.counters.reminders++;
  parts.counters.historyReminders++;
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
