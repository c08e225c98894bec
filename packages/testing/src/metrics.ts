/**
 * Figures of a run, computed from its trace: traffic, tags, rotation,
 * overlaps, gaps, failover and healing times.
 *
 * @module
 */
import type { ActorConfig, Message } from '@asyncactor/core';
import type { TraceEvent } from './trace';

/** The figures of one run (or one window of it). */
export interface Metrics {
  /** Seconds measured. */
  readonly duration: number;
  /** Messages sent by kind. */
  readonly messages: Readonly<Record<Message['type'], number>>;
  /** Bytes sent, all kinds. */
  readonly bytes: number;
  /** Bytes sent by kind. */
  readonly bytesByKind: Readonly<Record<Message['type'], number>>;
  /** Tags in the window. */
  readonly tags: number;
  /** Pings and `hist` messages per tag: 1.0 is the ideal of one broadcast per cycle. */
  readonly broadcastsPerTag: number;
  /** Pings and `hist` messages per `cycle` seconds (a little under 1 in steady state, since a round takes a bit more than a cycle). */
  readonly broadcastsPerCycle: number;
  /** Tags per node. */
  readonly tagsPerNode: Readonly<Record<string, number>>;
  /** Mean number of distinct nodes in successive windows of `nodes` tags. */
  readonly rotation: number;
  /** Most nodes tagged at the same time. */
  readonly mostTaggedAtOnce: number;
  /** Seconds during which two or more nodes were tagged. */
  readonly multiTaggedSeconds: number;
  /** {@link multiTaggedSeconds} as a fraction of the duration. */
  readonly multiTaggedFraction: number;
  /** Longest time between two successive tags (seconds). */
  readonly longestGap: number;
  /** For every kill of a tagged node: seconds until another node was tagged. */
  readonly failoverTimes: readonly number[];
  /** For every heal: seconds until every live node followed one chain (undefined if never). */
  readonly convergenceTimes: readonly (number | undefined)[];
  /** For every heal: `hist` messages sent by each side in the 3 cycles after it. */
  readonly histPerSidePerHeal: readonly (readonly number[])[];
  /** RecoverEvents emitted. */
  readonly recoveries: number;
  /** Invalid payloads dropped by the nodes. */
  readonly invalidDropped: number;
  /**
   * Share of tags at which every node hearing the tagged node held the same
   * history (1 when the run was not audited: see `auditHistories`).
   */
  readonly historyAgreement: number;
}

/** What {@link measure} needs besides the trace. */
export interface MeasureOptions {
  readonly config: ActorConfig;
  readonly from: number;
  readonly to: number;
  readonly invalidDropped?: number;
}

