/**
 * A small MessagePack decoder giving what `decode(bytes, { useBigInt64:
 * true })` of @msgpack/msgpack 3.1 gives for every input nested at most
 * {@link MAX_DECODE_DEPTH} deep, and throwing where it throws. Core decodes
 * with it because the library's decoder (its stream and async decoding, its
 * key cache) was 3 KB of core's gzipped browser bundle (issue 12); the
 * extensions (a timestamp as a `Date`, any other type as an `ExtData`)
 * are still the library's own codec.
 *
 * What that decoder does, and so this one: integers of up to 32 bits are
 * numbers, int64/uint64 are bigints; float32/float64 are numbers; str is
 * UTF-8, decoded as the library does it (up to 200 bytes by its own loop,
 * which reads a malformed sequence differently from TextDecoder, longer
 * ones by TextDecoder; a map key whose last sequence is cut off, and so
 * reads on into the bytes after it, is read afresh each time, where the
 * library's key cache gives the string of its first decoding); bin is a `Uint8Array` viewing the input; an array
 * is an array; a map is a plain object whose keys must be strings or
 * numbers and not `__proto__`; `0xc1`, missing bytes and bytes left over
 * throw. An array or map inside {@link MAX_DECODE_DEPTH} others is read
 * past, without recursion and unchecked, and stands as {@link TOO_DEEP},
 * where the library would build it.
 *
 * @module
 */
import { ExtensionCodec } from '@msgpack/msgpack';

/** How many arrays and maps may hold an array or map that is built (the encoder's limit too). */
export const MAX_DECODE_DEPTH = 100;

/** What stands for an array or map nested deeper than {@link MAX_DECODE_DEPTH}. */
export const TOO_DEEP: unique symbol = Symbol('nested too deep');

/** The input being read, a view of it, and where reading is. */
let bytes: Uint8Array = new Uint8Array(0);
let view: DataView = new DataView(bytes.buffer);
let pos = 0;

/**
 * The value MessagePack `input` holds.
 *
 * @throws {RangeError} for missing or left-over bytes.
 * @throws {Error} for a byte that starts no item, or a map key the library refuses.
 */
export function decodeMsgpack(input: Uint8Array): unknown {
  // An extension decoder registered on the library's codec may decode too, in the middle of this.
  const outer = [bytes, view, pos] as const;
  bytes = input;
  view = new DataView(input.buffer, input.byteOffset, input.byteLength);
  pos = 0;
  try {
    const value = item(0);
    if (pos < input.length) throw new RangeError(`Extra ${input.length - pos} of ${input.length} byte(s) found at buffer[${pos}]`);
    return value;
  } finally {
    [bytes, view, pos] = outer;
  }
}

/** The next item, inside `depth` arrays and maps. */
function item(depth: number): unknown {
  const head = next();
  const children = childCount(head);
  if (children < 0) return scalar(head);
  if (depth >= MAX_DECODE_DEPTH) return skip(children);
  return head < 0x90 || head >= 0xde ? map(children / 2, depth) : array(children, depth);
}

/**
 * How many items the array or map starting with `head` holds (a map's keys
 * and values both counted), its size read; -1 where `head` starts neither.
 */
function childCount(head: number): number {
  if (!(head >= 0x80 && head < 0xa0) && !(head >= 0xdc && head <= 0xdf)) return -1;
  const size = head < 0xa0 ? head & 0x0f : uint(head & 1 ? 4 : 2);
  const children = head < 0x90 || head >= 0xde ? 2 * size : size;
  // Every item needs a byte at least: a count beyond what is left cannot be met (and is not allocated).
  if (children > bytes.length - pos) throw new RangeError('Insufficient data');
  return children;
}

/** Read past `children` items and what they hold, with no recursion. */
function skip(children: number): typeof TOO_DEEP {
  for (let left = children; left > 0; left--) {
    const head = next();
    const more = childCount(head);
    if (more < 0) scalar(head);
    else left += more;
  }
  return TOO_DEEP;
}

