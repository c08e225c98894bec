/**
 * The group as a watcher can tell it: who is "it", the chain in order, each
 * member's value and when it was last heard, and the members that dropped
 * off (silent for longer than the members window: a whole rotation and a
 * cycle).
 *
 * Who is "it" is what the watching actor knows (`actor.it`): the sender of
 * the last ping that took the turn, from that ping (pending for `gap`, then
 * tagged) until its turn is due to end; the first ping of a new chain makes
 * nobody "it".
 *
 * @module
 */
import type { ActorConfig, Value } from '@asyncactor/core';
import { membersWindow } from '@asyncactor/core/internal';
import type { HeardMember, MembersSource } from './heard-members';

/** What a passive actor exposes about the group (an `Actor` is one). */
export interface ChainSource {
  /** The chain, newest first. */
  readonly history: readonly string[];
  readonly config: ActorConfig;
  /** Who holds the turn, as far as the actor knows. */
  readonly it: string | undefined;
}

/** The turn as far as a watcher can tell. */
export type TurnState =
  | { readonly kind: 'it'; readonly node: string; readonly seconds: number }
  | { readonly kind: 'pinged'; readonly node: string; readonly seconds: number }
  | { readonly kind: 'nobody'; readonly lastPing?: { readonly node: string; readonly seconds: number } };

/** One member as shown. */
export interface MemberRow {
  readonly name: string;
  /** Its place in the chain (0 = the last sender), or undefined when off the chain. */
  readonly position: number | undefined;
  readonly value: Value | undefined;
  readonly lastHeardSeconds: number;
}

/** The whole group at one moment. */
export interface GroupSnapshot {
  readonly turn: TurnState;
  readonly chain: readonly string[];
  /** Members heard lately: the chain in order, then the others. */
  readonly members: readonly MemberRow[];
  /** Members silent for longer than {@link GroupSnapshot.dropAfterSeconds} (they left the members view). */
  readonly dropped: readonly MemberRow[];
  readonly dropAfterSeconds: number;
  readonly config: ActorConfig;
}

/** The group's state, computed from a chain source and the members heard. */
export function groupSnapshot(source: ChainSource, members: MembersSource, now: number): GroupSnapshot {
  const { config } = source;
  const chain = [...source.history];
  const all = members.members();
  const rows = all.map((member) => memberRow(member, chain, now));
  const lately = rows.filter((_, i) => all[i]!.present);
  lately.sort((a, b) => (a.position ?? Infinity) - (b.position ?? Infinity) || a.name.localeCompare(b.name));
  return {
    turn: turnState(source, all, now),
    chain,
    members: lately,
    dropped: rows.filter((_, i) => !all[i]!.present),
    dropAfterSeconds: membersWindow(config, chain.length, undefined),
    config,
  };
}

function memberRow(member: HeardMember, chain: readonly string[], now: number): MemberRow {
  const position = chain.indexOf(member.name);
  return {
    name: member.name,
    position: position >= 0 ? position : undefined,
    value: member.value,
    lastHeardSeconds: (now - member.lastHeardAt) / 1000,
  };
}

/** The turn: the actor's `it`, timed from the holder's last message (its ping); else the chain's last sender. */
function turnState(source: ChainSource, members: readonly HeardMember[], now: number): TurnState {
  const { config } = source;
  const secondsSince = (node: string): number | undefined => {
    const member = members.find((m) => m.name === node);
    return member && (now - member.lastHeardAt) / 1000;
  };
  const it = source.it;
  const seconds = it === undefined ? undefined : secondsSince(it);
  if (it !== undefined && seconds !== undefined) return seconds < config.gap ? { kind: 'pinged', node: it, seconds } : { kind: 'it', node: it, seconds: seconds - config.gap };
  const head = source.history[0];
  const since = head === undefined ? undefined : secondsSince(head);
  return head === undefined || since === undefined ? { kind: 'nobody' } : { kind: 'nobody', lastPing: { node: head, seconds: since } };
}
