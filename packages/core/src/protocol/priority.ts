/**
 * The deterministic collision rule (PROTOCOL §5).
 *
 * Every node, Python ones included, must reach the same verdict on the same
 * pair, so the comparison is a strict total order over every value kind.
 *
 * @module
 */
import type { Value } from '../value';

/**
 * Decides whether a ping from node `a` beats one from node `b`, given the
 * last value seen from each. A replacement must be a strict total order on
 * distinct names (`prefer(a, …, b, …) === !prefer(b, …, a, …)`), give the
 * same answer on every node, and rank a `null` value below any other.
 */
export type PriorityRule = (a: string, aValue: Value | undefined, b: string, bValue: Value | undefined) => boolean;

/**
 * The order between values of different kinds, which Python cannot compare
 * at all (it raises). Booleans count as the numbers 0 and 1, as in Python.
 * `NaN` sorts below every other number.
 */
const KIND_RANK = { null: 0, number: 1, string: 2, bytes: 3, date: 4, array: 5, map: 6 } as const;
type Kind = keyof typeof KIND_RANK;

function kindOf(value: Value | undefined): Kind {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'boolean':
    case 'number':
    case 'bigint':
      return 'number';
    case 'string':
      return 'string';
  }
  if (value instanceof Uint8Array) return 'bytes';
  if (value instanceof Date) return 'date';
  if (Array.isArray(value)) return 'array';
  return 'map';
}

function compareNumbers(a: number | bigint | boolean, b: number | bigint | boolean): number {
  const x = typeof a === 'boolean' ? Number(a) : a;
  const y = typeof b === 'boolean' ? Number(b) : b;
  const xNaN = typeof x === 'number' && Number.isNaN(x);
  const yNaN = typeof y === 'number' && Number.isNaN(y);
  if (xNaN || yNaN) return xNaN === yNaN ? 0 : xNaN ? -1 : 1;
  // Mixed bigint/number comparisons are exact in JavaScript.
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Compare strings by Unicode code point, as Python does (not by UTF-16 unit). */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (0xD800–0xDFFF) encode code points above 0xFFFF, which must
    // sort after 0xE000–0xFFFF; plain unit comparison would put them before.
    const xSurrogate = x >= 0xd800 && x <= 0xdfff;
    const ySurrogate = y >= 0xd800 && y <= 0xdfff;
    if (xSurrogate !== ySurrogate) return xSurrogate ? 1 : -1;
    return x < y ? -1 : 1;
  }
  return compareNumbers(a.length, b.length);
}

/** Item by item, then the shorter first: bytes, arrays, and maps as sorted entries. */
function compareSequences<T>(a: ArrayLike<T>, b: ArrayLike<T>, compareItems: (x: T, y: T) => number): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const d = compareItems(a[i]!, b[i]!);
    if (d !== 0) return d;
  }
  return compareNumbers(a.length, b.length);
}

function mapEntries(map: { readonly [key: string]: Value }): Value[] {
  return Object.keys(map)
    .sort(compareStrings)
    .map((key) => [key, map[key]!]);
}

/**
 * A total order over values: negative if `a` sorts before `b`, 0 if equal,
 * positive after. Kinds rank null < number < string < bytes < date < array <
 * map; within a kind the natural order (numbers numerically, int and float
 * alike; strings by code point; bytes and arrays element by element; maps as
 * their entries sorted by key).
 */
export function compareValues(a: Value | undefined, b: Value | undefined): number {
  const ka = kindOf(a);
  const kb = kindOf(b);
  if (ka !== kb) return KIND_RANK[ka] < KIND_RANK[kb] ? -1 : 1;
  switch (ka) {
    case 'null':
      return 0;
    case 'number':
      return compareNumbers(a as number, b as number);
    case 'string':
      return compareStrings(a as string, b as string);
    case 'bytes':
      return compareSequences(a as Uint8Array, b as Uint8Array, compareNumbers);
    case 'date':
      return compareNumbers((a as Date).getTime(), (b as Date).getTime());
    case 'array':
      return compareSequences(a as readonly Value[], b as readonly Value[], compareValues);
    case 'map':
      return compareSequences(mapEntries(a as { readonly [key: string]: Value }), mapEntries(b as { readonly [key: string]: Value }), compareValues);
  }
}

/**
 * The reference rule: a `null` value loses to any other, a greater value
 * wins, and between equal values the smaller name wins.
 */
export const defaultPriority: PriorityRule = (a, aValue, b, bValue) => {
  const byValue = compareValues(aValue, bValue);
  if (byValue !== 0) return byValue > 0;
  return compareStrings(a, b) < 0;
};
