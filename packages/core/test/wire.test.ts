/**
 * The wire codec against the Python reference's bytes, and against garbage.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decode, encode } from '@msgpack/msgpack';
import fc from 'fast-check';
import { decodeMessage, encodeMessage, makeConfig, toWireMap, type Message, type Value } from '@asyncactor/core';

interface WireVector {
  note: string;
  hex: string;
  decoded: Record<string, unknown>;
}
const vectors = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'python-reference.json'), 'utf8')) as { wire: WireVector[] };

/** The message we expect for a Python map. */
function expected(map: Record<string, unknown>): Message {
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
      return { type: 'ping', node: map.node as string, value: map.value as never, history: map.history as string[] };
    default:
      return { type: 'history', value: map.value as never, history: map.history as string[] };
  }
}

describe('wire codec vs the Python reference', () => {
  it('has vectors for every message kind', () => {
    expect(new Set(vectors.wire.map((v) => v.decoded.t))).toEqual(new Set(['init', 'vers', 'ping', 'hist']));
  });

  for (const vector of vectors.wire) {
    it(`${vector.note}: decodes, and our bytes equal Python's`, () => {
      const bytes = Buffer.from(vector.hex, 'hex');
      const result = decodeMessage(bytes);
      expect(result).toEqual({ ok: true, message: expected(vector.decoded) });
      const ours = encodeMessage(expected(vector.decoded));
      expect(Buffer.from(ours).toString('hex')).toBe(vector.hex);
      expect(decode(ours)).toEqual(vector.decoded);
    });
  }
});

describe('decoding what Python may send', () => {
  it('accepts keys in any order, ignores unknown keys, takes ints for floats and 0/1 for booleans', () => {
    const map = { extra: [1, 2], t: 'vers', force_in: 1, n_hosts: 7, splits: 3, nodes: 4, gap: 1, cycle: 12, version: 2, node: 'py' };
    const result = decodeMessage(encode(map));
    expect(result).toEqual({ ok: true, message: { type: 'config', node: 'py', config: makeConfig({ version: 2, cycle: 12, gap: 1, nodes: 4, splits: 3, nHosts: 7, forceIn: true }) } });
  });

  it('keeps 64-bit integers exact: number when safe, bigint beyond', () => {
    const big = 2n ** 60n + 1n;
    const result = decodeMessage(encodeMessage({ type: 'ping', node: 'a', value: [big, 5], history: ['a'] }));
    expect(result.ok && result.message.type === 'ping' && result.message.value).toEqual([big, 5]);
  });

  it('a missing value is null (not ready)', () => {
    const result = decodeMessage(encode({ t: 'ping', node: 'a', history: ['a'] }));
    expect(result.ok && result.message.type === 'ping' && result.message.value).toBeNull();
  });
});

