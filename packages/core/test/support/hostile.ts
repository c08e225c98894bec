/**
 * fast-check generators of hostile payloads: what anyone who can publish on
 * the channel might send. Each one is raw bytes, tagged with the kind of
 * attack it is, so a run can report how many of each it fed.
 *
 * Huge and deeply nested inputs are built as raw MessagePack bytes (an
 * encoder would recurse, and building 100,000-element arrays of JavaScript
 * values per input would dominate the run time).
 */
import { encode } from '@msgpack/msgpack';
import fc from 'fast-check';
import { anyValue, nodeName, text } from '../fixtures/arbitraries';

/** The kinds of hostile input, in the order reports list them. */
export const HOSTILE_KINDS = [
  'plausible',
  'random-msgpack',
  'random-bytes',
  'wrong-types',
  'unknown-type',
  'own-name',
  'absurd-history',
  'absurd-version',
  'huge-array',
  'deep-nesting',
] as const;

/** One kind of hostile input. */
export type HostileKind = (typeof HOSTILE_KINDS)[number];

/** A payload to feed, and how long to wait (seconds) before it arrives. */
export interface HostileInput {
  readonly kind: HostileKind;
  readonly dt: number;
  readonly payload: Uint8Array;
}

const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;

/** MessagePack as a hostile Python or C peer may write it: bigints as int64/uint64. */
const pack = (value: unknown): Uint8Array => encode(value, { useBigInt64: true });

/** The names of a small plausible group, so that chains form and tags happen. */
export const PEERS = ['a', 'b', 'c', 'd', 'e'] as const;
const peer = fc.constantFrom(...PEERS);
const smallValue = fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 3 }), fc.constantFrom('x', 'y'));

/** Pings, `hist` and `vers` from a small group behaving correctly. */
const plausible = (self: string): fc.Arbitrary<unknown> => {
  const others = fc.uniqueArray(fc.constantFrom(...PEERS, self), { maxLength: 4 });
  return fc.oneof(
    { weight: 6, arbitrary: fc.tuple(peer, others, smallValue).map(([node, rest, value]) => ({ t: 'ping', node, value, history: [node, ...rest.filter((n) => n !== node)] })) },
    { weight: 1, arbitrary: fc.tuple(peer, others, smallValue).map(([head, rest, value]) => ({ t: 'hist', value, history: [head, ...rest.filter((n) => n !== head)] })) },
    { weight: 1, arbitrary: fc.record({ t: fc.constant('vers'), node: peer, version: fc.integer({ min: 0, max: 3 }), cycle: fc.constantFrom(1, 2), gap: fc.constant(0.1), nodes: fc.integer({ min: 2, max: 6 }), splits: fc.integer({ min: 1, max: 4 }), n_hosts: fc.constant(10), force_in: fc.boolean() }) },
    { weight: 1, arbitrary: peer.map((node) => ({ t: 'init', node })) },
  );
};

/** A correct map of each kind, to spoil. */
const templates = (self: string): Record<string, Record<string, unknown>> => ({
  init: { t: 'init', node: 'a' },
  vers: { t: 'vers', node: 'a', version: 1, cycle: 1, gap: 0.1, nodes: 5, splits: 4, n_hosts: 10, force_in: false },
  ping: { t: 'ping', node: 'a', value: 1, history: ['a', self, 'b'] },
  hist: { t: 'hist', value: 1, history: ['a', 'b'] },
});

/** A value of a type no field expects, or of a type it does expect but a wrong range. */
const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  anyValue,
  fc.constantFrom(null, true, false, '', '10', [], {}, [1], new Uint8Array(3), new Date(0), -1, 0, 1.5, Number.NaN, Infinity, 2n ** 63n),
);

