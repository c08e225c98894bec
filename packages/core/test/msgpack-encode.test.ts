/**
 * Our MessagePack encoder against @msgpack/msgpack's, the encoder core used
 * before: for every input, the same bytes or the same error.
 */
import { encode, ExtData } from '@msgpack/msgpack';
import fc from 'fast-check';
import { encodeMessage } from '@asyncactor/core';
import { encodeMsgpack, utf8, type EncodeOptions } from '@asyncactor/core/internal';
import { anyMessage } from './fixtures/arbitraries';
import { oldEncodeMessage, pythonIntegers } from './fixtures/old-encode';

type Outcome = { readonly hex: string } | { readonly error: string };

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

function outcome(run: () => Uint8Array): Outcome {
  try {
    return { hex: hex(run()) };
  } catch (error) {
    return { error: String(error) };
  }
}

/** `[1, <hole>, 3]`. */
const holey = (): unknown[] => Object.assign(new Array<unknown>(3), { 0: 1, 2: 3 });

const BOTH: readonly (EncodeOptions | undefined)[] = [undefined, { useBigInt64: true }];

/** Our outcome equals the library's, with its default options and with `useBigInt64`. */
function expectSame(value: unknown): void {
  for (const options of BOTH) {
    expect(outcome(() => encodeMsgpack(value, options))).toEqual(outcome(() => encode(value, options)));
  }
}

/** Our bytes, which must equal the library's. */
function ours(value: unknown, options?: EncodeOptions): string {
  const mine = outcome(() => encodeMsgpack(value, options));
  expect(mine).toEqual(outcome(() => encode(value, options)));
  if (!('hex' in mine)) throw new Error(`refused: ${mine.error}`);
  return mine.hex;
}

const INT_BOUNDARIES = [0, -0, 1, -1, 31, 32, 127, 128, -31, -32, -33, -127, -128, -129, 255, 256, -32767, -32768, -32769, 65535, 65536]
  .concat([2 ** 31 - 1, 2 ** 31, -(2 ** 31), -(2 ** 31) - 1, 2 ** 32 - 1, 2 ** 32, -(2 ** 32), -(2 ** 32) - 1, 2 ** 40 + 3, -(2 ** 40) - 3])
  .concat([Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, 2 ** 53, -(2 ** 53), 2 ** 53 + 2, 2 ** 64, -(2 ** 63), 1e300]);
const FLOATS = [0.5, -0.5, 1.1, -1e-300, Number.MIN_VALUE, Number.MAX_VALUE, Number.EPSILON, NaN, Infinity, -Infinity, 1 / 3];
const BIGINTS = [0n, 1n, -1n, 127n, 128n, -32n, -33n, 2n ** 32n, -(2n ** 31n) - 1n, 2n ** 63n - 1n, 2n ** 63n, -(2n ** 63n), 2n ** 64n - 1n]
  // Beyond 64 bits the library wraps (core turns those into floats before it encodes).
  .concat([2n ** 64n, 2n ** 64n + 5n, -(2n ** 63n) - 1n, -(2n ** 70n) - 9n, 10n ** 30n]);
const LONE_SURROGATES = ['\ud800', '\udfff', 'a\udc00b', '\udbff\ud800', '😀'.slice(0, 1), '😀'.slice(1), '\ud83d\ude00\ude00'];

/** A string of lone surrogates, astral and other characters around 50 UTF-16 units, where the library switches to TextEncoder. */
const aroundFifty = fc
  .tuple(fc.integer({ min: 44, max: 56 }), fc.array(fc.constantFrom('a', 'é', '€', '😀', '\ud800', '\udc00', '\uffff', '\u0800', '\u07ff'), { maxLength: 8 }))
  .map(([length, extra]) => (extra.join('') + 'x'.repeat(length)).slice(0, length));

