/**
 * Fault plans: what happens to a simulated group and when, written down as
 * data. A seed plus a fault plan is a whole scenario; replaying both gives
 * the identical trace.
 *
 * @module
 */
import type { HealOptions } from './bus';
import { createRandom } from './random';
import type { ChannelSettings } from './trace';

/** One scheduled change to a simulated group, at virtual time `at` (seconds). */
export type Fault =
  /** Start a node: a join, or a restart after `kill`/`leave`. */
  | { readonly at: number; readonly type: 'start'; readonly node: string }
  /** Crash a node: it stops sending and hearing at once, without a word. */
  | { readonly at: number; readonly type: 'kill'; readonly node: string }
  /** Close a node on purpose (an `untag` ends its tag), as `Actor.close()` does. */
  | { readonly at: number; readonly type: 'leave'; readonly node: string }
  /** Stall a node (a long GC pause, a frozen VM): it hears nothing and its timers wait. */
  | { readonly at: number; readonly type: 'pause'; readonly node: string }
  /** Wake a stalled node: its due timers run, then what it missed is delivered in order. */
  | { readonly at: number; readonly type: 'resume'; readonly node: string }
  /** Cut the channel into groups that do not hear each other (nodes in no group form one more). */
  | { readonly at: number; readonly type: 'split'; readonly groups: readonly (readonly string[])[] }
  /** Undo `split`; with `replayMissed`, what the split cut arrives late, as with Serf. */
  | { readonly at: number; readonly type: 'heal'; readonly replayMissed?: boolean }
  /** Change the channel's loss, latency, jitter, duplication or reordering from now on. */
  | { readonly at: number; readonly type: 'channel'; readonly settings: ChannelSettings }
  /** Put raw bytes on the channel (garbage, or a message from a foreign node). */
  | { readonly at: number; readonly type: 'inject'; readonly payload: Uint8Array }
  /** A transport hint to every running node, as Serf's member events give one (see {@link TransportHint}). */
  | { readonly at: number; readonly type: 'hint'; readonly hint: TransportHint };

/** A hint a transport can give its actor: peers lost (a split), or back again (its heal). */
export type TransportHint = 'peersLost' | 'peersReturned';

/** A scenario's faults, in any order (equal times apply in list order). */
export type FaultPlan = readonly Fault[];

/** What a fault plan acts on (a {@link Cluster} is one). */
export interface FaultTarget {
  start(node: string): void;
  kill(node: string): void;
  leave(node: string): void;
  pause(node: string): void;
  resume(node: string): void;
  split(groups: readonly (readonly string[])[]): void;
  heal(options?: HealOptions): void;
  setChannel(settings: ChannelSettings): void;
  inject(payload: Uint8Array): void;
  hint(hint: TransportHint): void;
}

/** Apply one fault to `target` now. */
export function applyFault(target: FaultTarget, fault: Fault): void {
  switch (fault.type) {
    case 'start':
      return target.start(fault.node);
    case 'kill':
      return target.kill(fault.node);
    case 'leave':
      return target.leave(fault.node);
    case 'pause':
      return target.pause(fault.node);
    case 'resume':
      return target.resume(fault.node);
    case 'split':
      return target.split(fault.groups);
    case 'heal':
      return target.heal({ replayMissed: fault.replayMissed ?? false });
    case 'channel':
      return target.setChannel(fault.settings);
    case 'inject':
      return target.inject(fault.payload);
    case 'hint':
      return target.hint(fault.hint);
  }
}

/** Options of {@link churnPlan}. */
export interface ChurnOptions {
  /** Seed of the plan's random choices. */
  readonly seed: number;
  /** The names that may come and go. */
  readonly names: readonly string[];
  /** Which of `names` run when the plan begins. Default: all. */
  readonly running?: readonly string[];
  /** First change (seconds). */
  readonly from: number;
  /** How many changes. */
  readonly changes: number;
  /** Seconds between changes. */
  readonly every: number;
  /** Share of departures that are crashes (`kill`) rather than `leave`. Default 0.5. */
  readonly crashShare?: number;
}

/**
 * Nodes joining and leaving at random: every `every` seconds one of `names`
 * is picked; if it runs it leaves (or crashes), otherwise it (re)starts.
 */
export function churnPlan(options: ChurnOptions): Fault[] {
  const random = createRandom(options.seed);
  const running = new Set(options.running ?? options.names);
  const crashShare = options.crashShare ?? 0.5;
  const plan: Fault[] = [];
  for (let i = 0; i < options.changes; i++) {
    const at = options.from + i * options.every;
    const node = options.names[Math.floor(random.next() * options.names.length)]!;
    if (running.has(node)) {
      running.delete(node);
      plan.push({ at, type: random.next() < crashShare ? 'kill' : 'leave', node });
    } else {
      running.add(node);
      plan.push({ at, type: 'start', node });
    }
  }
  return plan;
}
