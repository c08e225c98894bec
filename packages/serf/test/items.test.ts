/**
 * The item splitter: every msgpack format cut at every byte gives the same
 * items, and each limit is enforced from the header alone, before the
 * content it announces has arrived.
 */
import { decode, encode } from '@msgpack/msgpack';
import { SerfProtocolError } from '@asyncactor/serf';
import { ItemSplitter } from '../src/rpc/items';
import { decodeLimits, type SerfDecodeLimits } from '../src/rpc/limits';

const raw = (...bytes: number[]): Uint8Array => Uint8Array.from(bytes);
const u32 = (n: number): number[] => [n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];

/** One item of every format (the encoder picks the smallest; the 32-bit and ext forms are written out). */
const items: Uint8Array[] = [
  ...[5, -3, null, false, true, 1.5, 200, 60_000, 4e9, 2 ** 53 - 1, -100, -30_000, -2e9, -(2 ** 53 - 1)].map((value) => encode(value)),
  raw(0xca, 0x3f, 0xc0, 0, 0), // float 32
  ...['abc', 'x'.repeat(40), 'y'.repeat(300)].map((value) => encode(value)),
  raw(0xdb, ...u32(3), 0x78, 0x79, 0x7a), // str 32
  encode(new Uint8Array(10)),
  encode(new Uint8Array(300)),
  raw(0xc6, ...u32(2), 1, 2), // bin 32
  encode([1, [2, [3, []]], {}]),
  encode(Array.from({ length: 20 }, (_, i) => i)),
  raw(0xdd, ...u32(2), 0xc0, 0x91, 0xc3), // array 32: [nil, [true]]
  encode({ a: 1, b: { c: [1, 2] } }),
  encode(Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, i]))),
  raw(0xdf, ...u32(1), 0xa1, 0x6b, 0x80), // map 32: { k: {} }
  ...[1, 2, 4, 8, 16].map((n, i) => raw(0xd4 + i, 0x01, ...new Array<number>(n).fill(7))), // fixext 1..16
  raw(0xc7, 3, 0x01, 1, 2, 3), // ext 8
  raw(0xc8, 0, 2, 0x01, 1, 2), // ext 16
  raw(0xc9, ...u32(1), 0x01, 9), // ext 32
  encode({ Seq: 1, Error: '' }),
];
const stream = Buffer.concat(items);

function split(chunks: Uint8Array[], limits: Partial<SerfDecodeLimits> = {}): Uint8Array[] {
  const splitter = new ItemSplitter(decodeLimits(limits));
  const out: Uint8Array[] = [];
  for (const chunk of chunks) splitter.push(chunk, (bytes, start, end) => out.push(bytes.subarray(start, end)));
  return out;
}

const asHex = (list: Uint8Array[]): string[] => list.map((item) => Buffer.from(item).toString('hex'));

describe('ItemSplitter', () => {
  it('cuts a stream of every msgpack format into its items, each of which decodes on its own', () => {
    const got = split([stream]);
    expect(asHex(got)).toEqual(asHex(items));
    for (const item of got) expect(() => decode(item)).not.toThrow();
  });

  it('gives the same items whatever the chunks: cut in two at every byte, and a byte at a time', () => {
    for (let cut = 0; cut <= stream.length; cut++) {
      expect({ cut, items: asHex(split([stream.subarray(0, cut), stream.subarray(cut)])) }).toEqual({ cut, items: asHex(items) });
    }
    expect(asHex(split(Array.from(stream, (_, i) => stream.subarray(i, i + 1))))).toEqual(asHex(items));
  });

  it.each([
    ['a string', raw(0xd9, 5), 'maxStrLength', /a string of 5 bytes, over limits.maxStrLength \(4\)/],
    ['a byte string', raw(0xc4, 5), 'maxBinLength', /a byte string of 5 bytes, over limits.maxBinLength \(4\)/],
    ['an extension', raw(0xc7, 5, 1), 'maxBinLength', /an extension of 5 bytes, over limits.maxBinLength \(4\)/],
    ['an array', raw(0x95), 'maxArrayLength', /an array of 5 elements, over limits.maxArrayLength \(4\)/],
    ['a map', raw(0xdf, ...u32(5)), 'maxMapLength', /a map of 5 entries, over limits.maxMapLength \(4\)/],
  ])('refuses %s over its limit from the header alone', (_, header, limit, message) => {
    expect(() => split([header], { [limit]: 4 })).toThrow(message);
    expect(() => split([header], { [limit]: 4 })).toThrow(SerfProtocolError);
    expect(() => split([header], { [limit]: 5 })).not.toThrow();
  });

  it('refuses an item larger than maxFrameBytes: announced, at its header; made of small tokens, once that many bytes are in', () => {
    const limits = { maxFrameBytes: 100 };
    expect(split([encode('x'.repeat(97))], limits)).toHaveLength(1); // 2 header bytes + 97 = 99 bytes
    expect(() => split([raw(0xd9, 99)], limits)).toThrow(/more than 100 bytes, over limits.maxFrameBytes/);
    const nils = Buffer.concat([raw(0xdc, 0, 200), new Uint8Array(200).fill(0xc0)]);
    expect(split([nils.subarray(0, 100)], limits)).toEqual([]);
    expect(() => split([nils.subarray(0, 101)], limits)).toThrow(/over limits.maxFrameBytes/);
    // The items before the oversized one in the same chunk still come out.
    const splitter = new ItemSplitter(decodeLimits(limits));
    const out: Uint8Array[] = [];
    expect(() => splitter.push(Buffer.concat([encode(1), encode(2), raw(0xd9, 200)]), (bytes, start, end) => out.push(bytes.subarray(start, end)))).toThrow(SerfProtocolError);
    expect(asHex(out)).toEqual(['01', '02']);
  });

  it('refuses the byte 0xc1, which msgpack never uses', () => {
    expect(() => split([raw(0x91, 0xc1)])).toThrow(/0xc1/);
  });
});