/** Anything the library's encoder is handed: every kind of value it writes, and some it refuses. */
const anything: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(null, undefined, true, false, ...INT_BOUNDARIES, ...FLOATS, ...BIGINTS, ...LONE_SURROGATES),
    fc.integer(),
    fc.maxSafeInteger(),
    fc.double(),
    fc.bigInt({ min: -(2n ** 66n), max: 2n ** 66n }),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 70 }),
    aroundFifty,
    fc.uint8Array({ maxLength: 40 }),
    fc.uint8Array({ minLength: 4, maxLength: 40 }).map((bytes) => bytes.subarray(1, bytes.length - 1)),
    fc.float32Array({ maxLength: 4 }),
    fc.integer({ min: -(2 ** 45), max: 2 ** 45 }).map((n) => new Date(n)),
    fc.constantFrom(new Date(Number.NaN), new Date(-1), new Date(-8.64e15), new Date(8.64e15), new Date(2 ** 32 * 1000), new Date(2 ** 34 * 1000)),
    fc.tuple(fc.integer({ min: -128, max: 127 }), fc.uint8Array({ maxLength: 20 })).map(([type, data]) => new ExtData(type, data)),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(fc.string({ unit: 'binary', maxLength: 6 }), tie('value'), { maxKeys: 5 }),
    fc.constantFrom(new Map([[1, 2]]), new ArrayBuffer(3), Object.create(null) as object, holey(), Symbol('s'), () => 1),
  ),
})).value;

