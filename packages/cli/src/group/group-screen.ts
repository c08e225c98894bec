/**
 * The group drawn for a terminal: the turn, the chain, one row per member,
 * the members that dropped off.
 *
 * @module
 */
import type { Value } from '@asyncactor/core';
import type { GroupSnapshot, MemberRow, TurnState } from './group-view';

/** A value as JSON text (bigints as digits, bytes as their length). */
export function showValue(value: Value | undefined): string {
  if (value === undefined) return '-';
  return JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v instanceof Uint8Array ? `<${v.length} bytes>` : v));
}

/** The turn in words. */
export function describeTurn(turn: TurnState): string {
  switch (turn.kind) {
    case 'it':
      return `${turn.node} is it (for ${turn.seconds.toFixed(1)} s)`;
    case 'pinged':
      return `${turn.node} pinged ${turn.seconds.toFixed(1)} s ago: it takes the turn unless a better ping wins`;
    case 'nobody':
      return turn.lastPing ? `nobody (last ping from ${turn.lastPing.node}, ${turn.lastPing.seconds.toFixed(1)} s ago)` : 'nobody (no ping heard yet)';
  }
}

function role(row: MemberRow, turn: TurnState): string {
  if (row.position === 0 && turn.kind === 'it' && turn.node === row.name) return '★ it';
  if (row.position === 0 && turn.kind === 'pinged' && turn.node === row.name) return 'pinged';
  return row.position === undefined ? 'off chain' : `chain ${row.position + 1}`;
}

/** The lines of the screen for `snapshot`, under a `title`. */
export function groupScreen(title: string, snapshot: GroupSnapshot): string[] {
  const { config } = snapshot;
  const lines = [
    `${title} · config v${config.version} (cycle ${config.cycle} s, gap ${config.gap} s, nodes ${config.nodes})`,
    `it: ${describeTurn(snapshot.turn)}`,
    `chain: ${snapshot.chain.join(' ') || '-'}`,
    '',
    `${'node'.padEnd(16)} ${'role'.padEnd(10)} ${'value'.padEnd(12)} last heard`,
    ...snapshot.members.map(
      (row) => `${row.name.padEnd(16)} ${role(row, snapshot.turn).padEnd(10)} ${showValue(row.value).padEnd(12)} ${row.lastHeardSeconds.toFixed(1)} s ago`,
    ),
  ];
  if (snapshot.members.length === 0) lines.push('(nobody heard yet)');
  if (snapshot.dropped.length > 0) {
    lines.push('', `dropped off (silent over ${snapshot.dropAfterSeconds.toFixed(0)} s): ${snapshot.dropped.map((r) => `${r.name} (${r.lastHeardSeconds.toFixed(0)} s ago)`).join(', ')}`);
  }
  return lines;
}
