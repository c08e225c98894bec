/**
 * The wire codec against garbage: every kind of bad input yields
 * `{ ok: false, reason }` and nothing ever throws; whatever is accepted is a
 * well-formed message.
 */
import { encode, ExtData } from '@msgpack/msgpack';
import fc from 'fast-check';
import { DROP_REASONS, decodeMessage, encodeMessage, makeConfig, type DecodeResult, type Message } from '@asyncactor/core';
import { afterWireMessage, anyValue, text } from './fixtures/arbitraries';
import { reference } from './fixtures/reference';

const vers = { t: 'vers', node: 'a', version: 1, cycle: 10, gap: 1.5, nodes: 5, splits: 4, n_hosts: 10, force_in: false };
const ping = { t: 'ping', node: 'a', value: 1, history: ['a', 'b'] };
const hist = { t: 'hist', value: 1, history: ['a', 'b'] };
const without = (map: Record<string, unknown>, key: string): Record<string, unknown> => {
  const copy = { ...map };
  delete copy[key];
  return copy;
};

/**
 * Decode, asserting the result is well-formed whichever way it goes. Plain
 * checks rather than `expect` keep 10,000-run properties fast.
 */
function check(bytes: Uint8Array): DecodeResult {
  const result = decodeMessage(bytes);
  const problem = result.ok ? problemWith(result.message) : DROP_REASONS.includes(result.reason) && typeof result.detail === 'string' ? undefined : 'bad drop';
  if (problem !== undefined) throw new Error(`${problem}: ${Buffer.from(bytes).toString('hex')}`);
  if (result.ok) {
    // Whatever we accept we can send on, and read back the same.
    expect(decodeMessage(encodeMessage(result.message))).toEqual({ ok: true, message: afterWireMessage(result.message) });
  }
  return result;
}

function problemWith(message: Message): string | undefined {
  const names = message.type === 'init' || message.type === 'config' ? [message.node] : message.history;
  if (names.some((name) => typeof name !== 'string' || name.length === 0 || Buffer.byteLength(name) > 256)) return 'bad name';
  if (message.type === 'ping' || message.type === 'history') {
    if (new Set(message.history).size !== message.history.length) return 'duplicate name';
    if (message.history.length === 0 || message.history.length > 64) return 'history length';
  }
  if (message.type === 'ping' && message.history[0] !== message.node) return 'history[0] is not the sender';
  if (message.type === 'config') {
    try {
      makeConfig(message.config);
    } catch {
      return 'invalid config';
    }
  }
  return undefined;
}