describe('dropping what must not be accepted', () => {
  const cases: [string, unknown, string][] = [
    ['not a map', [1, 2, 3], 'not-a-message'],
    ['no t', { node: 'a' }, 'not-a-message'],
    ['unknown t', { t: 'hello', node: 'a' }, 'unknown-type'],
    ['init without node', { t: 'init' }, 'invalid-field'],
    ['init with a numeric node', { t: 'init', node: 5 }, 'invalid-field'],
    ['ping whose history does not start with its sender', { t: 'ping', node: 'a', value: 1, history: ['b', 'a'] }, 'invalid-field'],
    ['ping with a duplicate in its history', { t: 'ping', node: 'a', value: 1, history: ['a', 'b', 'b'] }, 'invalid-field'],
    ['ping with a non-array history', { t: 'ping', node: 'a', value: 1, history: 'a' }, 'invalid-field'],
    ['hist with an empty history', { t: 'hist', value: 1, history: [] }, 'invalid-field'],
    ['vers with a string cycle', { t: 'vers', node: 'a', version: 1, cycle: '10', gap: 1.5, nodes: 5, splits: 4, n_hosts: 10 }, 'invalid-field'],
    ['vers breaking cycle >= 3 gap', { t: 'vers', node: 'a', version: 1, cycle: 1, gap: 1, nodes: 5, splits: 4, n_hosts: 10 }, 'invalid-field'],
    ['vers with a fractional version', { t: 'vers', node: 'a', version: 1.5, cycle: 10, gap: 1.5, nodes: 5, splits: 4, n_hosts: 10 }, 'invalid-field'],
    ['history of 65 entries', { t: 'ping', node: 'n0', value: 1, history: Array.from({ length: 65 }, (_, i) => `n${i}`) }, 'too-large'],
    ['a 257-byte name', { t: 'init', node: 'é'.repeat(129) }, 'too-large'],
    ['a value nested 40 deep', { t: 'ping', node: 'a', history: ['a'], value: JSON.parse('['.repeat(40) + ']'.repeat(40)) as unknown }, 'too-large'],
  ];
  for (const [what, map, reason] of cases) {
    it(`${what}: ${reason}`, () => {
      const result = decodeMessage(encode(map));
      expect(result.ok).toBe(false);
      expect(!result.ok && result.reason).toBe(reason);
    });
  }

  it('a payload over 64 KiB: too-large, without decoding it', () => {
    const result = decodeMessage(new Uint8Array(64 * 1024 + 1));
    expect(!result.ok && result.reason).toBe('too-large');
  });

  it('never throws on random bytes or random msgpack (property, 20,000 inputs)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const result = decodeMessage(bytes);
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 10_000 },
    );
    const anyMap = fc.dictionary(fc.constantFrom('t', 'node', 'value', 'history', 'version', 'cycle', 'gap', 'nodes', 'splits', 'n_hosts', 'force_in', 'x'), fc.anything({ maxDepth: 3 }));
    const withType = fc.tuple(anyMap, fc.constantFrom('init', 'vers', 'ping', 'hist', 'other')).map(([m, t]) => ({ ...m, t }));
    fc.assert(
      fc.property(withType, (map) => {
        let bytes: Uint8Array;
        try {
          bytes = encode(map, { ignoreUndefined: true });
        } catch {
          return; // not encodable (e.g. a symbol): nothing to send
        }
        expect(typeof decodeMessage(bytes).ok).toBe('boolean');
      }),
      { numRuns: 10_000 },
    );
  });
});

describe('round trip', () => {
  const name = fc.string({ minLength: 1, maxLength: 20 });
  const value = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      fc.constant(null),
      fc.boolean(),
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Number.isInteger(d)),
      fc.string(),
      fc.uint8Array({ maxLength: 8 }),
      fc.array(tie('value'), { maxLength: 3 }),
    ),
  })).value as fc.Arbitrary<Value>;
  const message: fc.Arbitrary<Message> = fc.oneof(
    name.map((node) => ({ type: 'init' as const, node })),
    fc.tuple(fc.uniqueArray(name, { minLength: 1, maxLength: 5 }), value).map(([history, v]) => ({ type: 'ping' as const, node: history[0]!, value: v, history })),
    fc.tuple(fc.uniqueArray(name, { minLength: 1, maxLength: 5 }), value).map(([history, v]) => ({ type: 'history' as const, value: v, history })),
    fc.tuple(name, fc.integer({ min: 0, max: 1000 }), fc.integer({ min: -1, max: 20 })).map(([node, version, nodes]) => ({
      type: 'config' as const,
      node,
      config: makeConfig({ version, nodes, cycle: 4.5, gap: 1.25 }),
    })),
  );

  it('decode(encode(message)) equals the message, and only the reference keys are written', () => {
    fc.assert(
      fc.property(message, (m) => {
        const result = decodeMessage(encodeMessage(m));
        expect(result).toEqual({ ok: true, message: m });
        const keys = Object.keys(toWireMap(m)).sort();
        const allowed: Record<string, string[]> = {
          init: ['node', 't'],
          config: ['cycle', 'force_in', 'gap', 'n_hosts', 'node', 'nodes', 'splits', 't', 'version'],
          ping: ['history', 'node', 't', 'value'],
          history: ['history', 't', 'value'],
        };
        expect(keys).toEqual(allowed[m.type]);
      }),
      { numRuns: 2000 },
    );
  });
});
