/**
 * A small MessagePack encoder writing exactly the bytes `encode()` of
 * @msgpack/msgpack 3.1 writes with its default options, or with
 * `useBigInt64: true`, for every input: the same formats for the same
 * values, the same errors for what it refuses. Core encodes with it and
 * decodes with @msgpack/msgpack (whose decoder carries our hardening); the
 * library's encoder would be a quarter of core's browser bundle.
 *
 * What that encoder does, and so this one: `null` and `undefined` are nil;
 * safe integers take the smallest int format (beyond 32 bits int64/uint64,
 * or float64 with `useBigInt64`); other numbers (fractions, -0 aside, NaN,
 * ±Infinity, 2^53 and beyond) are float64; -0 is the integer 0; a bigint is
 * int64/uint64 (wrapped to 64 bits) with `useBigInt64` and refused
 * without; strings are UTF-8, a lone surrogate as its three WTF-8 bytes in
 * strings of up to 50 UTF-16 units and as U+FFFD in longer ones; a `Date`
 * is the timestamp extension (-1); an `ExtData` is its extension; any
 * `ArrayBuffer` view is bin of the bytes it views; any other object (a
 * `Map`, an `ArrayBuffer`, a class instance) is a map of its own
 * enumerable string keys, in their order; nesting deeper than 100 is
 * refused.
 *
 * @module
 */
import { ExtData } from '@msgpack/msgpack';

/** Encoder options: the one of @msgpack/msgpack's that core uses. */
export interface EncodeOptions {
  /** Write bigints as int64/uint64, and safe integers beyond 32 bits as float64 (as @msgpack/msgpack's `useBigInt64`). */
  readonly useBigInt64?: boolean;
}

/** The bytes @msgpack/msgpack's `encode(value, options)` writes for `value`. */
export function encodeMsgpack(value: unknown, options?: EncodeOptions): Uint8Array {
  const out: number[] = [];
  write(out, value, 1, options?.useBigInt64 === true);
  return new Uint8Array(out);
}

/** Scratch space for float64 and bigint bytes. */
const scratch = new DataView(new ArrayBuffer(8));
const TWO_32 = 2 ** 32;

function write(out: number[], value: unknown, depth: number, big: boolean): void {
  if (depth > 100) throw new Error(`Too deep objects in depth ${depth}`);
  if (value == null) out.push(0xc0);
  else if (typeof value === 'boolean') out.push(value ? 0xc3 : 0xc2);
  else if (typeof value === 'number') number(out, value, big);
  else if (typeof value === 'string') string(out, value);
  else if (big && typeof value === 'bigint') {
    scratch.setBigInt64(0, value);
    out.push(value < 0n ? 0xd3 : 0xcf);
    raw(out, 8);
  } else object(out, value, depth, big);
}

/** Push the first `count` scratch bytes. */
function raw(out: number[], count: number): void {
  for (let i = 0; i < count; i++) out.push(scratch.getUint8(i));
}

/** Push the low `count` bytes of `value` (as a 32-bit integer), big-endian. */
function bytes(out: number[], value: number, count: number): void {
  while (count--) out.push((value >> (count * 8)) & 255);
}

/** Push `value` as 64 bits, two's complement (exact for safe integers). */
function int64(out: number[], value: number): void {
  bytes(out, Math.floor(value / TWO_32), 4);
  bytes(out, value, 4);
}

function number(out: number[], value: number, big: boolean): void {
  if (Number.isSafeInteger(value)) {
    if (value >= -32 && value < 128) return void out.push(value & 255);
    const code = value < 0 ? 0xd0 : 0xcc;
    for (let k = 0; k < 3; k++) {
      const bits = 8 << k;
      if (value < 0 ? value >= -(2 ** (bits - 1)) : value < 2 ** bits) {
        out.push(code + k);
        return bytes(out, value, bits / 8);
      }
    }
    if (!big) {
      out.push(code + 3);
      return int64(out, value);
    }
  }
  scratch.setFloat64(0, value);
  out.push(0xcb);
  raw(out, 8);
}

/**
 * Push the header of a `size`-long item: fix format `fix + size` below
 * `fixEnd`, else the 8-bit (if `has8`), 16-bit or 32-bit format, whose
 * codes follow `code8`.
 */