const cases: [string, unknown, string][] = [
  // not a message at all
  ['nil', null, 'not-a-message'],
  ['an integer', 7, 'not-a-message'],
  ['a string', 'ping', 'not-a-message'],
  ['bytes', new Uint8Array([0x82, 0xa1]), 'not-a-message'],
  ['an array', ['ping', 'a'], 'not-a-message'],
  ['a timestamp', new Date(0), 'not-a-message'],
  ['an empty map', {}, 'not-a-message'],
  ['an extension', new ExtData(7, Uint8Array.of(0x81, 0xa1, 0x74)), 'not-a-message'],
  ['t is a number', { t: 1, node: 'a' }, 'not-a-message'],
  ['t is nil', { t: null, node: 'a' }, 'not-a-message'],
  ['t is bytes', { t: new TextEncoder().encode('init'), node: 'a' }, 'not-a-message'],
  // unknown kinds
  ['unknown t', { t: 'hello', node: 'a' }, 'unknown-type'],
  ['t in capitals', { t: 'INIT', node: 'a' }, 'unknown-type'],
  ['empty t', { t: '', node: 'a' }, 'unknown-type'],
  ['our own type name instead of the wire one', { ...hist, t: 'history' }, 'unknown-type'],
  // init
  ['init without node', { t: 'init' }, 'invalid-field'],
  ['init with a numeric node', { t: 'init', node: 5 }, 'invalid-field'],
  ['init with an empty node', { t: 'init', node: '' }, 'invalid-field'],
  ['init with a nil node', { t: 'init', node: null }, 'invalid-field'],
  ['init with a byte-string node', { t: 'init', node: new TextEncoder().encode('a') }, 'invalid-field'],
  ['init with an array node', { t: 'init', node: ['a'] }, 'invalid-field'],
  // vers: every field missing or of the wrong type, and every timing rule
  ...['node', 'version', 'cycle', 'gap', 'nodes', 'splits', 'n_hosts'].flatMap((key): [string, unknown, string][] => [
    [`vers without ${key}`, without(vers, key), 'invalid-field'],
    [`vers with a string ${key}`, { ...vers, [key]: key === 'node' ? 5 : '10' }, 'invalid-field'],
    [`vers with a nil ${key}`, { ...vers, [key]: null }, 'invalid-field'],
    [`vers with a boolean ${key}`, { ...vers, [key]: true }, 'invalid-field'],
    [`vers with an array ${key}`, { ...vers, [key]: [1] }, 'invalid-field'],
  ]),
  ...['version', 'nodes', 'splits', 'n_hosts'].map((key): [string, unknown, string] => [`vers with a fractional ${key}`, { ...vers, [key]: 2.5 }, 'invalid-field']),
  ['vers with a NaN cycle', { ...vers, cycle: Number.NaN }, 'invalid-field'],
  ['vers with an infinite cycle', { ...vers, cycle: Number.POSITIVE_INFINITY }, 'invalid-field'],
  ['vers with an infinite gap', { ...vers, gap: Number.NEGATIVE_INFINITY }, 'invalid-field'],
  ['vers with cycle < 0.1', { ...vers, cycle: 0.09, gap: 0.01 }, 'invalid-field'],
  ['vers with gap < 0.01', { ...vers, gap: 0.009 }, 'invalid-field'],
  ['vers with a negative gap', { ...vers, gap: -1 }, 'invalid-field'],
  ['vers with cycle < 3 gap', { ...vers, cycle: 4, gap: 1.5 }, 'invalid-field'],
  ['vers with splits 0', { ...vers, splits: 0 }, 'invalid-field'],
  ['vers with n_hosts 0', { ...vers, n_hosts: 0 }, 'invalid-field'],
  ['vers with force_in "yes"', { ...vers, force_in: 'yes' }, 'invalid-field'],
  ['vers with force_in 2', { ...vers, force_in: 2 }, 'invalid-field'],
  // ping
  ['ping without node', without(ping, 'node'), 'invalid-field'],
  ['ping without history', without(ping, 'history'), 'invalid-field'],
  ['ping with a string history', { ...ping, history: 'a' }, 'invalid-field'],
  ['ping with a map history', { ...ping, history: { 0: 'a' } }, 'invalid-field'],
  ['ping with an empty history', { ...ping, history: [] }, 'invalid-field'],
  ['ping whose history[0] is not its sender', { ...ping, history: ['b', 'a'] }, 'invalid-field'],
  ['ping with a number in its history', { ...ping, history: ['a', 5] }, 'invalid-field'],
  ['ping with nil in its history', { ...ping, history: ['a', null] }, 'invalid-field'],
  ['ping with an empty name in its history', { ...ping, history: ['a', ''] }, 'invalid-field'],
  ['ping with a duplicate in its history', { ...ping, history: ['a', 'b', 'c', 'b'] }, 'invalid-field'],
  ['ping naming its sender twice', { ...ping, history: ['a', 'b', 'a'] }, 'invalid-field'],
  ['ping with a numeric node', { ...ping, node: 1, history: [1] }, 'invalid-field'],
  // hist
  ['hist without history', without(hist, 'history'), 'invalid-field'],
  ['hist with an empty history', { ...hist, history: [] }, 'invalid-field'],
  ['hist with a non-array history', { ...hist, history: 'ab' }, 'invalid-field'],
  ['hist with a number in its history', { ...hist, history: [1] }, 'invalid-field'],
  ['hist with a duplicate in its history', { ...hist, history: ['a', 'a'] }, 'invalid-field'],
];

