/**
 * A small MessagePack encoder writing exactly the bytes `encode()` of
 * @msgpack/msgpack 3.1 writes with its default options, or with
 * `useBigInt64: true`, for every input: the same formats for the same
 * values, the same errors for what it refuses. Core encodes with it
 * because the library's encoder was 1.6 KB of core's gzipped browser
 * bundle (issue 12); `msgpack-decode.ts` is the other way.
 *
 * What that encoder does, and so this one: `null` and `undefined` are nil;
 * safe integers take the smallest int format (beyond 32 bits int64/uint64,
 * or float64 with `useBigInt64`), -0 as 0; other numbers (fractions, NaN,
 * ±Infinity, 2^53 and beyond) are float64; a bigint is int64/uint64
 * (wrapped to 64 bits) with `useBigInt64` and refused without; strings are
 * UTF-8, a lone surrogate as its three WTF-8 bytes in strings of up to 50
 * UTF-16 units and as U+FFFD in longer ones; a `Date` is the timestamp
 * extension (-1); an `ExtData` is its extension; any `ArrayBuffer` view is
 * bin of the bytes it views; an array is iterated; any other object (a
 * `Map`, an `ArrayBuffer`, a class instance) is a map of its own
 * enumerable string keys, in their order, each value read once; nesting
 * deeper than 100 is refused.
 *
 * @module
 */
import { ExtensionCodec, type ExtData } from '@msgpack/msgpack';

/** Encoder options. */
export interface EncodeOptions {
  /** Write bigints as int64/uint64, and safe integers beyond 32 bits as float64 (as @msgpack/msgpack's `useBigInt64`). */
  readonly useBigInt64?: boolean;
  /**
   * For a message map whose value holds a bigint (PROTOCOL §3): what core
   * wrote before it had this encoder, the library's `useBigInt64` encoding
   * of a copy of the map with Python's integers. So `useBigInt64`, but down
   * to depth 67 (the value's 65th level) a number is written as without it,
   * and a bigint within 32 bits as that number, within 64 bits as
   * int64/uint64, beyond as the nearest float; and down to depth 66 an
   * object other than an array, a Uint8Array or a Date is written as a
   * plain object of its own entries (a `__proto__` key left out, as the
   * copy lost it). Applies to the whole map: a message's other fields are
   * strings.
   */
  readonly python?: boolean;
}

/** The bytes being written (any numbers: the Uint8Array keeps the low 8 bits of each, as the library's DataView writes do). */
let out: number[] = [];
/** Whether this encoding has `useBigInt64`, or `python`. */
let big: boolean | undefined;
let python: boolean | undefined;

/**
 * The bytes @msgpack/msgpack's `encode(value, options)` writes for `value`.
 *
 * @throws {Error} with the library's message for what it refuses.
 */
export function encodeMsgpack(value: unknown, options?: EncodeOptions): Uint8Array {
  // A getter or an extension's data function may encode too, in the middle of this.
  const outer = [out, big, python] as const;
  out = [];
  python = options?.python;
  big = options?.useBigInt64 || python;
  try {
    write(value, 1);
    return new Uint8Array(out);
  } finally {
    [out, big, python] = outer;
  }
}

/** Scratch space for float64 and bigint bytes. */
const scratchBytes = new Uint8Array(8);
const scratch = new DataView(scratchBytes.buffer);
const TWO_32 = 2 ** 32;

function write(value: unknown, depth: number): void {
  if (depth > 100) throw new Error(`Too deep objects in depth ${depth}`);
  // Where the old copy of a `python` value reached: its primitives down to depth 67, its objects to 66.
  const asPython = python && depth < 68;
  if (value == null) out.push(0xc0);
  else if (typeof value === 'boolean') out.push(value ? 0xc3 : 0xc2);
  else if (typeof value === 'number') number(value, asPython);
  else if (typeof value === 'string') string(value);
  else if (big && typeof value === 'bigint') {
    if (asPython && (!fitsInt64(value) || (value >= -(2n ** 31n) && value < 2n ** 32n))) return number(Number(value), true);
    scratch.setBigInt64(0, value);
    out.push(value < 0n ? 0xd3 : 0xcf, ...scratchBytes);
  } else object(value, depth, asPython && depth < 67);
}

/** Whether MessagePack carries `value` as an integer (int64 or uint64); a bigint beyond goes out as a float. */
export function fitsInt64(value: bigint): boolean {
  return value >= -(2n ** 63n) && value < 2n ** 64n;
}

/** Write the low `count` bytes of `value` (as a 32-bit integer), big-endian. */
function bytes(value: number, count: number): void {
  while (count--) out.push(value >> (count * 8));
}

