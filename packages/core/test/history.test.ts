/**
 * The history update rule (PROTOCOL §4) against the Python reference's
 * sequences and against a plain model of the three rules.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { boundHistory, pushHistory } from '@asyncactor/core';

interface HistoryVector {
  maxlen: number;
  ops: string[];
  states: string[][];
}
const vectors = (JSON.parse(readFileSync(join(__dirname, 'fixtures', 'python-reference.json'), 'utf8')) as { history: HistoryVector[] }).history;

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

  it(`matches all ${vectors.length} Python sequences step by step`, () => {
    expect(vectors.length).toBeGreaterThan(10);
    for (const vector of vectors) {
      let h: string[] = [];
      vector.ops.forEach((op, i) => {
        h = pushHistory(h, op, vector.maxlen);
        expect(h).toEqual(vector.states[i]);
      });
    }
  });

  it('matches the model, keeps names unique, stays within the bound, puts the name first (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), { maxLength: 60 }), fc.integer({ min: -1, max: 6 }), (ops, bound) => {
        let h: string[] = [];
        let m: string[] = [];
        for (const op of ops) {
          const before = h;
          h = pushHistory(h, op, bound);
          m = model(m, op, bound);
          expect(h).toEqual(m);
          expect(new Set(h).size).toBe(h.length);
          if (bound > 0) expect(h.length).toBeLessThanOrEqual(bound);
          expect(h[0]).toBe(op);
          expect(before).not.toBe(h); // never modified in place
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('boundHistory', () => {
  it('drops repeats (first kept) and cuts to the bound; 0 means unbounded', () => {
    expect(boundHistory(['a', 'b', 'a', 'c', 'd'], 3)).toEqual(['a', 'b', 'c']);
    expect(boundHistory(['a', 'b', 'a', 'c', 'd'], 0)).toEqual(['a', 'b', 'c', 'd']);
  });
});