/** Correct-looking maps with some fields of the wrong type, and stray keys. */
const wrongTypes = (self: string): fc.Arbitrary<unknown> => {
  const all = templates(self);
  const keys = ['t', 'node', 'value', 'history', 'version', 'cycle', 'gap', 'nodes', 'splits', 'n_hosts', 'force_in', 'extra'];
  return fc
    .tuple(fc.constantFrom(...Object.keys(all)), fc.dictionary(fc.constantFrom(...keys), wrongValue, { minKeys: 1, maxKeys: 3 }))
    .map(([t, spoilt]) => ({ ...all[t], ...spoilt }));
};

/** A `t` no implementation knows, with plausible fields around it. */
const unknownType: fc.Arbitrary<unknown> = fc
  .tuple(fc.oneof(text(12), fc.constantFrom('PING', 'ping ', 'history', 'config', 'version', 'Init', '\u0000ping', 'hist\u0000')), fc.constantFrom(...Object.values(templates('me'))))
  .filter(([t]) => !['init', 'vers', 'ping', 'hist'].includes(t))
  .map(([t, template]) => ({ ...template, t }));

/** Messages that carry our own name: spoofed pings, `hist`, `vers`, and (rarely) an `init`, which is a name collision. */
const ownName = (self: string, collisions: boolean): fc.Arbitrary<unknown> => {
  const rest = fc.uniqueArray(fc.oneof(peer, nodeName), { maxLength: 5 }).map((names) => names.filter((n) => n !== self));
  const spoofs: fc.WeightedArbitrary<unknown>[] = [
    { weight: 6, arbitrary: fc.tuple(rest, anyValue).map(([names, value]) => ({ t: 'ping', node: self, value, history: [self, ...names] })) },
    { weight: 3, arbitrary: fc.tuple(rest, anyValue).map(([names, value]) => ({ t: 'hist', value, history: [self, ...names] })) },
    { weight: 3, arbitrary: fc.tuple(peer, rest).map(([node, names]) => ({ t: 'ping', node, value: 1, history: [node, self, ...names.filter((n) => n !== node)] })) },
    { weight: 2, arbitrary: fc.integer({ min: -5, max: 5 }).map((version) => ({ ...templates(self).vers, node: self, version })) },
  ];
  if (collisions) spoofs.push({ weight: 1, arbitrary: fc.constant({ t: 'init', node: self }) });
  return fc.oneof(...spoofs);
};

/** Names no valid history holds: too long, empty, of the wrong type, or words that mean something to JavaScript objects. */
const absurdName: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer({ min: 257, max: 5000 }).map((n) => 'x'.repeat(n)),
  fc.constantFrom('x'.repeat(256), '€'.repeat(85), '€'.repeat(86), '😀'.repeat(64), '😀'.repeat(65)),
  fc.constantFrom('', '__proto__', 'constructor', 'toString', 'hasOwnProperty'),
  wrongValue,
);

/** `hist` and pings with absurd histories: too long, wrong entries, duplicates, giant names. */
const absurdHistory = (self: string): fc.Arbitrary<unknown> => {
  const names = fc.uniqueArray(fc.oneof(peer, nodeName), { minLength: 1, maxLength: 8 });
  const history = fc.oneof(
    fc.uniqueArray(nodeName, { minLength: 65, maxLength: 200 }),
    fc.tuple(names, fc.array(absurdName, { minLength: 1, maxLength: 3 }), fc.nat()).map(([ok, bad, at]) => {
      const out: unknown[] = [...ok];
      for (const b of bad) out.splice(at % (out.length + 1), 0, b);
      return out;
    }),
    names.map((ok) => [...ok, ok[0], self, self]),
    // Valid but absurd: up to 62 made-up names in front of a real one, which
    // continues our chain past "missed" pings and so grows our history.
    fc.tuple(fc.uniqueArray(nodeName, { minLength: 1, maxLength: 62, size: 'max' }), fc.constantFrom(...PEERS, self)).map(([made, real]) => [...made.filter((n) => n !== real && n !== self), real]),
    fc.constantFrom([], {}, 'a', null, [self, self]),
  );
  return fc.tuple(fc.constantFrom('ping', 'hist'), history, fc.oneof(peer, fc.constant(self))).map(([t, h, node]) => {
    const list: unknown = h;
    const history: unknown = Array.isArray(list) ? [node, ...(list as unknown[])] : list;
    return t === 'ping' ? { t, node, value: 1, history } : { t, value: 1, history: list };
  });
};

