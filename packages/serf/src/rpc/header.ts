/**
 * The reply header as the agent nearly always sends it, read by hand: a map
 * of `Seq` (an unsigned integer) and an empty `Error`, in either order.
 * Anything else (an error message, another key, another encoding) is left
 * to the msgpack decoder, which reads every header alike, only slower.
 *
 * @module
 */
import type { ResponseHeader } from './frames';

/** The bytes of the keys: fixstr `Seq` and fixstr `Error`. */
const SEQ = [0xa3, 0x53, 0x65, 0x71] as const;
const ERROR = [0xa5, 0x45, 0x72, 0x72, 0x6f, 0x72] as const;
/** An empty fixstr: the `Error` of every successful reply. */
const EMPTY_STRING = 0xa0;

/** `bytes[start, end)` (one whole msgpack item) as a header, if it is `{ Seq: n, Error: '' }` in either key order; else undefined. */
export function plainHeader(bytes: Uint8Array, start = 0, end = bytes.length): ResponseHeader | undefined {
  if (end - start < 13 || bytes[start] !== 0x82) return undefined;
  let at = start + 1;
  let seq = -1;
  let error = false;
  for (let entry = 0; entry < 2; entry++) {
    if (!error && startsWith(bytes, at, end, ERROR)) {
      if (bytes[at + ERROR.length] !== EMPTY_STRING) return undefined;
      error = true;
      at += ERROR.length + 1;
    } else if (seq < 0 && startsWith(bytes, at, end, SEQ)) {
      const read = readUnsigned(bytes, at + SEQ.length, end);
      if (!read) return undefined;
      [seq, at] = read;
    } else return undefined;
  }
  return at === end ? { Seq: seq, Error: '' } : undefined;
}

/** Whether `bytes` holds `prefix` at `at`, before `end`. */
export function startsWith(bytes: Uint8Array, at: number, end: number, prefix: readonly number[]): boolean {
  if (at + prefix.length > end) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[at + i] !== prefix[i]) return false;
  return true;
}

/** A msgpack unsigned integer (a positive fixint, uint 8, 16, 32, or 64 up to 2^53) at `at`, before `end`: its value and where it ends. */
export function readUnsigned(bytes: Uint8Array, at: number, end: number): [value: number, end: number] | undefined {
  if (at >= end) return undefined;
  const head = bytes[at]!;
  if (head <= 0x7f) return [head, at + 1];
  const size = head === 0xcc ? 1 : head === 0xcd ? 2 : head === 0xce ? 4 : head === 0xcf ? 8 : 0;
  if (size === 0 || at + 1 + size > end) return undefined;
  let value = 0;
  for (let i = 1; i <= size; i++) value = value * 256 + bytes[at + i]!;
  return Number.isSafeInteger(value) ? [value, at + 1 + size] : undefined;
}
