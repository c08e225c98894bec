/**
 * What changed in the group between two snapshots, for output that is not
 * redrawn: members that dropped off or came back.
 *
 * @module
 */
import type { GroupSnapshot } from './group-view';

/** One change. */
export interface GroupChange {
  readonly type: 'dropped' | 'back';
  readonly node: string;
  readonly lastHeardSeconds: number;
}

/** The members dropped at the last snapshot. */
export class GroupChanges {
  private dropped = new Set<string>();

  /** The changes since the previous call. */
  next(snapshot: GroupSnapshot): GroupChange[] {
    const now = new Set(snapshot.dropped.map((row) => row.name));
    const changes: GroupChange[] = [
      ...snapshot.dropped.filter((row) => !this.dropped.has(row.name)).map((row) => ({ type: 'dropped' as const, node: row.name, lastHeardSeconds: row.lastHeardSeconds })),
      ...snapshot.members.filter((row) => this.dropped.has(row.name)).map((row) => ({ type: 'back' as const, node: row.name, lastHeardSeconds: row.lastHeardSeconds })),
    ];
    this.dropped = now;
    return changes;
  }
}

/** A change in words. */
export function describeChange(change: GroupChange): string {
  return change.type === 'dropped'
    ? `${change.node} dropped off (not heard for ${change.lastHeardSeconds.toFixed(1)} s)`
    : `${change.node} is back`;
}
