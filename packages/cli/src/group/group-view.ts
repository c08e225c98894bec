/**
 * The group as a watcher can tell it: who is "it", the chain in order, each
 * member's value and when it was last heard, and the members that dropped
 * off (silent for longer than a whole rotation takes).
 *
 * Who is "it" is inferred from the last ping, as every node infers it: its
 * sender takes the turn `gap` after it (unless a better ping wins), for
 * `cycle - gap/2`; the first ping of a new chain makes nobody "it".
 *
 * @module
 */
import { cycleTimeMax, type ActorConfig, type Value } from '@asyncactor/core';
import type { HeardMember, MembersSource } from './heard-members';

/** What a passive actor exposes about the group (an `Actor` is one). */
export interface ChainSource {
  /** The chain, newest first. */
  readonly history: readonly string[];
  readonly config: ActorConfig;
  valueOf(node: string): Value | undefined;
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
  /** Members silent for longer than {@link GroupSnapshot.dropAfterSeconds}. */
  readonly dropped: readonly MemberRow[];
  readonly dropAfterSeconds: number;
  readonly config: ActorConfig;
}

/** The group's state, computed from a chain source and the members heard. */
export function groupSnapshot(source: ChainSource, members: MembersSource, now: number): GroupSnapshot {
  const { config } = source;
  const chain = [...source.history];
  const all = members.members();
  const rotation = config.nodes > 0 ? Math.min(config.nodes, Math.max(1, all.length)) : Math.max(1, all.length);
  const dropAfterSeconds = (rotation + 1) * cycleTimeMax(config);
  const rows = all.map((member) => memberRow(member, chain, source, now));
  const lately = rows.filter((row) => row.lastHeardSeconds <= dropAfterSeconds);
  lately.sort((a, b) => (a.position ?? Infinity) - (b.position ?? Infinity) || a.name.localeCompare(b.name));
  return {
    turn: turnState(all, chain, config, now),
    chain,
    members: lately,
    dropped: rows.filter((row) => row.lastHeardSeconds > dropAfterSeconds),
    dropAfterSeconds,
    config,
  };
}

function memberRow(member: HeardMember, chain: readonly string[], source: ChainSource, now: number): MemberRow {
  const position = chain.indexOf(member.name);
  return {
    name: member.name,
    position: position >= 0 ? position : undefined,
    value: source.valueOf(member.name),
    lastHeardSeconds: (now - member.lastHeardAt) / 1000,
  };
}

function turnState(members: readonly HeardMember[], chain: readonly string[], config: ActorConfig, now: number): TurnState {
  const pings = members.filter((m) => m.lastPingAt !== undefined).sort((a, b) => b.lastPingAt! - a.lastPingAt!);
  const last = pings[0];
  if (!last) return { kind: 'nobody' };
  const seconds = (now - last.lastPingAt!) / 1000;
  // A ping that started a new chain (nothing heard before it, nothing in the chain behind it) makes nobody "it".
  const previous = pings[1];
  const continued = chain.length > 1 || last.pings > 1 || (previous !== undefined && last.lastPingAt! - previous.lastPingAt! <= cycleTimeMax(config) * 2000);
  if (seconds < config.gap) return { kind: 'pinged', node: last.name, seconds };
  if (continued && seconds < config.cycle + config.gap / 2) return { kind: 'it', node: last.name, seconds: seconds - config.gap };
  return { kind: 'nobody', lastPing: { node: last.name, seconds } };
}
