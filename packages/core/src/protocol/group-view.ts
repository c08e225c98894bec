/**
 * What this node can tell about its group: the members view (who was heard
 * lately, with what value, on the chain or not) and who holds the turn. The
 * state is in {@link MemberList} and {@link TurnHolder}; this joins it with
 * the followed history and this node's own turn.
 *
 * @module
 */
import type { Message } from '../messages';
import { membersWindow, type Member } from './members';
import type { Parts } from './parts';

/** The members window in force (it follows the config and the history's length). */
export function windowOf(parts: Parts): number {
  return membersWindow(parts.versions.config, parts.history.entries.length, parts.settings.membersWindow);
}

/** A valid message arrived at `now`: its sender was heard (a `hist` names no sender). */
export function hearSender(parts: Parts, now: number, message: Message): void {
  if (message.type === 'history') return;
  const value = message.type === 'ping' ? message.value : undefined;
  if (parts.members.hear(now, message.node, value, parts.versions.config.gap)) parts.members.arm(now, windowOf(parts));
}

/** The `members` timer fired at `now`: members that fell silent leave, and the batched `members` event goes out when due. */
export function fireMembers(parts: Parts, now: number): void {
  const change = parts.members.fire(now, windowOf(parts), parts.versions.config.gap);
  if (change) parts.outbox.emit(change);
}

/** Who holds the turn at `now`, as far as this node knows: itself while its turn runs, else the sender of the last ping that took it. */
export function turnHolderAt(parts: Parts, now: number): string | undefined {
  if (parts.turn.active) return parts.name;
  const holder = parts.holder.at(now);
  // Our own turn, had we one, has ended.
  return holder === parts.name ? undefined : holder;
}

/** The members view at `now`, most recently heard first. */
export function membersAt(parts: Parts, now: number): Member[] {
  const positions = new Map<string, number>();
  parts.history.entries.forEach((node, position) => positions.has(node) || positions.set(node, position));
  const it = turnHolderAt(parts, now);
  return parts.members.list(now, windowOf(parts)).map(({ node, at, value }) => ({
    node,
    value,
    lastHeard: at,
    position: positions.get(node),
    ready: value !== undefined && value !== null,
    it: node === it,
  }));
}
