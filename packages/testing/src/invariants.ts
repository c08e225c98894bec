/**
 * Safety and liveness checks on a run's trace, for simulations and for
 * downstream tests. Each returns the violations it found (empty: all good).
 *
 * @module
 */
import type { TraceEvent } from './trace';

/** A broken rule, with when and why. */
export interface Violation {
  readonly t: number;
  readonly rule: string;
  readonly detail: string;
}

/** Never two nodes tagged at once while the channel is whole (outside a split). */
export function checkAtMostOneTagged(trace: readonly TraceEvent[]): Violation[] {
  const tagged = new Set<string>();
  let split = false;
  const violations: Violation[] = [];
  for (const event of trace) {
    switch (event.type) {
      case 'split':
        split = true;
        break;
      case 'heal':
        split = false;
        break;
      case 'tag':
        if (!split && tagged.size > 0) {
          violations.push({ t: event.t, rule: 'at most one tagged', detail: `${event.node} tagged while ${[...tagged].join(', ')} still is` });
        }
        tagged.add(event.node);
        break;
      case 'untag':
      case 'detag':
      case 'kill':
      case 'leave':
      case 'fail':
        tagged.delete(event.node);
        break;
      default:
        break;
    }
  }
  return violations;
}

/** A tag at least every `bound` seconds between `from` and `to` (e.g. `cycleTimeMax(config)` of `@asyncactor/core`, `cycle + 2.5 * gap`). */
export function checkTagGaps(trace: readonly TraceEvent[], bound: number, from: number, to: number): Violation[] {
  const violations: Violation[] = [];
  let last = from;
  for (const event of trace) {
    if (event.t < from || event.t >= to || event.type !== 'tag') continue;
    if (event.t - last > bound) violations.push({ t: event.t, rule: 'tag gap', detail: `${(event.t - last).toFixed(2)} s without a tag (bound ${bound.toFixed(2)} s)` });
    last = event.t;
  }
  if (to - last > bound) violations.push({ t: to, rule: 'tag gap', detail: `no tag for the last ${(to - last).toFixed(2)} s` });
  return violations;
}

/** Every tag ends exactly once: tag, then one untag or detag (or the node's death). */
export function checkTagsEndOnce(trace: readonly TraceEvent[]): Violation[] {
  const tagged = new Set<string>();
  const violations: Violation[] = [];
  for (const event of trace) {
    if (event.type === 'tag') {
      if (tagged.has(event.node)) violations.push({ t: event.t, rule: 'tag ends once', detail: `${event.node} tagged twice in a row` });
      tagged.add(event.node);
    } else if (event.type === 'untag' || event.type === 'detag') {
      if (!tagged.delete(event.node)) violations.push({ t: event.t, rule: 'tag ends once', detail: `${event.node} ${event.type} without a tag` });
    } else if (event.type === 'kill' || event.type === 'fail') {
      tagged.delete(event.node);
    } else if (event.type === 'leave' && tagged.has(event.node)) {
      violations.push({ t: event.t, rule: 'tag ends once', detail: `${event.node} left while tagged, without an untag` });
      tagged.delete(event.node);
    }
  }
  return violations;
}

/** Every heal is followed by one chain within `within` seconds. */
export function checkHealsConverge(trace: readonly TraceEvent[], within: number): Violation[] {
  const violations: Violation[] = [];
  let healAt: number | undefined;
  for (const event of trace) {
    if (event.type === 'heal') healAt = event.t;
    else if (event.type === 'converged' && healAt !== undefined) {
      if (event.t - healAt > within) violations.push({ t: event.t, rule: 'heal converges', detail: `one chain only after ${(event.t - healAt).toFixed(2)} s` });
      healAt = undefined;
    }
  }
  if (healAt !== undefined) violations.push({ t: healAt, rule: 'heal converges', detail: 'never converged after the heal' });
  return violations;
}

/**
 * Every node that hears the tagged node agrees with it on the history, at
 * every tag (from the `disagree` events a {@link Cluster} records with
 * `auditHistories`), from time `from` on. Between a heal and the moment
 * the group is one chain again, disagreement is expected and not reported.
 * Meant for channels without loss: a node that missed a ping disagrees until
 * the next one.
 */
export function checkHistoriesAgree(trace: readonly TraceEvent[], from = 0): Violation[] {
  const violations: Violation[] = [];
  let healing = false;
  for (const event of trace) {
    if (event.type === 'heal') healing = true;
    else if (event.type === 'converged') healing = false;
    else if (event.type === 'disagree' && !healing && event.t >= from) {
      const names = event.dissenters.join(', ') + (event.count > event.dissenters.length ? ', …' : '');
      violations.push({ t: event.t, rule: 'history agreement', detail: `${event.count} node(s) disagree with ${event.node} on the history: ${names}` });
    }
  }
  return violations;
}
