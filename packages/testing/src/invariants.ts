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
      case 'fail':
        tagged.delete(event.node);
        break;
      default:
        break;
    }
  }
  return violations;
}

/** A tag at least every `bound` seconds between `from` and `to` (e.g. `cycle + 2.5 * gap`). */
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
