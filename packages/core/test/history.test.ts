/**
 * The history update rule (PROTOCOL §4) against the Python reference's
 * sequences and against a plain model of the three rules.
 */
import fc from 'fast-check';
import { boundHistory, pushHistory } from '@asyncactor/core/internal';
import { reference } from './fixtures/reference';

const vectors = reference.history;

/** The rules, written out a second time, as plainly as possible. */
function model(list: string[], name: string, bound: number): string[] {
  const out = [...list];
  const index = out.indexOf(name);
  let removedFromMiddle = false;
  if (index !== -1) {
    out.splice(index, 1);
    removedFromMiddle = index !== out.length; // it was not the last one
  }
  if (bound > 0 && out.length > 0 && (removedFromMiddle || out.length === bound)) out.pop();
  return [name, ...out];
}

/** boundHistory, written out a second time: first occurrences, then the first `bound` of them. */
function boundModel(list: readonly string[], bound: number): string[] {
  const unique = list.filter((name, i) => list.indexOf(name) === i);
  return bound > 0 ? unique.slice(0, bound) : unique;
}

/** Names from a small pool, so that repeats are common. */
const op = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h');

describe('pushHistory', () => {
  it('follows the PROTOCOL §4 example', () => {
    let h: string[] = [];
    const seen: string[][] = [];
    for (const n of ['a', 'a', 'b', 'a', 'c', 'd', 'c']) {
      h = pushHistory(h, n, 3);
      seen.push(h);
    }
    expect(seen).toEqual([['a'], ['a'], ['b', 'a'], ['a', 'b'], ['c', 'a', 'b'], ['d', 'c', 'a'], ['c', 'd']]);
  });

  it('the vectors cover bounded, unbounded and bound-1 lists', () => {
    expect(new Set(vectors.map((v) => v.maxlen))).toEqual(new Set([0, 1, 3, 5]));
  });

  describe.each(vectors.map((v, i) => [i, v.maxlen, v] as const))('Python sequence %i (maxlen %i)', (_i, _maxlen, vector) => {
    it('matches step by step', () => {
      expect(vector.ops.length).toBe(vector.states.length);
      let h: string[] = [];
      const states = vector.ops.map((name) => (h = pushHistory(h, name, vector.maxlen)));
      expect(states).toEqual(vector.states);
    });

    it('the model matches too (so the model is a fair judge)', () => {
      let h: string[] = [];
      expect(vector.ops.map((name) => (h = model(h, name, vector.maxlen)))).toEqual(vector.states);
    });
  });

  it('spelled-out cases of rule 2', () => {
    expect(pushHistory(['a', 'b', 'c'], 'a', 3)).toEqual(['a', 'b']); // from the front of a full list: shrinks
    expect(pushHistory(['a', 'b', 'c'], 'b', 3)).toEqual(['b', 'a']); // from the middle: shrinks
    expect(pushHistory(['a', 'b', 'c'], 'c', 3)).toEqual(['c', 'a', 'b']); // the last one: rotates
    expect(pushHistory(['a', 'b', 'c'], 'd', 3)).toEqual(['d', 'a', 'b']); // new, list full: oldest out
    expect(pushHistory(['a', 'b'], 'd', 3)).toEqual(['d', 'a', 'b']); // new, room left: grows
    expect(pushHistory(['a', 'b'], 'a', 3)).toEqual(['a']); // from the middle of a short list: shrinks
    expect(pushHistory(['a'], 'a', 1)).toEqual(['a']);
    expect(pushHistory(['a'], 'b', 1)).toEqual(['b']);
    expect(pushHistory(['a', 'b', 'c'], 'b', 0)).toEqual(['b', 'a', 'c']); // unbounded: a plain move to front
    expect(pushHistory(['a', 'b', 'c'], 'd', -2)).toEqual(['d', 'a', 'b', 'c']); // negative: unbounded too
  });

  it('matches the model on random sequences and keeps its invariants (property)', () => {
    // Plain checks per step and one expect per run keep 1,500 runs of 80 steps fast.
    const problem = (before: readonly string[], next: readonly string[], name: string, bound: number): string | undefined => {
      if (next[0] !== name) return 'pushed name not first';
      if (new Set(next).size !== next.length) return 'duplicate names';
      if (bound > 0 && next.length > bound) return 'over the bound';
      if (bound <= 0 && before.some((n) => !next.includes(n))) return 'unbounded list dropped a name';
      if (next.length < before.length - 1 || next.length > before.length + 1) return 'length changed by more than one';
      return undefined;
    };
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), fc.integer({ min: -3, max: 9 }), (ops, bound) => {
        let h: readonly string[] = [];
        let m: string[] = [];
        const steps: { got: readonly string[]; model: string[]; problem?: string }[] = [];
        for (const name of ops) {
          const before = Object.freeze([...h]);
          h = pushHistory(before, name, bound);
          m = model(m, name, bound);
          steps.push({ got: h, model: m, problem: problem(before, h, name, bound) });
        }
        const bad = steps.find((step) => step.problem !== undefined || step.got.join('\0') !== step.model.join('\0'));
        expect(bad).toBeUndefined();
      }),
      { numRuns: 1500 },
    );
  });

  it('works on any history it is handed, not only ones it built (property)', () => {
    const start = fc.uniqueArray(op, { maxLength: 8 });
    fc.assert(
      fc.property(start, op, fc.integer({ min: -1, max: 9 }), (list, name, bound) => {
        expect(pushHistory(list, name, bound)).toEqual(model(list, name, bound));
      }),
      { numRuns: 1500 },
    );
  });

  it('does not modify its argument', () => {
    const list = ['a', 'b', 'c'];
    pushHistory(list, 'b', 3);
    pushHistory(list, 'z', 3);
    expect(list).toEqual(['a', 'b', 'c']);
  });
});

describe('boundHistory', () => {
  it('drops repeats (first kept) and cuts to the bound; 0 or less means unbounded', () => {
    expect(boundHistory(['a', 'b', 'a', 'c', 'd'], 3)).toEqual(['a', 'b', 'c']);
    expect(boundHistory(['a', 'b', 'a', 'c', 'd'], 0)).toEqual(['a', 'b', 'c', 'd']);
    expect(boundHistory(['a', 'b', 'a', 'c', 'd'], -1)).toEqual(['a', 'b', 'c', 'd']);
    expect(boundHistory(['a', 'a', 'a'], 2)).toEqual(['a']);
    expect(boundHistory([], 3)).toEqual([]);
  });

  it('matches the model, keeps the first occurrences in order, is idempotent, leaves its argument alone (property)', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), fc.integer({ min: -2, max: 10 }), (list, bound) => {
        const frozen = Object.freeze([...list]);
        const out = boundHistory(frozen, bound);
        expect(out).toEqual(boundModel(frozen, bound));
        expect(new Set(out).size).toBe(out.length);
        if (bound > 0) expect(out.length).toBeLessThanOrEqual(bound);
        expect(boundHistory(out, bound)).toEqual(out);
        expect(frozen).toEqual(list);
      }),
      { numRuns: 1500 },
    );
  });

  it('a bounded, duplicate-free history comes back unchanged, and pushHistory output is always such a history (property)', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), fc.integer({ min: 1, max: 9 }), (ops, bound) => {
        let h: string[] = [];
        for (const name of ops) h = pushHistory(h, name, bound);
        expect(boundHistory(h, bound)).toEqual(h);
      }),
      { numRuns: 1000 },
    );
  });
});