describe('encodeMsgpack writes what @msgpack/msgpack encode() writes', () => {
  it('for arbitrary values, with and without useBigInt64: the same bytes or the same error (property)', () => {
    fc.assert(fc.property(anything, expectSame), { numRuns: 5000 });
  });

  it('for every message core sends: the bytes core wrote before (property)', () => {
    fc.assert(
      fc.property(anyMessage, (message) => {
        expect(hex(encodeMessage(message))).toBe(hex(oldEncodeMessage(message)));
      }),
      { numRuns: 2000 },
    );
  });

  it('with `python`, for a map holding arbitrary values: what the library wrote for the old Python-integer copy (property)', () => {
    fc.assert(
      fc.property(anything, fc.string(), (value, node) => {
        const python = outcome(() => encodeMsgpack({ node, value, history: [node, 'b'], t: 'ping' }, { python: true }));
        const old = outcome(() => encode({ node, value: pythonIntegers(value, 0), history: [node, 'b'], t: 'ping' }, { useBigInt64: true }));
        expect(python).toEqual(old);
      }),
      { numRuns: 3000 },
    );
  });

  it('with `python`: integers as Python packs them down to the depth the old copy reached, the library beyond; exotic objects as the copy had them', () => {
    const nest = (levels: number, inner: unknown): unknown => (levels === 0 ? inner : [nest(levels - 1, inner)]);
    const exotic = [new Float32Array([1.5, 2]), new BigInt64Array([2n ** 40n, 1n]), new DataView(new ArrayBuffer(2)), new ExtData(3, Uint8Array.of(1)), new Map([[1, 2]]), JSON.parse('{"__proto__": 1, "a": 2}') as unknown];
    for (const levels of [0, 1, 60, 63, 64, 65, 66, 67, 70, 97, 98, 99]) {
      for (const inner of [2n ** 40n, 2 ** 40, 7n, 2n ** 70n, -(2n ** 63n) - 1n, 2 ** 53, ...exotic]) {
        const value = [1n, nest(levels, inner)];
        const python = outcome(() => encodeMsgpack({ value }, { python: true }));
        expect(python).toEqual(outcome(() => encode({ value: pythonIntegers(value, 0) }, { useBigInt64: true })));
      }
    }
    expect(hex(encodeMsgpack({ value: [2 ** 40, 2n ** 40n, 5n, 2n ** 64n] }, { python: true }))).toBe('81a576616c756594cf0000010000000000cf000001000000000005cb43f0000000000000');
    expect(ours({ value: [2 ** 40, 2n ** 40n, 5n] }, { useBigInt64: true })).toBe('81a576616c756593cb4270000000000000cf0000010000000000cf0000000000000005');
  });

  it('integers at every format boundary take the smallest format; safe ones beyond 32 bits are float64 with useBigInt64', () => {
    for (const n of [...INT_BOUNDARIES, ...FLOATS]) expectSame(n);
    expect(ours(-0)).toBe('00');
    expect(ours(127)).toBe('7f');
    expect(ours(128)).toBe('cc80');
    expect(ours(-32)).toBe('e0');
    expect(ours(-33)).toBe('d0df');
    expect(ours(65536)).toBe('ce00010000');
    expect(ours(2 ** 32)).toBe('cf0000000100000000');
    expect(ours(-(2 ** 32) - 1)).toBe('d3fffffffeffffffff');
    expect(ours(2 ** 32, { useBigInt64: true })).toBe('cb41f0000000000000');
    expect(ours(2 ** 53)).toBe('cb4340000000000000');
    expect(ours(0.5)).toBe('cb3fe0000000000000');
  });

  it('bigints are int64/uint64 with useBigInt64 (wrapped beyond 64 bits) and refused without', () => {
    for (const n of BIGINTS) expectSame(n);
    expect(ours(1n, { useBigInt64: true })).toBe('cf0000000000000001');
    expect(ours(-1n, { useBigInt64: true })).toBe('d3ffffffffffffffff');
    expect(ours(2n ** 64n + 5n, { useBigInt64: true })).toBe('cf0000000000000005');
    expect(outcome(() => encodeMsgpack(1n))).toEqual({ error: 'Error: Unrecognized object: [object BigInt]' });
  });

  it('string headers at 31/32, 255/256 and 65535/65536 bytes; unicode, astral and lone surrogates', () => {
    for (const length of [0, 31, 32, 255, 256, 65535, 65536]) expectSame('é'.repeat(length >> 1) + 'x'.repeat(length & 1));
    for (const length of [0, 31, 32, 255, 256, 65535, 65536]) expectSame('q'.repeat(length));
    expect(ours('x'.repeat(31)).slice(0, 2)).toBe('bf');
    expect(ours('x'.repeat(32)).slice(0, 4)).toBe('d920');
    expect(ours('x'.repeat(256)).slice(0, 6)).toBe('da0100');
    expect(ours('x'.repeat(65536)).slice(0, 10)).toBe('db00010000');
    for (const text of LONE_SURROGATES) for (const pad of [0, 49, 50, 51, 200]) expectSame(text + 'y'.repeat(pad));
    // Up to 50 UTF-16 units a lone surrogate keeps its WTF-8 bytes; beyond, TextEncoder's U+FFFD.
    expect(ours('\ud800' + 'y'.repeat(49)).slice(0, 10)).toBe('d934eda080');
    expect(ours('\ud800' + 'y'.repeat(50)).slice(0, 10)).toBe('d935efbfbd');
    expect(ours('😀é€')).toBe('a9f09f9880c3a9e282ac');
  });

  it('utf8(), which the wire limits count names with, has TextEncoder\'s length for any string, lone surrogates too (property)', () => {
    const strings = fc.oneof(fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 80 }), aroundFifty, fc.string({ unit: 'binary', maxLength: 60 }));
    fc.assert(
      fc.property(strings, (text) => {
        expect(utf8(text).length).toBe(new TextEncoder().encode(text).byteLength);
      }),
      { numRuns: 3000 },
    );
  });

  it('binaries of 0, 255, 256, 65535 and 65536 bytes, and any ArrayBuffer view as the bytes it views', () => {
    for (const size of [0, 255, 256, 65535, 65536]) expectSame(Uint8Array.from({ length: size }, (_, i) => i * 7));
    expect(ours(new Uint8Array(0))).toBe('c400');
    expect(ours(new Uint8Array(256)).slice(0, 6)).toBe('c50100');
    expect(ours(new Uint8Array(65536)).slice(0, 10)).toBe('c600010000');
    const buffer = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]).buffer;
    for (const view of [new Uint8Array(buffer, 2, 3), new Uint16Array(buffer, 2, 2), new DataView(buffer, 1, 4), new Float64Array(buffer), Buffer.from('hi')]) expectSame(view);
    expect(ours(new Uint16Array(buffer, 2, 2))).toBe('c40403040506');
    expect(ours(buffer)).toBe('80');
  });

  it('arrays and maps of 15/16, 65535/65536 items; maps in own-key order, undefined and holes as nil', () => {
    for (const size of [0, 15, 16, 65535, 65536]) {
      expectSame(Array.from({ length: size }, (_, i) => i % 3));
      expectSame(Object.fromEntries(Array.from({ length: size }, (_, i) => [`k${i}`, i % 2 === 0])));
    }
    expect(ours(new Array(16).fill(0)).slice(0, 6)).toBe('dc0010');
    expect(ours(new Array(65536).fill(0)).slice(0, 10)).toBe('dd00010000');
    expect(ours(Object.fromEntries(Array.from({ length: 16 }, (_, i) => [String.fromCharCode(97 + i), 0]))).slice(0, 6)).toBe('de0010');
    expect(ours({ b: 1, a: undefined, 2: null })).toBe('83a132c0a16201a161c0');
    expect(ours(holey())).toBe('9301c003');
    class Point {
      constructor(readonly x = 1) {}
    }
    for (const odd of [new Point(), new Map([['a', 1]]), new Set([1]), Object.create(null) as object, Object.assign(new Map(), { own: 1 })]) expectSame(odd);
  });

  it('dates as the timestamp extension: 32, 64 and 96 bits, invalid dates included', () => {
    const dates = [0, 1, -1, 999, 1000, 1500, (2 ** 32 - 1) * 1000, 2 ** 32 * 1000, 2 ** 32 * 1000 + 1, 2 ** 34 * 1000 - 1, 2 ** 34 * 1000, -8.64e15, 8.64e15, NaN];
    for (const ms of dates) expectSame(new Date(ms));
    expect(ours(new Date(1000))).toBe('d6ff00000001');
    expect(ours(new Date(1500))).toBe('d7ff77359400' + '00000001');
    expect(ours(new Date(-1))).toBe('c70cff3b8b87c0ffffffffffffffff');
    expect(ours(new Date(NaN))).toBe('c70cff' + '00'.repeat(12));
  });

  it('ExtData of every size, and of data written by a function of its position', () => {
    for (const size of [0, 1, 2, 3, 4, 8, 15, 16, 17, 255, 256, 65536]) expectSame(new ExtData(-7, new Uint8Array(size).fill(9)));
    expect(ours(new ExtData(5, Uint8Array.of(1, 2)))).toBe('d5050102');
    expect(ours(new ExtData(300, Uint8Array.of(1, 2, 3)))).toBe('c7032c010203');
    const at = (pos: number): Uint8Array => Uint8Array.of(pos, 1);
    expectSame([7, 'abc', new ExtData(1, at)]);
    expect(ours([7, new ExtData(1, at)])).toBe('9207c9000000020108' + '01');
  });

  it('refuses what the library refuses, with its messages: nesting beyond 100, functions, symbols', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 99; i++) deep = [deep];
    expectSame(deep);
    expectSame([deep]);
    expect(outcome(() => encodeMsgpack([deep]))).toEqual({ error: 'Error: Too deep objects in depth 101' });
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    expectSame(loop);
    for (const odd of [Symbol('s'), () => 1, async () => 1, { f: Math.max }]) expectSame(odd);
    expect(outcome(() => encodeMsgpack({ f: () => 1 }))).toEqual({ error: 'Error: Unrecognized object: [object Function]' });
  });

  it('returns a fresh array for each call, and reads each property once, in the library order', () => {
    const reads: string[] = [];
    const spy = { get a() { reads.push('a'); return 1; }, get b() { reads.push('b'); return 2; } };
    expect(ours(spy)).toBe('82a16101a16202');
    reads.length = 0;
    encodeMsgpack(spy);
    expect(reads).toEqual(['a', 'b']);
    const first = encodeMsgpack([1]);
    expect(encodeMsgpack([1])).not.toBe(first);
  });
});
