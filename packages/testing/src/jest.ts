/**
 * Jest matchers for simulated runs: `expect(cluster).toHaveAtMostOneTagged()`
 * and friends. Each wraps an invariant check of `./invariants` and prints the
 * violations it found.
 *
 * @example
 * ```ts
 * import { registerMatchers } from '@asyncactor/testing/jest';
 * registerMatchers();
 * test('…', () => {
 *   const cluster = new Cluster({ seed: 1, nodes: 5 });
 *   cluster.runCycles(50);
 *   expect(cluster).toHaveAtMostOneTagged();
 *   expect(cluster).toHaveTagGapsWithin();
 * });
 * ```
 *
 * @module
 */
import { cycleTimeMax, type ActorConfig } from '@asyncactor/core';
import { checkAtMostOneTagged, checkHealsConverge, checkHistoriesAgree, checkTagGaps, checkTagsEndOnce, type Violation } from './invariants';
import type { TraceEvent } from './trace';

/** What the matchers accept: a {@link "@asyncactor/testing".Cluster | Cluster}, or anything with its trace, config and clock. */
export interface SimulatedRun {
  readonly trace: readonly TraceEvent[];
  readonly config: ActorConfig;
  readonly clock: { now(): number };
}

/** The window {@link AsyncactorMatchers.toHaveTagGapsWithin} looks at. */
export interface GapWindow {
  /** Start (seconds). Default: the first tag of the run. */
  readonly from?: number;
  /** End (seconds). Default: now. */
  readonly to?: number;
}

/** The matchers {@link registerMatchers} adds. */
export interface AsyncactorMatchers<R = unknown> {
  /** Never two nodes tagged at once outside a split. */
  toHaveAtMostOneTagged(): R;
  /** Every tag ends exactly once (one `untag` or `detag`, or the node's end). */
  toEndEveryTagOnce(): R;
  /** A tag at least every `bound` seconds (default `cycleTimeMax(config)`, i.e. `cycle + 2.5 * gap`, the protocol's promise). */
  toHaveTagGapsWithin(bound?: number, window?: GapWindow): R;
  /** Every heal is followed by one chain within `seconds` (default one cycle). */
  toConvergeAfterHeals(seconds?: number): R;
  /** Every node agrees with the tagged node on the history at every tag from `window.from` on (lossless channels). */
  toAgreeOnHistory(window?: { readonly from?: number }): R;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface Matchers<R> extends AsyncactorMatchers<R> {}
  }
}

/** What a custom matcher returns to jest. */
export interface MatcherResult {
  readonly pass: boolean;
  readonly message: () => string;
}

function asRun(received: unknown, matcher: string): SimulatedRun {
  const run = received as Partial<SimulatedRun> | null;
  if (!run || !Array.isArray(run.trace) || typeof run.config !== 'object' || typeof run.clock?.now !== 'function') {
    throw new TypeError(`${matcher}: expected a Cluster (or { trace, config, clock })`);
  }
  return run as SimulatedRun;
}

function verdict(matcher: string, violations: readonly Violation[], what: string): MatcherResult {
  const shown = violations.slice(0, 10).map((v) => `  at ${v.t.toFixed(3)} s: ${v.detail}`);
  const more = violations.length > 10 ? [`  … and ${violations.length - 10} more`] : [];
  return {
    pass: violations.length === 0,
    message: () =>
      violations.length === 0
        ? `expected the run not to satisfy ${matcher} (${what}), but it did`
        : [`expected ${what}; ${violations.length} violation(s):`, ...shown, ...more].join('\n'),
  };
}

/** The matcher implementations, for `expect.extend` of any compatible runner. */
export const asyncactorMatchers = {
  toHaveAtMostOneTagged(received: unknown): MatcherResult {
    const run = asRun(received, 'toHaveAtMostOneTagged');
    return verdict('toHaveAtMostOneTagged', checkAtMostOneTagged(run.trace), 'at most one node tagged at a time');
  },
  toEndEveryTagOnce(received: unknown): MatcherResult {
    const run = asRun(received, 'toEndEveryTagOnce');
    return verdict('toEndEveryTagOnce', checkTagsEndOnce(run.trace), 'every tag to end exactly once');
  },
  toHaveTagGapsWithin(received: unknown, bound?: number, window: GapWindow = {}): MatcherResult {
    const run = asRun(received, 'toHaveTagGapsWithin');
    const limit = bound ?? cycleTimeMax(run.config);
    const from = window.from ?? run.trace.find((event) => event.type === 'tag')?.t ?? 0;
    const to = window.to ?? run.clock.now();
    return verdict('toHaveTagGapsWithin', checkTagGaps(run.trace, limit, from, to), `a tag at least every ${limit.toFixed(2)} s from ${from.toFixed(2)} to ${to.toFixed(2)} s`);
  },
  toConvergeAfterHeals(received: unknown, seconds?: number): MatcherResult {
    const run = asRun(received, 'toConvergeAfterHeals');
    const within = seconds ?? run.config.cycle;
    return verdict('toConvergeAfterHeals', checkHealsConverge(run.trace, within), `one chain within ${within} s of every heal`);
  },
  toAgreeOnHistory(received: unknown, window: { readonly from?: number } = {}): MatcherResult {
    const run = asRun(received, 'toAgreeOnHistory');
    const from = window.from ?? 0;
    return verdict('toAgreeOnHistory', checkHistoriesAgree(run.trace, from), `every node to agree on the history at every tag from ${from} s on`);
  },
};

interface Extendable {
  extend(matchers: Record<string, (this: unknown, received: unknown, ...rest: never[]) => MatcherResult>): void;
}

/** Add the matchers to the global `expect` (call it once, in a test file or a jest setup file). */
export function registerMatchers(expect: Extendable = (globalThis as { expect?: Extendable }).expect!): void {
  if (typeof expect?.extend !== 'function') throw new Error('registerMatchers(): no jest `expect` in scope; pass it as the argument');
  expect.extend(asyncactorMatchers);
}