/** Compute {@link Metrics} for the events of `trace` in [from, to). */
export function measure(trace: readonly TraceEvent[], options: MeasureOptions): Metrics {
  const { from, to, config } = options;
  const messages = { init: 0, config: 0, ping: 0, history: 0 };
  const bytesByKind = { init: 0, config: 0, ping: 0, history: 0 };
  let bytes = 0;
  let disagreements = 0;
  const tagsPerNode: Record<string, number> = {};
  const tagOrder: string[] = [];
  const tagged = new Set<string>();
  let most = 0;
  let multi = 0;
  let lastChange = from;
  let lastTag: number | undefined;
  let longestGap = 0;
  let recoveries = 0;
  const failoverTimes: number[] = [];
  const pendingKills: { t: number; node: string }[] = [];
  const convergenceTimes: (number | undefined)[] = [];
  const heals: OpenHeal[] = [];
  let groups: readonly (readonly string[])[] = [];

  const account = (t: number): void => {
    const clipped = Math.min(Math.max(t, from), to);
    if (tagged.size >= 2) multi += clipped - lastChange;
    lastChange = clipped;
  };

  for (const event of trace) {
    if (event.t >= to) break;
    const inWindow = event.t >= from;
    account(event.t);
    switch (event.type) {
      case 'send':
        if (inWindow) {
          messages[event.kind]++;
          bytes += event.bytes;
          bytesByKind[event.kind] += event.bytes;
        }
        for (const heal of heals.filter((h) => event.t >= h.start && event.t < h.end)) {
          if (event.kind === 'history') {
            const side = groups.findIndex((group) => group.includes(event.node));
            heal.counts[side < 0 ? groups.length : side]!++;
          }
        }
        break;
      case 'tag':
        tagged.add(event.node);
        if (inWindow) {
          most = Math.max(most, tagged.size);
          tagsPerNode[event.node] = (tagsPerNode[event.node] ?? 0) + 1;
          tagOrder.push(event.node);
          if (lastTag !== undefined) longestGap = Math.max(longestGap, event.t - lastTag);
          lastTag = event.t;
        }
        for (const kill of pendingKills.splice(0)) {
          if (kill.node !== event.node) failoverTimes.push(event.t - kill.t);
          else pendingKills.push(kill);
        }
        break;
      case 'untag':
      case 'detag':
        tagged.delete(event.node);
        break;
      case 'kill':
        if (tagged.delete(event.node) && inWindow) pendingKills.push({ t: event.t, node: event.node });
        break;
      case 'fail':
        tagged.delete(event.node);
        break;
      case 'leave':
        tagged.delete(event.node);
        break;
      case 'disagree':
        if (inWindow) disagreements++;
        break;
      case 'recover':
        if (inWindow) recoveries++;
        break;
      case 'split':
        groups = event.groups;
        break;
      case 'heal':
        convergenceTimes.push(undefined);
        heals.push({ start: event.t, end: event.t + config.cycle * 3, counts: new Array<number>(groups.length + 1).fill(0) });
        break;
      case 'converged': {
        const index = convergenceTimes.lastIndexOf(undefined);
        const heal = [...trace].reverse().find((e) => e.type === 'heal' && e.t <= event.t);
        if (index >= 0 && heal) convergenceTimes[index] = event.t - heal.t;
        break;
      }
      default:
        break;
    }
  }
  account(to);
  const duration = Math.max(0, to - from);
  const tags = tagOrder.length;
  return {
    duration,
    messages,
    bytes,
    bytesByKind,
    tags,
    broadcastsPerTag: tags > 0 ? (messages.ping + messages.history) / tags : 0,
    broadcastsPerCycle: duration > 0 ? ((messages.ping + messages.history) * config.cycle) / duration : 0,
    tagsPerNode,
    rotation: rotation(tagOrder, config.nodes > 0 ? config.nodes : Object.keys(tagsPerNode).length),
    mostTaggedAtOnce: most,
    multiTaggedSeconds: multi,
    multiTaggedFraction: duration > 0 ? multi / duration : 0,
    longestGap,
    failoverTimes,
    convergenceTimes,
    histPerSidePerHeal: heals.map((heal) => heal.counts),
    recoveries,
    invalidDropped: options.invalidDropped ?? 0,
    historyAgreement: tags > 0 ? 1 - disagreements / tags : 1,
  };
}

interface OpenHeal {
  readonly start: number;
  readonly end: number;
  readonly counts: number[];
}

/** Mean distinct nodes per window of `size` successive tags. */
function rotation(order: readonly string[], size: number): number {
  if (size <= 0 || order.length < size) return new Set(order).size;
  let total = 0;
  let windows = 0;
  for (let i = 0; i + size <= order.length; i += size) {
    total += new Set(order.slice(i, i + size)).size;
    windows++;
  }
  return total / windows;
}

/**
 * The longest stretch of `[from, to]` with none of `times` in it (times
 * outside are ignored): how long a group went without a tag, say.
 */
export function longestGapWithin(times: readonly number[], from: number, to: number): number {
  const points = [from, ...times.filter((t) => t >= from && t <= to), to];
  return Math.max(...points.slice(1).map((t, i) => t - points[i]!));
}
