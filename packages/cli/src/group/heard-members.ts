/**
 * The members a watcher shows: core's members view (every node heard within
 * the members window, with its value and when it was last heard), plus the
 * members that left it lately, remembered from `members` events so that
 * the display can say who dropped off and when it was last heard.
 *
 * @module
 */
import type { Member, MembersEvent, Value } from '@asyncactor/core';

/** What is shown of one member. Times are milliseconds on `performance.now()`. */
export interface HeardMember {
  readonly name: string;
  readonly lastHeardAt: number;
  /** The value of its last ping, if one was heard. */
  readonly value: Value | undefined;
  /** Whether it is still in the members view (false: it left it). */
  readonly present: boolean;
}

/** Where the group view gets its members from. */
export interface MembersSource {
  /** Every member known: those in the view, then those that left it lately. */
  members(): readonly HeardMember[];
}

/** What {@link HeardMembers} reads: an `Actor` (its clock is `performance.now()` in seconds). */
export interface MembersViewOf {
  readonly members: readonly Member[];
}

/** Most departed members remembered. */
const DEPARTED = 256;
/** Most rows of members seen in the view remembered (made-up names that come and go within a batch are never reported). */
const SEEN = 2048;

/** Core's members view of `actor`, and the members that left it. */
export class HeardMembers implements MembersSource {
  /** The last row seen of each member of the view (a member leaves the view a moment before the event says so). */
  private readonly seen = new Map<string, HeardMember>();
  private readonly departed = new Map<string, HeardMember>();

  constructor(private readonly actor: MembersViewOf) {}

  /** A `members` event: keep the last row of the nodes that left; forget the departure of those back. */
  update(event: MembersEvent): void {
    this.look();
    for (const node of event.joined) this.departed.delete(node);
    for (const node of event.left) {
      const row = this.seen.get(node);
      this.seen.delete(node);
      if (row) this.departed.set(node, { ...row, present: false });
      if (this.departed.size > DEPARTED) this.departed.delete(this.departed.keys().next().value!);
    }
  }

  members(): readonly HeardMember[] {
    return [...this.look(), ...this.departed.values()];
  }

  private look(): HeardMember[] {
    const rows = this.actor.members.map(rowOf);
    for (const row of rows) {
      this.seen.delete(row.name);
      this.seen.set(row.name, row);
    }
    while (this.seen.size > SEEN) this.seen.delete(this.seen.keys().next().value!);
    return rows;
  }
}

function rowOf(member: Member): HeardMember {
  return { name: member.node, lastHeardAt: member.lastHeard * 1000, value: member.value, present: true };
}
