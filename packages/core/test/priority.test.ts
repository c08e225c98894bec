/**
 * The collision rule: agrees with every decision of the Python reference and
 * is a strict total order over values of every kind.
 */
import fc from 'fast-check';
import { compareStrings, compareValues, defaultPriority, type Value } from '@asyncactor/core';
import { reference } from './fixtures/reference';

const vectors = reference.priority;
const sign = (n: number): number => Math.sign(n) + 0;

/** Numbers around the edges where int, float and bigint meet. */
const edgyNumber = fc.constantFrom<Value>(0, -0, 1, 1.0, 1n, true, false, 0n, -1, 0.5, 2 ** 53, 2n ** 53n, 2n ** 53n + 1n, 2 ** 64, 2n ** 64n, -Infinity, Infinity, Number.NaN, Number.MAX_VALUE, -Number.MIN_VALUE);
/** Strings around the surrogate range, where UTF-16 order and code point order disagree. */
const edgyString = fc.constantFrom('', 'a', '\ud7ff', '\ue000', '\uffff', '😀', '\u{10000}', '\u{10ffff}', 'é', 'e', 'ab', 'a😀', 'a\uffff');

const value: fc.Arbitrary<Value> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.integer({ min: -5, max: 5 }),
    fc.double({ min: -5, max: 5 }),
    fc.double(),
    fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }),
    edgyNumber,
    fc.string({ maxLength: 4 }),
    fc.string({ unit: 'binary', maxLength: 3 }),
    edgyString,
    fc.uint8Array({ maxLength: 3 }),
    fc.date({ noInvalidDate: true, min: new Date(-5), max: new Date(5) }),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('a', 'b', 'c', 'é', '😀'), tie('value'), { maxKeys: 2 }),
  ),
})).value as fc.Arbitrary<Value>;

/** Names, with collisions between them likely. */
const name = fc.oneof(fc.constantFrom('a', 'b', 'c_1', 'c_10', '\uffff', '😀'), fc.string({ unit: 'binary', maxLength: 4 }));

describe('priority vs the Python reference', () => {
  it(`agrees with all ${vectors.length} decisions`, () => {
    expect(vectors.length).toBeGreaterThan(100);
    const disagreements = vectors.filter((v) => defaultPriority(v.a, v.va, v.b, v.vb) !== v.a_wins);
    expect(disagreements).toEqual([]);
  });

  it('and with each decision seen from the other side', () => {
    const disagreements = vectors.filter((v) => v.a !== v.b && defaultPriority(v.b, v.vb, v.a, v.va) !== !v.a_wins);
    expect(disagreements).toEqual([]);
  });
});