/** A number a `vers` field must not carry, or one that is valid but absurd. */
const absurdNumber: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(0, -1, 1, -0, 0.5, 1.5, -2.5, 2 ** 31, 2 ** 32, 2 ** 53 - 1, 2 ** 53, 2 ** 53 + 2, -(2 ** 53) + 1, 1e300, 1e308, 5e-324, Number.NaN, Infinity, -Infinity),
  fc.constantFrom(INT64_MIN, UINT64_MAX, 2n ** 63n - 1n, 2n ** 53n + 1n),
  fc.bigInt({ min: INT64_MIN, max: UINT64_MAX }),
  fc.integer(),
  fc.double(),
);

/** `vers` with absurd versions, invalid timing, or valid but rogue values (a huge version, a year-long cycle). */
const absurdVersion = (self: string): fc.Arbitrary<unknown> => {
  const sender = fc.oneof(peer, fc.constant(self));
  const rogue = fc.record({
    t: fc.constant('vers'),
    node: sender,
    version: fc.oneof(fc.constantFrom(Number.MAX_SAFE_INTEGER, 2 ** 40), fc.integer({ min: 4, max: 2 ** 31 - 1 })),
    cycle: fc.constantFrom(1, 0.3, 3.15e7, 1e300),
    gap: fc.constantFrom(0.01, 0.1),
    nodes: fc.constantFrom(-7, 0, 1, 2, 64, 2 ** 31, Number.MAX_SAFE_INTEGER),
    splits: fc.constantFrom(1, 4, 1000, Number.MAX_SAFE_INTEGER),
    n_hosts: fc.constantFrom(1, 10, Number.MAX_SAFE_INTEGER),
    force_in: fc.constantFrom(true, false, 0, 1),
  });
  const fields = ['version', 'cycle', 'gap', 'nodes', 'splits', 'n_hosts'] as const;
  const spoilt = fc
    .tuple(sender, fc.dictionary(fc.constantFrom(...fields), absurdNumber, { minKeys: 1, maxKeys: 6 }))
    .map(([node, bad]) => ({ ...templates(self).vers, node, ...bad }));
  const timing = fc
    .constantFrom(
      { cycle: 0, gap: 0 },
      { cycle: 1, gap: -0.1 },
      { cycle: 0.1, gap: 1 },
      { cycle: 0.2, gap: 0.1 },
      { cycle: 0.05, gap: 0.01 },
      { cycle: 1, gap: 0.005 },
      { cycle: -1, gap: -1 },
      { splits: 0 },
      { n_hosts: 0 },
      { force_in: 2 },
      { force_in: 'yes' },
    )
    .chain((bad) => sender.map((node) => ({ ...templates(self).vers, node, version: 10, ...bad })));
  return fc.oneof(rogue, spoilt, timing);
};

/** MessagePack headers and a builder for inputs too big to build as values. */
function arrayHeader(length: number): number[] {
  if (length < 16) return [0x90 | length];
  if (length < 0x10000) return [0xdc, length >> 8, length & 0xff];
  return [0xdd, (length >>> 24) & 0xff, (length >>> 16) & 0xff, (length >>> 8) & 0xff, length & 0xff];
}

