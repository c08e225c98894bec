/**
 * Our MessagePack decoder against @msgpack/msgpack's `decode(bytes, {
 * useBigInt64: true })`, the decoder core used before: for every input
 * nested at most 100 deep, the same value, or an error where it throws;
 * deeper, a stand-in for what lies deeper.
 */
import { decode, encode, ExtData } from '@msgpack/msgpack';
import fc from 'fast-check';
import { decodeMsgpack, encodeMsgpack, MAX_DECODE_DEPTH, TOO_DEEP } from '@asyncactor/core/internal';
import { anyValue } from './fixtures/arbitraries';

/** A value as a comparable tree: every number, bigint, byte, date and extension spelled out, and what each object is. */
function canon(value: unknown): unknown {
  if (typeof value === 'number') return Object.is(value, -0) ? 'number -0' : `number ${value}`;
  if (typeof value === 'bigint') return `bigint ${value}`;
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof Uint8Array) return `bytes ${Buffer.from(value).toString('hex')}`;
  if (value instanceof Date) return `date ${value.getTime()}`;
  if (value instanceof ExtData) return ['ext', value.type, canon(value.data)];
  if (Array.isArray(value)) return ['array', ...value.map(canon)];
  expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  return ['map', ...Object.entries(value).map(([k, v]) => [k, canon(v)])];
}

type Outcome = { readonly value: unknown } | { readonly threw: true };

function outcome(run: () => unknown): Outcome {
  try {
    return { value: canon(run()) };
  } catch {
    return { threw: true };
  }
}

/**
 * Our outcome equals the library's. Its key cache is off (`keyDecoder:
 * null`): it caches keys of up to 16 bytes by those bytes alone, so a key
 * whose last UTF-8 sequence is cut off, which reads on into the bytes after
 * it, would give the string of its first decoding ever after.
 */
function expectSame(bytes: Uint8Array): void {
  expect(outcome(() => decodeMsgpack(bytes))).toEqual(outcome(() => decode(bytes, { useBigInt64: true, keyDecoder: null })));
}

const fromHex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text.replace(/\s+/g, ''), 'hex'));

/** Encoded values of every kind, by the library (safe integers beyond 32 bits as float64) and as Python encodes them (as int64/uint64). */
const encoded = fc
  .tuple(anyValue, fc.boolean())
  .map(([value, python]) => (python ? encodeMsgpack(value, { python }) : encode(value, { useBigInt64: true })));

/** A string header (fixstr, str 8, str 16) for `length` bytes. */
function strHeader(length: number): number[] {
  if (length < 32) return [0xa0 + length];
  return length < 256 ? [0xd9, length] : [0xda, length >> 8, length & 0xff];
}

/** Bytes UTF-8 may or may not allow: continuation bytes alone, cut-off and overlong sequences, surrogates, 5-byte leads. */
const utf8ish = fc.array(
  fc.oneof(
    fc.integer({ min: 0, max: 255 }).map((b) => [b]),
    fc.constantFrom([0xc3, 0xa9], [0xe2, 0x82, 0xac], [0xf0, 0x9f, 0x98, 0x80], [0xed, 0xa0, 0x80], [0xc0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xe2, 0x82], [0xf0]),
  ),
  { maxLength: 120 },
).map((parts) => parts.flat());

