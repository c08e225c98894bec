/**
 * What happened in a simulated run, event by event, as plain objects; one
 * JSON object per line when saved.
 *
 * @module
 */
import type { Message, ProtocolEvent, UntagReason } from '@asyncactor/core';
import type { BusOptions } from './bus';

/** Fault settings of the simulated channel, as in {@link BusOptions}. */
export type ChannelSettings = Pick<BusOptions, 'loss' | 'latency' | 'jitter' | 'duplicate' | 'reorder'>;

/** One thing that happened at virtual time `t` (seconds). */
export type TraceEvent =
  | { readonly t: number; readonly type: 'start'; readonly node: string }
  | { readonly t: number; readonly type: 'send'; readonly node: string; readonly kind: Message['type']; readonly bytes: number }
  | { readonly t: number; readonly type: 'tag'; readonly node: string }
  | { readonly t: number; readonly type: 'untag'; readonly node: string; readonly reason: UntagReason }
  | { readonly t: number; readonly type: 'detag'; readonly node: string; readonly by: string }
  | { readonly t: number; readonly type: 'recover'; readonly node: string; readonly priority: number }
  | { readonly t: number; readonly type: 'fail'; readonly node: string; readonly error: string }
  | { readonly t: number; readonly type: 'kill'; readonly node: string }
  /** The node closed on purpose (its tag, if any, ended with an `untag`). */
  | { readonly t: number; readonly type: 'leave'; readonly node: string }
  /** The node stalled: it hears nothing and its timers wait until `resume`. */
  | { readonly t: number; readonly type: 'pause'; readonly node: string }
  | { readonly t: number; readonly type: 'resume'; readonly node: string }
  /**
   * When `node` was tagged, `count` connected running nodes held a history
   * that differs from its own (the first few are named in `dissenters`).
   */
  | { readonly t: number; readonly type: 'disagree'; readonly node: string; readonly dissenters: readonly string[]; readonly count: number }
  /** Bytes put on the channel by the test itself (garbage, say). */
  | { readonly t: number; readonly type: 'inject'; readonly bytes: number }
  /** The channel's fault settings changed. */
  | { readonly t: number; readonly type: 'channel'; readonly settings: ChannelSettings }
  | { readonly t: number; readonly type: 'split'; readonly groups: readonly (readonly string[])[] }
  | { readonly t: number; readonly type: 'heal' }
  | { readonly t: number; readonly type: 'converged' };

/** The trace event for a protocol event of `node` at time `t`, if it is one a trace keeps. */
export function traceEventOf(t: number, node: string, event: ProtocolEvent): TraceEvent | undefined {
  switch (event.type) {
    case 'tag':
      return { t, type: 'tag', node };
    case 'untag':
      return { t, type: 'untag', node, reason: event.reason };
    case 'detag':
      return { t, type: 'detag', node, by: event.node };
    case 'recover':
      return { t, type: 'recover', node, priority: event.priority };
    default:
      return undefined;
  }
}

/** The trace as JSON lines (one event per line). */
export function traceToJsonLines(trace: readonly TraceEvent[]): string {
  return trace.map((event) => JSON.stringify(event)).join('\n') + (trace.length > 0 ? '\n' : '');
}

/** Read JSON lines written by {@link traceToJsonLines}. */
export function traceFromJsonLines(text: string): TraceEvent[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as TraceEvent);
}