function header(out: number[], size: number, fix: number, fixEnd: number, code8: number, has8: boolean, what: string): void {
  if (size < fixEnd) out.push(fix + size);
  else if (has8 && size < 0x100) out.push(code8, size);
  else if (size < 0x10000) out.push(code8 + 1, size >> 8, size & 255);
  else if (size < TWO_32) {
    out.push(code8 + 2);
    bytes(out, size, 4);
  } else throw new Error(`Too large ${what}: ${size}`);
}

function string(out: number[], text: string): void {
  // The library encodes longer strings with TextEncoder, which writes U+FFFD for a lone surrogate.
  const long = text.length > 50;
  const utf8: number[] = [];
  for (let i = 0; i < text.length; i++) {
    let c = text.codePointAt(i)!;
    if (c < 0x80) {
      utf8.push(c);
      continue;
    }
    if (long && c >= 0xd800 && c < 0xe000) c = 0xfffd;
    if (c < 0x800) utf8.push(0xc0 | (c >> 6));
    else {
      if (c > 0xffff) {
        utf8.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63));
        i++;
      } else utf8.push(0xe0 | (c >> 12));
      utf8.push(0x80 | ((c >> 6) & 63));
    }
    utf8.push(0x80 | (c & 63));
  }
  // (No string reaches 4 GiB of UTF-8, so the library's "Too long string" cannot happen.)
  header(out, utf8.length, 0xa0, 32, 0xd9, true, 'string');
  for (const byte of utf8) out.push(byte);
}

function object(out: number[], value: unknown, depth: number, big: boolean): void {
  if (value instanceof Date) return extension(out, -1, timestamp(value));
  if (value instanceof ExtData) return extension(out, value.type, value.data);
  if (Array.isArray(value)) {
    header(out, value.length, 0x90, 16, 0xdb, false, 'array');
    for (const item of value as unknown[]) write(out, item, depth + 1, big);
  } else if (ArrayBuffer.isView(value)) {
    header(out, value.byteLength, 0, 0, 0xc4, true, 'binary');
    for (const byte of new Uint8Array(value.buffer, value.byteOffset, value.byteLength)) out.push(byte);
  } else if (typeof value === 'object') {
    const keys = Object.keys(value);
    header(out, keys.length, 0x80, 16, 0xdd, false, 'map object');
    for (const key of keys) {
      const item = (value as Record<string, unknown>)[key];
      string(out, key);
      write(out, item, depth + 1, big);
    }
  } else throw new Error(`Unrecognized object: ${Object.prototype.toString.call(value)}`);
}

const FIXEXT = [1, 2, 4, 8, 16];

function extension(out: number[], type: number, data: ExtData['data']): void {
  const body = typeof data === 'function' ? data(out.length + 6) : data;
  const fix = FIXEXT.indexOf(body.length);
  if (typeof data === 'function') {
    // The library writes a function's data as ext 32 whatever its size.
    if (body.length >= TWO_32) throw new Error(`Too large extension object: ${body.length}`);
    out.push(0xc9);
    bytes(out, body.length, 4);
  } else if (fix >= 0) out.push(0xd4 + fix);
  else header(out, body.length, 0, 0, 0xc7, true, 'extension object');
  out.push(type & 255);
  for (let i = 0; i < body.length; i++) out.push(body[i]!);
}

/** The timestamp extension's data for `date`, as the library writes it. */
function timestamp(date: Date): number[] {
  const ms = date.getTime();
  let sec = Math.floor(ms / 1e3);
  let nsec = (ms - sec * 1e3) * 1e6;
  const carry = Math.floor(nsec / 1e9);
  sec += carry;
  nsec -= carry * 1e9;
  const out: number[] = [];
  if (sec >= 0 && nsec >= 0 && sec < 0x400000000) {
    if (nsec === 0 && sec < TWO_32) bytes(out, sec, 4);
    else {
      bytes(out, (nsec << 2) | ((sec / TWO_32) & 3), 4);
      bytes(out, sec, 4);
    }
  } else {
    bytes(out, nsec, 4);
    int64(out, sec);
  }
  return out;
}