describe('dropping what must not be accepted', () => {
  it.each(cases)('%s: %s', (_what, map, reason) => {
    const result = check(encode(map));
    expect(result.ok ? 'accepted' : result.reason).toBe(reason);
  });

  it.each([
    ['an empty payload', ''],
    ['a reserved byte', 'c1'],
    ['a truncated map', '82a174a4696e6974'],
    ['a truncated string', '81a174a9696e'],
    ['two messages back to back', '81a174a46869737481a174a468697374'],
    ['a map with a non-string key', '81c0a161'],
    ['a map with a __proto__ key', '81a95f5f70726f746f5f5f81a174a4696e6974'],
  ])('%s: malformed', (_what, bytes) => {
    const result = check(Buffer.from(bytes, 'hex'));
    expect(result.ok ? 'accepted' : result.reason).toBe('malformed');
  });

  it('leaves the process-wide Error.stackTraceLimit as it found it (it is lowered while reading, for speed)', () => {
    const before = Error.stackTraceLimit;
    Error.stackTraceLimit = 17;
    try {
      expect(check(encode(without(ping, 'node'))).ok).toBe(false);
      expect(check(encode(ping)).ok).toBe(true);
      expect(Error.stackTraceLimit).toBe(17);
    } finally {
      Error.stackTraceLimit = before;
    }
  });

  it('invalid UTF-8 in a name: read as the MessagePack decoder reads it (a Python node drops it instead)', () => {
    // c3 28 is a cut-short two-byte sequence; the decoder does not validate and reads 'è'.
    const result = check(Buffer.from('82a174a4696e6974a46e6f6465a2c328', 'hex'));
    expect(result).toEqual({ ok: true, message: { type: 'init', node: 'è' } });
  });
});

describe('never throws (properties)', () => {
  it('on 10,000 random byte arrays, some shaped like a map', () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 300 }),
      fc.tuple(fc.integer({ min: 0x80, max: 0x8f }), fc.uint8Array({ maxLength: 120 })).map(([head, rest]) => Uint8Array.of(head, ...rest)),
    );
    fc.assert(fc.property(bytes, (b) => void check(b)), { numRuns: 10_000 });
  });

  it('on 10,000 random MessagePack values', () => {
    fc.assert(fc.property(anyValue, (value) => void check(encode(value, { useBigInt64: true }))), { numRuns: 10_000 });
  });

  it('on 10,000 maps with the reference keys holding random values', () => {
    const field = fc.oneof(anyValue, text(), fc.array(fc.oneof(fc.constantFrom('a', 'b', 'c'), anyValue), { maxLength: 4 }), fc.double(), fc.integer({ min: -3, max: 20 }));
    const keys = ['node', 'value', 'history', 'version', 'cycle', 'gap', 'nodes', 'splits', 'n_hosts', 'force_in', 'x'];
    const map = fc.tuple(fc.constantFrom('init', 'vers', 'ping', 'hist', 'other'), fc.dictionary(fc.constantFrom(...keys), field)).map(([t, m]) => ({ ...m, t }));
    let accepted = 0;
    fc.assert(
      fc.property(map, (m) => {
        if (check(encode(m, { useBigInt64: true })).ok) accepted++;
      }),
      { numRuns: 10_000 },
    );
    expect(accepted).toBeGreaterThan(0); // the generator does reach the accepting paths
  });

  it('on every Python vector with bytes changed, cut or inserted', () => {
    const vectors = reference.wire.map((v) => Buffer.from(v.hex, 'hex'));
    const edit = fc.oneof(
      fc.record({ kind: fc.constant('set' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
      fc.record({ kind: fc.constant('cut' as const), at: fc.nat(), byte: fc.constant(0) }),
      fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
    );
    fc.assert(
      fc.property(fc.constantFrom(...vectors), fc.array(edit, { minLength: 1, maxLength: 4 }), (original, edits) => {
        const bytes = [...original];
        for (const { kind, at, byte } of edits) {
          const i = at % (bytes.length + 1);
          if (kind === 'set') bytes[Math.min(i, bytes.length - 1)] = byte;
          else if (kind === 'cut') bytes.length = i;
          else bytes.splice(i, 0, byte);
        }
        check(Uint8Array.from(bytes));
      }),
      { numRuns: 5000 },
    );
  });
});
