/**
 * Watches a group of actors from the outside and keeps the figures the demo
 * shows: who is it, tags per node, most tagged at once, broadcasts per tag,
 * and the longest gap between tags.
 *
 * @module
 */
import type { Actor, ActorEvent } from '@asyncactor/core';
import type { TraceEvent } from '@asyncactor/testing';

/** One line of the event log. */
export interface LoggedEvent {
  readonly at: number;
  readonly node: string;
  readonly event: ActorEvent;
}

/** Figures for the end-of-run summary. */
export interface DemoSummary {
  readonly tagsPerNode: Readonly<Record<string, number>>;
  readonly totalTags: number;
  readonly mostTaggedAtOnce: number;
  readonly broadcasts: number;
  readonly broadcastsPerTag: number;
  readonly longestGap: number;
}

/** Records what a set of actors do. Times are seconds from `now()`. */
export class DemoRecorder {
  private readonly tagged = new Set<string>();
  private readonly tagsPerNode = new Map<string, number>();
  private readonly sentBefore = new Map<string, number>();
  private mostAtOnce = 0;
  private lastTagAt: number | undefined;
  private longestGap = 0;
  private broadcastsOfGone = 0;
  private pingsOfGone = 0;
  private readonly actors = new Map<string, Actor>();
  /** Events since the last {@link takeEvents}. */
  private pending: LoggedEvent[] = [];
  /** Called after every tag, with the running total. */
  onTag: ((total: number) => void) | undefined;
  /** What happened, for the timeline picture. */
  readonly trace: TraceEvent[] = [];

  constructor(private readonly now: () => number) {}

  /** Start following `actor` (again, after a restart). */
  follow(actor: Actor): void {
    this.actors.set(actor.name, actor);
    this.sentBefore.set(actor.name, this.sentBefore.get(actor.name) ?? 0);
    actor.on('tag', (event) => {
      this.tagged.add(actor.name);
      this.mostAtOnce = Math.max(this.mostAtOnce, this.tagged.size);
      const at = this.now();
      if (this.lastTagAt !== undefined) this.longestGap = Math.max(this.longestGap, at - this.lastTagAt);
      this.lastTagAt = at;
      this.tagsPerNode.set(actor.name, (this.tagsPerNode.get(actor.name) ?? 0) + 1);
      this.trace.push({ t: at, type: 'tag', node: actor.name });
      this.log(actor.name, event);
      this.onTag?.(this.totalTags);
    });
    const end = (event: ActorEvent): void => {
      this.tagged.delete(actor.name);
      const t = this.now();
      if (event.type === 'untag') this.trace.push({ t, type: 'untag', node: actor.name, reason: event.reason });
      if (event.type === 'detag') this.trace.push({ t, type: 'detag', node: actor.name, by: event.node });
      this.log(actor.name, event);
    };
    actor.on('untag', end);
    actor.on('detag', end);
    for (const type of ['recover', 'disconnected', 'reconnected', 'error', 'setup'] as const) {
      actor.on(type, (event) => this.log(actor.name, event));
    }
  }

  /** Note something that happened to the group (a kill, a split, a send). */
  note(event: TraceEvent): void {
    this.trace.push(event);
  }

  /** Stop following an actor that was killed; its messages still count. */
  forget(actor: Actor): void {
    this.trace.push({ t: this.now(), type: 'kill', node: actor.name });
    this.broadcastsOfGone += sentOf(actor);
    this.pingsOfGone += actor.stats.sent.ping;
    this.tagged.delete(actor.name);
    this.actors.delete(actor.name);
  }

  /** Nodes tagged right now. */
  get current(): readonly string[] {
    return [...this.tagged];
  }

  /** Tags seen so far. */
  get totalTags(): number {
    let total = 0;
    for (const n of this.tagsPerNode.values()) total += n;
    return total;
  }

  /** Tags of one node. */
  tagsOf(node: string): number {
    return this.tagsPerNode.get(node) ?? 0;
  }

  /** Messages the followed actors sent, all kinds. */
  get broadcasts(): number {
    let total = this.broadcastsOfGone;
    for (const actor of this.actors.values()) total += sentOf(actor);
    return total;
  }

  /** Events logged since the last call. */
  takeEvents(): LoggedEvent[] {
    const out = this.pending;
    this.pending = [];
    return out;
  }

  /** The end-of-run figures. */
  summary(): DemoSummary {
    const totalTags = this.totalTags;
    return {
      tagsPerNode: Object.fromEntries([...this.tagsPerNode].sort(([a], [b]) => a.localeCompare(b))),
      totalTags,
      mostTaggedAtOnce: this.mostAtOnce,
      broadcasts: this.broadcasts,
      broadcastsPerTag: totalTags > 0 ? this.pingsSent() / totalTags : 0,
      longestGap: this.longestGap,
    };
  }

  private pingsSent(): number {
    let total = this.pingsOfGone;
    for (const actor of this.actors.values()) total += actor.stats.sent.ping;
    return total;
  }

  private log(node: string, event: ActorEvent): void {
    this.pending.push({ at: this.now(), node, event });
  }
}

function sentOf(actor: Actor): number {
  const { sent } = actor.stats;
  return sent.init + sent.config + sent.ping + sent.history;
}
