/**
 * How the Python reference judges a received ping or `hist` (PROTOCOL §6,
 * "Receiving a ping or hist"), in core's `Verdict` terms. It knows no forks:
 * a message that does not name its newest entry as predecessor is a
 * collision, decided by the priority rule alone, and a collision whose
 * predecessor differs from its own is a split. So a node that missed a ping
 * takes the next one for a rival chain (PROTOCOL §9, lost pings). A winning
 * message's history is adopted as it came, cut to `nodes`.
 *
 * @module
 */
import { boundHistory, pushHistory, type ChainMessage, type ChainView, type Verdict } from '@asyncactor/core/internal';

/** The reference's verdict on `message` given the node's `view`. Pure. */
export function referenceJudge(message: ChainMessage, view: ChainView): Verdict {
  const sender = message.history[0]!;
  const head = view.history[0];
  if (sender === view.self) return { kind: 'own' };
  if (sender === head) return { kind: 'duplicate' };
  if (message.history[1] === head) {
    return message.type === 'ping' ? { kind: 'extend', history: pushHistory(view.history, sender, view.bound) } : { kind: 'confirm' };
  }
  if (head === undefined) return { kind: 'join', history: boundHistory(message.history, view.bound) };
  const theirs = view.priority(sender, view.valueOf(sender), head, view.valueOf(head));
  const outcome = theirs ? { winner: 'theirs' as const, history: boundHistory(message.history, view.bound) } : { winner: 'ours' as const };
  // Both name the same predecessor: crossed pings. Otherwise a healed split (or a newcomer).
  return message.history[1] === view.history[1] ? { kind: 'collide', ...outcome } : { kind: 'split', ...outcome };
}