/** The item that starts with `head`, neither an array nor a map. */
function scalar(head: number): unknown {
  if (head < 0x80) return head;
  if (head < 0xc0) return string(head - 0xa0);
  if (head >= 0xe0) return head - 0x100;
  // From here on a format's width is 1 << (head - its first code).
  if (head >= 0xcc && head <= 0xd3) return integer(1 << (head & 3), head >= 0xd0);
  if (head >= 0xd4 && head <= 0xd8) return extension(1 << (head - 0xd4));
  if (head >= 0xd9 && head <= 0xdb) return string(uint(1 << (head - 0xd9)));
  if (head >= 0xc4 && head <= 0xc6) return take(uint(1 << (head - 0xc4)));
  if (head >= 0xc7 && head <= 0xc9) return extension(uint(1 << (head - 0xc7)));
  switch (head) {
    case 0xc0:
      return null;
    case 0xc2:
      return false;
    case 0xc3:
      return true;
    case 0xca:
      return view.getFloat32((pos += 4) - 4);
    case 0xcb:
      return view.getFloat64((pos += 8) - 8);
  }
  throw new Error(`Unrecognized type byte: 0x${head.toString(16)}`);
}

/** The next byte. */
function next(): number {
  if (pos >= bytes.length) throw new RangeError('Insufficient data');
  return bytes[pos++]!;
}

/** The unsigned integer of the next `size` (1, 2 or 4) bytes. */
function uint(size: number): number {
  return integer(size, false) as number;
}

/** The integer of the next `size` (1, 2, 4 or 8) bytes; 8 bytes are a bigint. */
function integer(size: number, signed: boolean): number | bigint {
  const at = pos;
  pos += size;
  if (size === 8) return signed ? view.getBigInt64(at) : view.getBigUint64(at);
  if (size === 4) return signed ? view.getInt32(at) : view.getUint32(at);
  if (size === 2) return signed ? view.getInt16(at) : view.getUint16(at);
  return signed ? view.getInt8(at) : view.getUint8(at);
}

/** Where the next `size` bytes start, skipped. */
function skipBytes(size: number): number {
  if (pos + size > bytes.length) throw new RangeError('Insufficient data');
  return (pos += size) - size;
}

/** The next `size` bytes, as a view of the input. */
function take(size: number): Uint8Array {
  const start = skipBytes(size);
  return bytes.subarray(start, pos);
}

function array(size: number, depth: number): unknown[] {
  const out = new Array<unknown>(size);
  for (let i = 0; i < size; i++) out[i] = item(depth + 1);
  return out;
}

function map(size: number, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = size; i > 0; i--) {
    const key = item(depth + 1);
    if (key === '__proto__') throw new Error('The key __proto__ is not allowed');
    if (typeof key !== 'string' && typeof key !== 'number') throw new Error(`The type of key must be string or number but ${typeof key}`);
    out[key] = item(depth + 1);
  }
  return out;
}

function extension(size: number): unknown {
  const type = view.getInt8(pos++);
  return ExtensionCodec.defaultCodec.decode(take(size), type, undefined);
}

const textDecoder = new TextDecoder();

function string(size: number): string {
  const start = skipBytes(size);
  if (size > 200) return textDecoder.decode(bytes.subarray(start, pos));
  // The library's loop: lead bytes say how many continuation bytes follow,
  // whose top bits are not checked, and a sequence cut off by the end of
  // the string reads on into the bytes after it (0 past the input's end).
  const units: number[] = [];
  for (let i = start; i < pos; ) {
    const lead = bytes[i++]!;
    const more = lead < 0x80 ? 0 : lead >> 5 === 6 ? 1 : lead >> 4 === 14 ? 2 : lead >> 3 === 30 ? 3 : 0;
    let unit = more ? lead & (0x7f >> (more + 1)) : lead;
    for (let n = more; n > 0; n--) unit = (unit << 6) | ((bytes[i++] ?? 0) & 0x3f);
    if (unit > 0xffff) {
      unit -= 0x10000;
      units.push(0xd800 | ((unit >>> 10) & 0x3ff));
      unit = 0xdc00 | (unit & 0x3ff);
    }
    units.push(unit);
  }
  return String.fromCharCode(...units);
}
