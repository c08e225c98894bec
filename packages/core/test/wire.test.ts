/**
 * The wire codec against the Python reference's bytes, what Python may send,
 * the size limits, and round trips of every kind of value. Garbage input is
 * in wire-garbage.test.ts.
 */
import { decode, encode, ExtData } from '@msgpack/msgpack';
import fc from 'fast-check';
import { decodeMessage, encodeMessage, makeConfig, type DecodeResult, type Message, type Value } from '@asyncactor/core';
import { toWireMap } from '@asyncactor/core/internal';
import { afterWireMessage, anyMessage, anyValue } from './fixtures/arbitraries';
import { reference } from './fixtures/reference';

/** The message we expect for a map as Python packs it. */
function expected(map: Readonly<Record<string, unknown>>): Message {
  switch (map.t) {
    case 'init':
      return { type: 'init', node: map.node as string };
    case 'vers':
      return {
        type: 'config',
        node: map.node as string,
        config: makeConfig({
          version: map.version as number,
          cycle: map.cycle as number,
          gap: map.gap as number,
          nodes: map.nodes as number,
          splits: map.splits as number,
          nHosts: map.n_hosts as number,
          forceIn: map.force_in as boolean,
        }),
      };
    case 'ping':
      return { type: 'ping', node: map.node as string, value: map.value as Value, history: map.history as string[] };
    default:
      return { type: 'history', value: map.value as Value, history: map.history as string[] };
  }
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const accepted = (message: Message): DecodeResult => ({ ok: true, message });
const reasonOf = (result: DecodeResult): string => (result.ok ? 'accepted' : result.reason);

describe('the Python reference vectors', () => {
  it('cover every message kind', () => {
    expect(new Set(reference.wire.map((v) => v.decoded.t))).toEqual(new Set(['init', 'vers', 'ping', 'hist']));
  });

  describe.each(reference.wire.map((v) => [v.note, v] as const))('%s', (_note, vector) => {
    const bytes = Buffer.from(vector.hex, 'hex');

    it('decodes to the expected message', () => {
      expect(decodeMessage(bytes)).toEqual(accepted(expected(vector.decoded)));
    });

    it('re-encodes to the same map, byte for byte', () => {
      const ours = encodeMessage(expected(vector.decoded));
      expect(decode(ours, { useBigInt64: true })).toEqual(decode(bytes, { useBigInt64: true }));
      expect(hex(ours)).toBe(vector.hex);
    });

    it('decodes the same with its keys in any order and extra keys added (property)', () => {
      const keys = Object.keys(vector.decoded);
      const extraKey = fc.string({ maxLength: 8 }).filter((k) => !(k in vector.decoded) && k !== '__proto__');
      fc.assert(
        fc.property(fc.shuffledSubarray(keys, { minLength: keys.length }), fc.dictionary(extraKey, anyValue, { maxKeys: 3 }), (order, extra) => {
          const map: Record<string, unknown> = { ...extra };
          for (const k of order) map[k] = vector.decoded[k];
          expect(decodeMessage(encode(map, { useBigInt64: true }))).toEqual(accepted(expected(vector.decoded)));
        }),
        { numRuns: 100 },
      );
    });
  });
});

const vers = { t: 'vers', node: 'py', version: 2, cycle: 12, gap: 1.5, nodes: 4, splits: 3, n_hosts: 7, force_in: false };
const versConfig = makeConfig({ version: 2, cycle: 12, gap: 1.5, nodes: 4, splits: 3, nHosts: 7, forceIn: false });

describe('accepting what Python may send', () => {
  it('ints where floats are meant', () => {
    const result = decodeMessage(encode({ ...vers, cycle: 12, gap: 1 }));
    expect(result).toEqual(accepted({ type: 'config', node: 'py', config: { ...versConfig, gap: 1 } }));
  });

  it('integral floats where ints are meant; fractional ones are refused', () => {
    expect(decodeMessage(encode(vers, { forceIntegerToFloat: true }))).toEqual(accepted({ type: 'config', node: 'py', config: versConfig }));
    expect(hex(encode(vers, { forceIntegerToFloat: true }))).toContain('cb4000000000000000'); // version really is a float64 2.0
  });

  it('force_in as a boolean, 0 or 1, or absent (false)', () => {
    const forceIn = (v: unknown): unknown => {
      const r = decodeMessage(encode({ ...vers, force_in: v }));
      return r.ok && r.message.type === 'config' ? r.message.config.forceIn : reasonOf(r);
    };
    expect([true, false, 1, 0, null].map(forceIn)).toEqual([true, false, true, false, false]);
    const { force_in: _, ...withoutForceIn } = vers;
    expect(decodeMessage(encode(withoutForceIn))).toEqual(accepted({ type: 'config', node: 'py', config: versConfig }));
  });

  it('integers up to 64 bits: numbers where safe, bigints beyond', () => {
    const value = (v: unknown): unknown => {
      const r = decodeMessage(encode({ t: 'ping', node: 'a', history: ['a'], value: v }, { useBigInt64: true }));
      return r.ok && r.message.type === 'ping' ? r.message.value : reasonOf(r);
    };
    expect(value(2n ** 40n)).toBe(2 ** 40);
    expect(value(2n ** 53n + 1n)).toBe(2n ** 53n + 1n);
    expect(value(2n ** 64n - 1n)).toBe(2n ** 64n - 1n);
    expect(value(-(2n ** 63n))).toBe(-(2n ** 63n));
    expect(value([-(2n ** 40n), { k: 5n }])).toEqual([-(2 ** 40), { k: 5 }]);
  });

  it('a vers whose version needs more than 53 bits is refused, not rounded', () => {
    expect(reasonOf(decodeMessage(encode({ ...vers, version: 2n ** 60n }, { useBigInt64: true })))).toBe('invalid-field');
  });

  it('an unknown MessagePack extension in a value: its raw bytes', () => {
    const bytes = encode({ t: 'ping', node: 'a', history: ['a'], value: [new ExtData(5, Uint8Array.of(1, 2, 3)), { k: new ExtData(-9, new Uint8Array()) }] });
    expect(decodeMessage(bytes)).toEqual(accepted({ type: 'ping', node: 'a', value: [Uint8Array.of(1, 2, 3), { k: new Uint8Array() }], history: ['a'] }));
  });

  it('a ping or hist without a value: null (not ready)', () => {
    expect(decodeMessage(encode({ t: 'ping', node: 'a', history: ['a'] }))).toEqual(accepted({ type: 'ping', node: 'a', value: null, history: ['a'] }));
    expect(decodeMessage(encode({ t: 'hist', history: ['b', 'a'] }))).toEqual(accepted({ type: 'history', value: null, history: ['b', 'a'] }));
  });
});

/** A `ping` map whose history is `n` distinct names, the sender first. */
const pingWithHistory = (n: number): Record<string, unknown> => {
  const names = Array.from({ length: n }, (_, i) => `n${i}`);
  return { t: 'ping', node: names[0], value: 1, history: names };
};

describe('limits: over is dropped as too-large, at the limit is accepted', () => {
  it('history of 64 entries accepted, 65 dropped (ping and hist)', () => {
    expect(reasonOf(decodeMessage(encode(pingWithHistory(64))))).toBe('accepted');
    expect(reasonOf(decodeMessage(encode(pingWithHistory(65))))).toBe('too-large');
    expect(reasonOf(decodeMessage(encode({ ...pingWithHistory(64), t: 'hist' })))).toBe('accepted');
    expect(reasonOf(decodeMessage(encode({ ...pingWithHistory(65), t: 'hist' })))).toBe('too-large');
  });

  it.each([
    ['a'.repeat(256), 'accepted'],
    ['é'.repeat(128), 'accepted'],
    ['😀'.repeat(64), 'accepted'],
    ['\uffff'.repeat(85) + 'a', 'accepted'],
    ['a'.repeat(257), 'too-large'],
    ['é'.repeat(128) + 'a', 'too-large'],
    ['😀'.repeat(64) + 'a', 'too-large'],
    ['\uffff'.repeat(86), 'too-large'],
  ])('a name of %j is %s wherever a name goes', (name, outcome) => {
    expect(reasonOf(decodeMessage(encode({ t: 'init', node: name })))).toBe(outcome);
    expect(reasonOf(decodeMessage(encode({ ...vers, node: name })))).toBe(outcome);
    expect(reasonOf(decodeMessage(encode({ t: 'ping', node: name, history: [name, 'b'] })))).toBe(outcome);
    expect(reasonOf(decodeMessage(encode({ t: 'hist', history: ['b', name] })))).toBe(outcome);
  });

  it('a payload of exactly 64 KiB accepted, one byte more dropped without decoding', () => {
    const overhead = encodeMessage({ type: 'ping', node: 'a', value: new Uint8Array(1000), history: ['a'] }).byteLength - 1000;
    const exact = encodeMessage({ type: 'ping', node: 'a', value: new Uint8Array(65536 - overhead), history: ['a'] });
    expect(exact.byteLength).toBe(65536);
    expect(reasonOf(decodeMessage(exact))).toBe('accepted');
    const over = encodeMessage({ type: 'ping', node: 'a', value: new Uint8Array(65537 - overhead), history: ['a'] });
    expect(reasonOf(decodeMessage(over))).toBe('too-large');
    expect(reasonOf(decodeMessage(new Uint8Array(65537).fill(0xc1)))).toBe('too-large'); // garbage, but too large first
  });

  it('custom limits apply instead of the defaults', () => {
    const limits = { maxHistory: 2, maxNameBytes: 4, maxPayloadBytes: 60 };
    expect(reasonOf(decodeMessage(encode(pingWithHistory(2)), limits))).toBe('accepted');
    expect(reasonOf(decodeMessage(encode(pingWithHistory(3)), limits))).toBe('too-large');
    expect(reasonOf(decodeMessage(encode({ t: 'init', node: 'abcd' }), limits))).toBe('accepted');
    expect(reasonOf(decodeMessage(encode({ t: 'init', node: 'abcde' }), limits))).toBe('too-large');
    expect(reasonOf(decodeMessage(encode({ t: 'ping', node: 'a', history: ['a'], value: 'x'.repeat(40) }), limits))).toBe('too-large');
  });

  it('values nested 32 deep accepted, 40 deep dropped, in arrays and in maps', () => {
    const arrays = (depth: number): unknown => (depth === 0 ? 1 : [arrays(depth - 1)]);
    const maps = (depth: number): unknown => (depth === 0 ? 1 : { k: maps(depth - 1) });
    for (const nest of [arrays, maps]) {
      expect(reasonOf(decodeMessage(encode({ t: 'ping', node: 'a', history: ['a'], value: nest(32) })))).toBe('accepted');
      expect(reasonOf(decodeMessage(encode({ t: 'hist', history: ['a'], value: nest(40) })))).toBe('too-large');
    }
  });

  it('65,000 nested arrays in one payload: too-large as a value, ignored as an extra key, never a stack overflow', () => {
    const head = (map: Record<string, unknown>, key: string): Uint8Array => {
      const bytes = encode({ ...map, [key]: null });
      return bytes.subarray(0, bytes.length - 1); // drop the trailing nil
    };
    const deep = (prefix: Uint8Array): Uint8Array => Buffer.concat([prefix, new Uint8Array(65_000).fill(0x91), Uint8Array.of(0xc0)]);
    expect(reasonOf(decodeMessage(deep(head({ t: 'ping', node: 'a', history: ['a'] }, 'value'))))).toBe('too-large');
    expect(reasonOf(decodeMessage(deep(head({ t: 'ping', node: 'a', history: ['a'], value: 1 }, 'extra'))))).toBe('accepted');
    expect(reasonOf(decodeMessage(deep(head({ t: 'init' }, 'node'))))).toBe('invalid-field');
  });
});

/** The bytes Python's msgpack packer writes for an integer. */
function pythonInt(n: bigint): string {
  const be = (bits: number, v: bigint): string => BigInt.asUintN(bits, v).toString(16).padStart(bits / 4, '0');
  if (n >= 0n) {
    if (n < 0x80n) return be(8, n);
    if (n < 0x100n) return 'cc' + be(8, n);
    if (n < 0x10000n) return 'cd' + be(16, n);
    if (n < 0x100000000n) return 'ce' + be(32, n);
    return 'cf' + be(64, n);
  }
  if (n >= -0x20n) return be(8, n);
  if (n >= -0x80n) return 'd0' + be(8, n);
  if (n >= -0x8000n) return 'd1' + be(16, n);
  if (n >= -0x80000000n) return 'd2' + be(32, n);
  return 'd3' + be(64, n);
}

describe('round trip', () => {
  it('decode(encode(m)) equals m for every kind of message and value, with exactly the reference keys in order (property)', () => {
    const keyOrder: Record<Message['type'], string[]> = {
      init: ['node', 't'],
      config: ['node', 'version', 'cycle', 'gap', 'nodes', 'splits', 'n_hosts', 'force_in', 't'],
      ping: ['node', 'value', 'history', 't'],
      history: ['value', 'history', 't'],
    };
    fc.assert(
      fc.property(anyMessage, (message) => {
        const bytes = encodeMessage(message);
        expect(decodeMessage(bytes)).toEqual(accepted(afterWireMessage(message)));
        expect(Object.keys(decode(bytes, { useBigInt64: true }) as object)).toEqual(keyOrder[message.type]);
        expect(Object.keys(toWireMap(message))).toEqual(keyOrder[message.type]);
      }),
      { numRuns: 1500 },
    );
  });

  it('integers go out exactly as Python packs them, alone or next to a bigint (property)', () => {
    const int64 = fc.oneof(
      fc.bigInt({ min: -(2n ** 63n), max: 2n ** 64n - 1n }),
      fc.bigInt({ min: -(2n ** 33n), max: 2n ** 33n }),
      fc.constantFrom(0n, 127n, 128n, -32n, -33n, 255n, 256n, 65535n, 65536n, 2n ** 32n - 1n, 2n ** 32n, -(2n ** 31n), -(2n ** 31n) - 1n),
    );
    const tail = 'a7686973746f727991a161a174a468697374'; // "history": ["a"], "t": "hist"
    fc.assert(
      fc.property(int64, (n) => {
        const safe = n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER);
        const forms: Value[] = safe ? [n, Number(n)] : [n];
        for (const form of forms) {
          expect(hex(encodeMessage({ type: 'history', value: form, history: ['a'] }))).toBe(`83a576616c7565${pythonInt(n)}${tail}`);
          expect(hex(encodeMessage({ type: 'history', value: [form, 1n], history: ['a'] }))).toBe(`83a576616c756592${pythonInt(n)}01${tail}`);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('a bigint beyond 64 bits, which MessagePack cannot carry, goes out as the nearest float instead of wrapping', () => {
    const value = (v: Value): unknown => {
      const r = decodeMessage(encodeMessage({ type: 'ping', node: 'a', value: v, history: ['a'] }));
      return r.ok && r.message.type === 'ping' ? r.message.value : reasonOf(r);
    };
    expect(value(2n ** 64n)).toBe(2 ** 64);
    expect(value(-(2n ** 63n) - 1n)).toBe(-(2 ** 63));
    expect(value([10n ** 30n, 2n ** 40n])).toEqual([1e30, 2 ** 40]);
  });
});