function concat(parts: readonly (Uint8Array | readonly number[])[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Where a huge or deep structure goes: alone, as a ping's history, or as a ping's value. */
const placement = fc.constantFrom('alone', 'history', 'value', 'hist-value');

function place(where: string, structure: Uint8Array): Uint8Array {
  switch (where) {
    case 'history': // {t: ping, node: a, history: <structure>}
      return concat([[0x83], pack('t'), pack('ping'), pack('node'), pack('a'), pack('history'), structure]);
    case 'value': // {t: ping, node: a, history: [a], value: <structure>}
      return concat([[0x84], pack('t'), pack('ping'), pack('node'), pack('a'), pack('history'), pack(['a']), pack('value'), structure]);
    case 'hist-value':
      return concat([[0x83], pack('t'), pack('hist'), pack('history'), pack(['b']), pack('value'), structure]);
    default:
      return structure;
  }
}

/** Arrays of 65 to 100,000 elements (and maps of as many keys). */
const hugeArray: fc.Arbitrary<Uint8Array> = fc
  .record({
    length: fc.constantFrom(65, 1000, 20_000, 65_000, 100_000),
    element: fc.constantFrom([0xc0], [0x00], [0xa1, 0x61], [0x90]),
    map: fc.boolean(),
    where: placement,
  })
  .map(({ length, element, map, where }) => {
    if (map) {
      // A map of `length` entries, all with the key "k" (later ones overwrite earlier ones).
      const header = [0xdf, (length >>> 24) & 0xff, (length >>> 16) & 0xff, (length >>> 8) & 0xff, length & 0xff];
      return place(where, concat([header, repeat(length, [0xa1, 0x6b, ...element])]));
    }
    return place(where, concat([arrayHeader(length), repeat(length, element)]));
  });

/** `unit` written `count` times. */
function repeat(count: number, unit: readonly number[]): Uint8Array {
  const out = new Uint8Array(count * unit.length);
  if (out.length === 0) return out;
  out.set(unit);
  // Double the filled part until it is full: a few copies instead of one per element.
  for (let filled = unit.length; filled < out.length; filled *= 2) out.copyWithin(filled, 0, Math.min(filled, out.length - filled));
  return out;
}

/** Arrays or maps nested 10,000 to 20,000 deep, complete or cut short. */
const deepNesting: fc.Arbitrary<Uint8Array> = fc
  .record({ depth: fc.integer({ min: 10_000, max: 20_000 }), map: fc.boolean(), complete: fc.boolean(), where: placement })
  .map(({ depth, map, complete, where }) => {
    const level = map ? [0x81, 0xa1, 0x76] : [0x91]; // {"v": …} or [ … ]
    return place(where, concat([repeat(depth, level), complete ? [0xc0] : []]));
  });

const dt = fc.oneof({ weight: 9, arbitrary: fc.double({ min: 0, max: 0.3, noNaN: true }) }, { weight: 1, arbitrary: fc.double({ min: 0, max: 4, noNaN: true }) });

const tagged = (kind: HostileKind, payload: fc.Arbitrary<Uint8Array>): fc.Arbitrary<HostileInput> =>
  fc.tuple(dt, payload).map(([wait, bytes]) => ({ kind, dt: wait, payload: bytes }));

/**
 * Every kind of hostile input for a machine named `self`, mixed with
 * plausible traffic so that its states are reached. With `collisions`, some
 * are an `init` in our name, which makes the machine fail as the protocol
 * demands (another node has our name).
 */
export function hostileInput(self: string, { collisions = true } = {}): fc.Arbitrary<HostileInput> {
  return fc.oneof(
    { weight: 300, arbitrary: tagged('plausible', plausible(self).map(pack)) },
    { weight: 110, arbitrary: tagged('random-msgpack', anyValue.map(pack)) },
    { weight: 30, arbitrary: tagged('random-bytes', fc.uint8Array({ maxLength: 200 })) },
    { weight: 120, arbitrary: tagged('wrong-types', wrongTypes(self).map(pack)) },
    { weight: 60, arbitrary: tagged('unknown-type', unknownType.map(pack)) },
    { weight: 80, arbitrary: tagged('own-name', ownName(self, collisions).map(pack)) },
    { weight: 120, arbitrary: tagged('absurd-history', absurdHistory(self).map(pack)) },
    { weight: 120, arbitrary: tagged('absurd-version', absurdVersion(self).map(pack)) },
    { weight: 2, arbitrary: tagged('huge-array', hugeArray) },
    { weight: 2, arbitrary: tagged('deep-nesting', deepNesting) },
  );
}
