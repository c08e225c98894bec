/**
 * The collision rule: agrees with every decision of the Python reference and
 * is a strict total order over values of every kind.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { compareStrings, compareValues, defaultPriority, type Value } from '@asyncactor/core';

interface PriorityVector {
  a: string;
  b: string;
  va: Value;
  vb: Value;
  a_wins: boolean;
}
const vectors = (JSON.parse(readFileSync(join(__dirname, 'fixtures', 'python-reference.json'), 'utf8')) as { priority: PriorityVector[] }).priority;

const value: fc.Arbitrary<Value> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.integer({ min: -5, max: 5 }),
    fc.double({ min: -5, max: 5 }),
    fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }),
    fc.constant(Number.NaN),
    fc.string({ maxLength: 4 }),
    fc.constantFrom('\uffff', '😀', 'é', 'e'),
    fc.uint8Array({ maxLength: 3 }),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('a', 'b', 'c'), tie('value'), { maxKeys: 2 }),
  ),
})).value as fc.Arbitrary<Value>;

describe('priority vs the Python reference', () => {
  it(`agrees with all ${vectors.length} decisions`, () => {
    expect(vectors.length).toBeGreaterThan(100);
    const disagreements = vectors.filter((v) => defaultPriority(v.a, v.va, v.b, v.vb) !== v.a_wins);
    expect(disagreements).toEqual([]);
  });
});

describe('the order', () => {
  it('null loses to any other value; equal values fall back to the smaller name', () => {
    expect(defaultPriority('z', 0, 'a', null)).toBe(true);
    expect(defaultPriority('a', null, 'z', false)).toBe(false);
    expect(defaultPriority('a', 3, 'b', 3)).toBe(true);
    expect(defaultPriority('b', 3, 'a', 3)).toBe(false);
  });

  it('numbers compare numerically, int, float and bigint alike; booleans are 0 and 1', () => {
    expect(compareValues(1, 1.0)).toBe(0);
    expect(compareValues(1, 1n)).toBe(0);
    expect(compareValues(0, -0)).toBe(0);
    expect(compareValues(true, 1)).toBe(0);
    expect(compareValues(2n ** 64n, 1e18)).toBe(1);
    expect(compareValues(1.5, 2)).toBe(-1);
  });

  it('strings by code point, not UTF-16 unit', () => {
    expect(compareStrings('\uffff', '😀')).toBe(-1);
    expect('\uffff' < '😀').toBe(false); // what a naive comparison would get wrong
    expect(compareStrings('a', 'ab')).toBe(-1);
    expect(compareStrings('é', 'e')).toBe(1);
  });

  it('kinds in a fixed order: null < number < string < bytes < date < array < map', () => {
    const ordered: Value[] = [null, -1e9, '', new Uint8Array([0]), new Date(0), [], {}];
    for (let i = 0; i + 1 < ordered.length; i++) expect(compareValues(ordered[i], ordered[i + 1])).toBe(-1);
  });

  it('is antisymmetric on distinct names (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), value, value, (a, b, va, vb) => {
        fc.pre(a !== b);
        expect(defaultPriority(a, va, b, vb)).toBe(!defaultPriority(b, vb, a, va));
      }),
      { numRuns: 3000 },
    );
  });

  it('compareValues is a total order: reflexive, antisymmetric, transitive (property)', () => {
    fc.assert(
      fc.property(value, value, value, (x, y, z) => {
        expect(compareValues(x, x)).toBe(0);
        expect(Math.sign(compareValues(x, y)) + Math.sign(compareValues(y, x))).toBe(0);
        if (compareValues(x, y) <= 0 && compareValues(y, z) <= 0) expect(compareValues(x, z)).toBeLessThanOrEqual(0);
      }),
      { numRuns: 3000 },
    );
  });
});