describe('decodeMsgpack decodes what @msgpack/msgpack decode() decodes', () => {
  it('every value the library encodes', () => {
    fc.assert(fc.property(encoded, expectSame), { numRuns: 2000 });
  });

  it('every head byte, followed by anything', () => {
    for (let head = 0; head < 256; head++) {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 24 }), (rest) => expectSame(Uint8Array.of(head, ...rest))),
        { numRuns: 40 },
      );
    }
  });

  it('encoded values cut short, with bytes left over, or with bytes changed', () => {
    const mutated = fc
      .tuple(encoded, fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('cut', 'extra', 'flip'))
      .map(([bytes, at, byte, how]) => {
        if (how === 'cut') return bytes.subarray(0, at % (bytes.length + 1));
        if (how === 'extra') return Uint8Array.of(...bytes, byte);
        const copy = Uint8Array.from(bytes);
        copy[at % copy.length] = byte;
        return copy;
      });
    fc.assert(fc.property(mutated, expectSame), { numRuns: 3000 });
  });

  it('strings of malformed UTF-8 as values and as keys, at and around the 200 bytes where the library turns to TextDecoder', () => {
    const lengths = fc.constantFrom(0, 1, 5, 16, 17, 31, 32, 199, 200, 201, 300);
    fc.assert(
      fc.property(utf8ish, lengths, fc.boolean(), (bytes, length, asKey) => {
        const body = bytes.concat(Array.from({ length: Math.max(0, length - bytes.length) }, () => 0x61)).slice(0, length);
        const str = [...strHeader(body.length), ...body];
        // As a key, what follows the string is its value; a cut-off sequence reads on into it.
        expectSame(Uint8Array.from(asKey ? [0x81, ...str, 0xc3] : [0x92, ...str, 0xc3]));
      }),
      { numRuns: 2000 },
    );
  });

  it('timestamps of every size, and other extensions', () => {
    const cases = [
      'd6ff 00000001', // timestamp 32
      'd7ff 00000004 00000005', // timestamp 64
      'c70cff 00000001 ffffffffffffffff', // timestamp 96, before 1970
      'c70cff 3b9aca00 0000000000000001', // nanoseconds out of range
      'd5ff 0001', // a timestamp of 2 bytes: refused
      'c703ff 010203',
      'd401 07',
      'c700 05', // empty extension data
      'c80003 2a 010203',
    ];
    for (const text of cases) expectSame(fromHex(text));
  });

  it('map keys the library refuses, and numbers as keys', () => {
    const cases = [
      '81 a95f5f70726f746f5f5f 01', // __proto__
      '81 c0 01',
      '81 c3 01',
      '81 90 01',
      '81 80 01',
      '81 cf0000000000000001 01', // a uint64 key is a bigint
      '81 c4 01 61 01', // bin
      '82 01 02 cb3ff8000000000000 03', // 1 and 1.5
      '82 a131 01 01 02', // "1" then 1: the second wins
      '81 e0 01',
      '81 a1eb c3', // a key cut off after its lead byte reads on into its value (found by the property test)
      '81 a1eb c2',
    ];
    for (const text of cases) expectSame(fromHex(text));
  });

  it('input that is a view into a larger buffer', () => {
    fc.assert(
      fc.property(encoded, fc.uint8Array({ maxLength: 9 }), fc.uint8Array({ maxLength: 9 }), (bytes, before, after) => {
        const view = Buffer.from([...before, ...bytes, ...after]).subarray(before.length, before.length + bytes.length);
        expectSame(view);
      }),
      { numRuns: 500 },
    );
  });

  it('declared lengths far beyond the input throw at once, and allocate nothing', () => {
    for (const text of ['ddffffffff', 'dfffffffff', 'dbffffffff', 'c6ffffffff', 'c9ffffffff01']) {
      expect(() => decodeMsgpack(fromHex(text))).toThrow(RangeError);
      expectSame(fromHex(text));
    }
  });
});

describe('nesting', () => {
  const nested = (depth: number): Uint8Array => Uint8Array.from({ length: depth + 1 }, (_, i) => (i < depth ? 0x91 : 0xc0));
  const nestedMaps = (depth: number): Uint8Array =>
    Uint8Array.from([...Array.from({ length: depth }, () => [0x81, 0xa1, 0x6b]).flat(), 0xc0]);
  /** `levels` arrays, the innermost holding `inner`. */
  const wrapped = (levels: number, inner: unknown): unknown => (levels === 0 ? inner : [wrapped(levels - 1, inner)]);

  it(`${MAX_DECODE_DEPTH} arrays or maps, one inside the other: as the library`, () => {
    expectSame(nested(MAX_DECODE_DEPTH));
    expectSame(nestedMaps(MAX_DECODE_DEPTH));
  });

  it('one more, and what it holds, stands as TOO_DEEP, read past without recursion; what follows it is read', () => {
    expect(decodeMsgpack(nested(MAX_DECODE_DEPTH + 1))).toEqual(wrapped(MAX_DECODE_DEPTH, TOO_DEEP));
    expect(decodeMsgpack(nested(100_000))).toEqual(wrapped(MAX_DECODE_DEPTH, TOO_DEEP));
    const deepMap = nestedMaps(MAX_DECODE_DEPTH + 1);
    const inner = decodeMsgpack(deepMap);
    let level: unknown = inner;
    for (let i = 0; i < MAX_DECODE_DEPTH; i++) level = (level as Record<string, unknown>).k;
    expect(level).toBe(TOO_DEEP);
    // [<101 levels of maps and arrays of every kind>, "after"]
    const mixed = [0x92, ...Array.from({ length: 100 }, () => 0x91), 0xdc, 0, 3, 0xde, 0, 1, 0xa1, 0x6b, 0xdd, 0, 0, 0, 1, 0x80, 0xc4, 1, 7, 0xd6, 0xff, 0, 0, 0, 1, 0xa5, ...Buffer.from('after')];
    expect(decodeMsgpack(Uint8Array.from(mixed))).toEqual([wrapped(99, TOO_DEEP), 'after']);
  });

  it('what it holds must still be there: cut short, it throws', () => {
    expect(() => decodeMsgpack(nested(100_000).subarray(0, 100_000))).toThrow(RangeError);
    // 100 arrays, then one of two items holding just one.
    expect(() => decodeMsgpack(Uint8Array.from([...new Array<number>(MAX_DECODE_DEPTH).fill(0x91), 0x92, 0xc0]))).toThrow(RangeError);
  });
});
