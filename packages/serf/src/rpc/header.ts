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

/** `bytes` (one whole msgpack item) as a header, if it is `{ Seq: n, Error: '' }` in either key order; else undefined. */
export function plainHeader(bytes: Uint8Array): ResponseHeader | undefined {
  if (bytes.length < 13 || bytes[0] !== 0x82) return undefined;
  let at = 1;
  let seq = -1;
  let error = false;
  for (let entry = 0; entry < 2; entry++) {
    if (!error && startsWith(bytes, at, ERROR)) {
      if (bytes[at + ERROR.length] !== EMPTY_STRING) return undefined;
      error = true;
      at += ERROR.length + 1;
    } else if (seq < 0 && startsWith(bytes, at, SEQ)) {
      const read = readUnsigned(bytes, at + SEQ.length);
      if (!read) return undefined;
      [seq, at] = read;
    } else return undefined;
  }
  return at === bytes.length ? { Seq: seq, Error: '' } : undefined;
}

/** Whether `bytes` holds `prefix` at `at`. */
export function startsWith(bytes: Uint8Array, at: number, prefix: readonly number[]): boolean {
  for (let i = 0; i < prefix.length; i++) if (bytes[at + i] !== prefix[i]) return false;
  return true;
}

/** A msgpack unsigned integer (a positive fixint, uint 8, 16, 32, or 64 up to 2^53) at `at`: its value and where it ends. */
export function readUnsigned(bytes: Uint8Array, at: number): [value: number, end: number] | undefined {
  const head = bytes[at];
  if (head === undefined) return undefined;
  if (head <= 0x7f) return [head, at + 1];
  const size = head === 0xcc ? 1 : head === 0xcd ? 2 : head === 0xce ? 4 : head === 0xcf ? 8 : 0;
  if (size === 0 || at + 1 + size > bytes.length) return undefined;
  let value = 0;
  for (let i = 1; i <= size; i++) value = value * 256 + bytes[at + i]!;
  return Number.isSafeInteger(value) ? [value, at + 1 + size] : undefined;
}