describe('the rule', () => {
  it('null loses to any other value; equal values fall back to the smaller name', () => {
    expect(defaultPriority('z', 0, 'a', null)).toBe(true);
    expect(defaultPriority('a', null, 'z', false)).toBe(false);
    expect(defaultPriority('a', 3, 'b', 3)).toBe(true);
    expect(defaultPriority('b', 3, 'a', 3)).toBe(false);
    expect(defaultPriority('a', null, 'b', undefined)).toBe(true); // never seen counts as null
  });

  it('null loses to anything, whatever the names (property)', () => {
    fc.assert(
      fc.property(name, name, value, fc.constantFrom(null, undefined), (a, b, v, nothing) => {
        fc.pre(a !== b && v !== null);
        expect(defaultPriority(a, v, b, nothing)).toBe(true);
        expect(defaultPriority(b, nothing, a, v)).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('is antisymmetric on distinct names (property)', () => {
    fc.assert(
      fc.property(name, name, value, value, (a, b, va, vb) => {
        fc.pre(a !== b);
        expect(defaultPriority(a, va, b, vb)).toBe(!defaultPriority(b, vb, a, va));
      }),
      { numRuns: 3000 },
    );
  });

  it('orders nodes transitively: a beats b and b beats c means a beats c (property)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(name, { minLength: 3, maxLength: 3 }), fc.tuple(value, value, value), ([a, b, c], [va, vb, vc]) => {
        if (defaultPriority(a!, va, b!, vb) && defaultPriority(b!, vb, c!, vc)) expect(defaultPriority(a!, va, c!, vc)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('compareValues', () => {
  it('numbers compare numerically, int, float and bigint alike; booleans are 0 and 1', () => {
    expect(compareValues(1, 1.0)).toBe(0);
    expect(compareValues(1, 1n)).toBe(0);
    expect(compareValues(1.0, 1n)).toBe(0);
    expect(compareValues(0, -0)).toBe(0);
    expect(compareValues(-0, 0n)).toBe(0);
    expect(compareValues(true, 1)).toBe(0);
    expect(compareValues(true, 1n)).toBe(0);
    expect(compareValues(false, 0)).toBe(0);
    expect(compareValues(false, -0)).toBe(0);
    expect(compareValues(true, false)).toBe(1);
    expect(compareValues(true, 0.5)).toBe(1);
    expect(compareValues(2n ** 64n, 1e18)).toBe(1);
    expect(compareValues(1.5, 2)).toBe(-1);
    expect(compareValues(2 ** 53, 2n ** 53n + 1n)).toBe(-1); // exact, no rounding of the bigint
    expect(compareValues(2 ** 64, 2n ** 64n)).toBe(0);
    expect(compareValues(-Infinity, -(2n ** 70n))).toBe(-1);
  });

  it('equal numbers compare equal in every representation (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), (n) => {
        expect(compareValues(n, BigInt(n))).toBe(0);
        expect(compareValues(BigInt(n), n * 1.0)).toBe(0);
        expect(compareValues(n, n + 0.5)).toBe(n + 0.5 === n ? 0 : -1);
      }),
      { numRuns: 1000 },
    );
  });

  it('numbers of any representation agree with exact arithmetic (property)', () => {
    const finite = fc.oneof(fc.double({ noNaN: true }), fc.integer().map((n) => BigInt(n) * 2n ** 40n), fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }), fc.boolean());
    fc.assert(
      fc.property(finite, finite, (x, y) => {
        const ex = typeof x === 'boolean' ? Number(x) : x;
        const ey = typeof y === 'boolean' ? Number(y) : y;
        expect(sign(compareValues(x, y))).toBe(ex < ey ? -1 : ex > ey ? 1 : 0);
      }),
      { numRuns: 2000 },
    );
  });

  it('NaN equals NaN, sorts below every other number and above null', () => {
    expect(compareValues(Number.NaN, Number.NaN)).toBe(0);
    for (const n of [-Infinity, -(2n ** 70n), 0, false, Infinity]) {
      expect(compareValues(Number.NaN, n)).toBe(-1);
      expect(compareValues(n, Number.NaN)).toBe(1);
    }
    expect(compareValues(Number.NaN, null)).toBe(1);
    expect(compareValues([1, Number.NaN], [1, Number.NaN])).toBe(0);
    expect(defaultPriority('a', Number.NaN, 'b', Number.NaN)).toBe(true); // equal: the smaller name wins
    expect(defaultPriority('a', Number.NaN, 'b', -1)).toBe(false);
  });

  it('strings by code point, not UTF-16 unit', () => {
    expect(compareStrings('\uffff', '😀')).toBe(-1);
    expect('\uffff' < '😀').toBe(false); // what a naive comparison would get wrong
    expect(compareStrings('\ue000', '\u{10000}')).toBe(-1);
    expect(compareStrings('\ud7ff', '\u{10000}')).toBe(-1);
    expect(compareStrings('😀', '\u{10ffff}')).toBe(-1);
    expect(compareStrings('a', 'ab')).toBe(-1);
    expect(compareStrings('é', 'e')).toBe(1);
    expect(compareStrings('', '')).toBe(0);
    expect(compareValues('a😀', 'a\uffff')).toBe(1);
  });

  it('strings agree with code point order and with UTF-8 byte order (property)', () => {
    const str = fc.oneof(fc.string({ unit: 'binary', maxLength: 6 }), edgyString, fc.tuple(edgyString, edgyString).map(([x, y]) => x + y));
    const byCodePoint = (x: string, y: string): number => {
      const a = [...x].map((c) => c.codePointAt(0)!);
      const b = [...y].map((c) => c.codePointAt(0)!);
      for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
      return sign(a.length - b.length);
    };
    fc.assert(
      fc.property(str, str, (x, y) => {
        const got = sign(compareStrings(x, y));
        expect(got).toBe(byCodePoint(x, y));
        expect(got).toBe(Buffer.compare(Buffer.from(x), Buffer.from(y)));
      }),
      { numRuns: 3000 },
    );
  });

  it('kinds in a fixed order: null < number < string < bytes < date < array < map', () => {
    const ordered: Value[] = [null, -1e9, '', new Uint8Array([0]), new Date(0), [], {}];
    for (let i = 0; i < ordered.length; i++) {
      for (let j = 0; j < ordered.length; j++) expect(sign(compareValues(ordered[i], ordered[j]))).toBe(sign(i - j));
    }
    expect(compareValues(Infinity, '')).toBe(-1);
    expect(compareValues('\u{10ffff}', new Uint8Array())).toBe(-1);
  });

  it('bytes and arrays element by element, shorter first on a tie; maps by sorted entries, in any key order', () => {
    expect(compareValues(new Uint8Array([1, 2]), new Uint8Array([1, 3]))).toBe(-1);
    expect(compareValues(new Uint8Array([1]), new Uint8Array([1, 0]))).toBe(-1);
    expect(compareValues(new Uint8Array([2]), new Uint8Array([1, 255]))).toBe(1);
    expect(compareValues([1, 'a'], [1, 'b'])).toBe(-1);
    expect(compareValues([1], [1, null])).toBe(-1);
    expect(compareValues([1n], [1.0])).toBe(0);
    expect(compareValues({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(0);
    expect(compareValues({ a: 1 }, { a: 1, b: 0 })).toBe(-1);
    expect(compareValues({ b: 0 }, { a: 9 })).toBe(1); // first sorted key decides
    expect(compareValues(new Date(1), new Date(2))).toBe(-1);
  });

  it('is a total order: reflexive, antisymmetric, transitive, over values of mixed kinds (property)', () => {
    fc.assert(
      fc.property(value, value, value, (x, y, z) => {
        expect(compareValues(x, x)).toBe(0);
        const xy = sign(compareValues(x, y));
        const yz = sign(compareValues(y, z));
        const xz = sign(compareValues(x, z));
        expect(sign(compareValues(y, x))).toBe(sign(-xy));
        if (xy <= 0 && yz <= 0) expect(xz).toBeLessThanOrEqual(0);
        if (xy === 0) expect(xz).toBe(yz); // equal values are interchangeable
      }),
      { numRuns: 4000 },
    );
  });

  it('sorting with it gives the same order whatever the starting order (property)', () => {
    fc.assert(
      fc.property(fc.array(value, { maxLength: 8 }), fc.nat(), (list, seed) => {
        const sorted = [...list].sort(compareValues);
        const rotated = list.map((_, i) => list[(i + seed) % list.length]!).sort(compareValues);
        sorted.forEach((v, i) => expect(compareValues(v, rotated[i])).toBe(0));
      }),
      { numRuns: 1000 },
    );
  });
});