/** Write every item of `items`. */
function all(items: ArrayLike<number>): void {
  for (let i = 0; i < items.length; i++) out.push(items[i]!);
}

/** Write a number; `asPython` writes safe integers beyond 32 bits as int64/uint64 even with `useBigInt64`. */
function number(value: number, asPython?: boolean): void {
  if (Number.isSafeInteger(value)) {
    const negative = value < 0;
    // A negative integer fits a signed format where twice its magnitude fits the unsigned one.
    if (header(negative ? -2 * value - 1 : value, negative ? 64 : 128, 0, negative ? 0xd0 : 0xcc, '', value)) return;
    if (!big || asPython) {
      out.push(negative ? 0xd3 : 0xcf);
      bytes(Math.floor(value / TWO_32), 4);
      return bytes(value, 4);
    }
  }
  scratch.setFloat64(0, value);
  out.push(0xcb, ...scratchBytes);
}

/**
 * Write the header of an item of `size` (whose bytes are `value`): fix
 * format `fix + value` below `fixEnd`, else the 8-bit (but for arrays and
 * maps, whose fix formats end at 16), 16-bit or 32-bit format, whose codes
 * follow `code8`. Beyond 32 bits, refuse it as too large a `what`, or (no
 * `what`) write nothing and return false.
 */
function header(size: number, fixEnd: number, fix: number, code8: number, what: string, value = size): boolean {
  if (size < fixEnd) out.push(fix + value);
  else if (fixEnd !== 16 && size < 0x100) out.push(code8, value);
  else if (size < 0x10000) out.push(code8 + 1, value >> 8, value);
  else if (size < TWO_32) {
    out.push(code8 + 2);
    bytes(value, 4);
  } else if (what) throw new Error(`Too large ${what}: ${size}`);
  else return false;
  return true;
}

function string(text: string): void {
  const bytes = utf8(text);
  // (No string reaches 4 GiB of UTF-8, so the library's "Too long string" cannot happen.)
  header(bytes.length, 32, 0xa0, 0xd9, 'string');
  all(bytes);
}

/**
 * The UTF-8 bytes of `text` as the library writes them: it encodes a
 * string of up to 50 UTF-16 units itself, writing a lone surrogate as its
 * three WTF-8 bytes, and a longer one with TextEncoder, which writes U+FFFD
 * for it (three bytes too, so the length is TextEncoder's either way).
 */
export function utf8(text: string): number[] {
  const long = text.length > 50;
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    let c = text.codePointAt(i)!;
    if (c < 0x80) {
      bytes.push(c);
      continue;
    }
    if (long && c >> 11 === 27) c = 0xfffd;
    // A lead byte, then n continuation bytes of 6 bits each.
    let n = c < 0x800 ? 1 : c < 0x10000 ? 2 : 3;
    if (n > 2) i++;
    bytes.push((0xf80 >> n) | (c >> (6 * n)));
    while (n--) bytes.push(0x80 | ((c >> (6 * n)) & 63));
  }
  return bytes;
}

/** Write an object; `plain` writes all but arrays, Uint8Arrays and Dates as plain objects (see `python`). */
function object(value: unknown, depth: number, plain?: boolean): void {
  // The library's own extension step: a Date as a timestamp, an ExtData as itself.
  const ext = (!plain || value instanceof Date) && ExtensionCodec.defaultCodec.tryToEncode(value, undefined);
  if (ext) extension(ext);
  else if (Array.isArray(value)) {
    header(value.length, 16, 0x90, 0xdb, 'array');
    for (const item of value as unknown[]) write(item, depth + 1);
  } else if (ArrayBuffer.isView(value) && (!plain || value instanceof Uint8Array)) {
    header(value.byteLength, 0, 0, 0xc4, 'binary');
    all(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
  } else if (typeof value === 'object') {
    const keys = Object.keys(value as object).filter((key) => !plain || key !== '__proto__');
    header(keys.length, 16, 0x80, 0xdd, 'map object');
    for (const key of keys) {
      const item = (value as Record<string, unknown>)[key];
      string(key);
      write(item, depth + 1);
    }
  } else throw new Error(`Unrecognized object: ${({}).toString.call(value)}`);
}

function extension({ type, data }: ExtData): void {
  const written = typeof data === 'function';
  const body = written ? data(out.length + 6) : data;
  const fix = written ? -1 : [1, 2, 4, 8, 16].indexOf(body.length);
  if (fix >= 0) out.push(0xd4 + fix);
  // The library writes a function's data as ext 32 whatever its size.
  else header(written ? Math.max(body.length, 0x10000) : body.length, 0, 0, 0xc7, 'extension object', body.length);
  out.push(type);
  all(body);
}
