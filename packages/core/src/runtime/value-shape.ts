/**
 * What a value must be to reach the peers unchanged: MessagePack carries
 * null, booleans, numbers, strings, bytes, dates, arrays and plain objects
 * with string keys, and 64-bit integers as bigints. Anything else would
 * arrive changed (a `Map` as `{}`, a `Float32Array` as bytes, `2n ** 70n`
 * as a float), so the peers would rank a value other than ours.
 *
 * @module
 */

import { messageOf } from '../errors';
import { fitsInt64, fitsNumber, MAX_VALUE_DEPTH } from '../wire';

/**
 * Why `value` would not arrive unchanged, as `path: reason`, or undefined
 * when it would. Never throws (a throwing getter is a reason too).
 */
export function valueProblem(value: unknown, path = 'value'): string | undefined {
  try {
    return problemAt(value, path, 0, new Set());
  } catch (error) {
    return `${path}: reading it threw (${messageOf(error)})`;
  }
}

function problemAt(value: unknown, path: string, depth: number, open: Set<object>): string | undefined {
  if (value === null || typeof value === 'boolean' || typeof value === 'number' || typeof value === 'string') return undefined;
  if (typeof value === 'bigint') return bigintProblem(value, path);
  if (typeof value !== 'object') return `${path}: a ${typeof value} is not carried`;
  if (depth >= MAX_VALUE_DEPTH) return `${path}: nested deeper than ${MAX_VALUE_DEPTH} levels`;
  if (value instanceof Uint8Array) return undefined;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? `${path}: an invalid Date is not carried` : undefined;
  if (ArrayBuffer.isView(value)) return `${path}: a ${value.constructor.name} arrives as bytes: pass a Uint8Array`;
  if (open.has(value)) return `${path}: a circular reference`;
  open.add(value);
  const problem = Array.isArray(value) ? arrayProblem(value, path, depth, open) : objectProblem(value, path, depth, open);
  open.delete(value);
  return problem;
}

function bigintProblem(value: bigint, path: string): string | undefined {
  if (!fitsInt64(value)) return `${path}: a bigint beyond 64 bits arrives as a float`;
  if (fitsNumber(value)) return `${path}: a bigint this small arrives as a number: pass a number`;
  return undefined;
}

function arrayProblem(value: readonly unknown[], path: string, depth: number, open: Set<object>): string | undefined {
  for (let i = 0; i < value.length; i++) {
    if (!(i in value)) return `${path}[${i}]: a hole in an array arrives as null`;
    const problem = problemAt(value[i], `${path}[${i}]`, depth + 1, open);
    if (problem) return problem;
  }
  return undefined;
}

function objectProblem(value: object, path: string, depth: number, open: Set<object>): string | undefined {
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null) {
    const kind = (value as { constructor?: { name?: string } }).constructor?.name ?? 'object';
    return `${path}: a ${kind} is not carried (it would arrive as a plain object): use a plain object`;
  }
  if (Object.getOwnPropertySymbols(value).length > 0) return `${path}: symbol keys are not carried`;
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined) return `${path}.${key}: undefined arrives as null`;
    const problem = problemAt(item, `${path}.${key}`, depth + 1, open);
    if (problem) return problem;
  }
  return undefined;
}
