/**
 * The nodes a watcher has heard, from the messages themselves: when each was
 * first and last heard, and when it last pinged. A stand-in for the members
 * view that core will offer (discovery, issue 14): {@link MembersSource} is
 * what the group view needs, and that view can implement it instead.
 *
 * @module
 */
import type { Message } from '@asyncactor/core';

/** What is known of one member. Times are milliseconds on `performance.now()`. */
export interface HeardMember {
  readonly name: string;
  readonly firstHeardAt: number;
  readonly lastHeardAt: number;
  /** When it last sent a ping, if ever. */
  readonly lastPingAt: number | undefined;
  /** How many pings it sent. */
  readonly pings: number;
}

/** Where the group view gets its members from. */
export interface MembersSource {
  /** Every member known, in the order first heard. */
  members(): readonly HeardMember[];
}

/** Members heard in the messages received. */
export class HeardMembers implements MembersSource {
  private readonly byName = new Map<string, HeardMember>();

  /** Count `message`, received at `now`. */
  hear(message: Message, now: number): void {
    const name = message.type === 'history' ? message.history[0] : message.node;
    if (name === undefined) return;
    const before = this.byName.get(name);
    this.byName.set(name, {
      name,
      firstHeardAt: before?.firstHeardAt ?? now,
      lastHeardAt: now,
      lastPingAt: message.type === 'ping' ? now : before?.lastPingAt,
      pings: (before?.pings ?? 0) + (message.type === 'ping' ? 1 : 0),
    });
  }

  members(): readonly HeardMember[] {
    return [...this.byName.values()];
  }
}
