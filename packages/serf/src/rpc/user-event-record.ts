/**
 * The `stream` record of a user event as the agent nearly always sends it,
 * read by hand: a map of `Coalesce` (a boolean), `Event` (`user`), `LTime`
 * (an unsigned integer), `Name` (an ASCII string) and `Payload` (a byte
 * string), in that order, the order the agent writes them in. It gives
 * exactly what the msgpack decoder gives for those bytes (the payload a view
 * of them, as the decoder's is); anything else (another order, another key,
 * another encoding, a name that is not ASCII) is left to the decoder.
 *
 * The limits need no check here: the item splitter held every string and
 * byte string of the record to them before the record was handed on.
 *
 * @module
 */
import { readUnsigned, startsWith } from './header';

/** A user event record of `stream`, as the decoder gives it. */
export interface RawUserEventRecord {
  readonly Coalesce: boolean;
  readonly Event: 'user';
  readonly LTime: number;
  readonly Name: string;
  readonly Payload: Uint8Array;
}

/** fixmap of 5, fixstr `Coalesce`. */
const MAP_AND_COALESCE = [0x85, 0xa8, 0x43, 0x6f, 0x61, 0x6c, 0x65, 0x73, 0x63, 0x65] as const;
/** fixstr `Event`, fixstr `user`, fixstr `LTime`. */
const EVENT_USER_AND_LTIME = [0xa5, 0x45, 0x76, 0x65, 0x6e, 0x74, 0xa4, 0x75, 0x73, 0x65, 0x72, 0xa5, 0x4c, 0x54, 0x69, 0x6d, 0x65] as const;
/** fixstr `Name`. */
const NAME = [0xa4, 0x4e, 0x61, 0x6d, 0x65] as const;
/** fixstr `Payload`. */
const PAYLOAD = [0xa7, 0x50, 0x61, 0x79, 0x6c, 0x6f, 0x61, 0x64] as const;
const FALSE = 0xc2;
const TRUE = 0xc3;
/** Names up to this many bytes are remembered (see {@link UserEventRecordReader}); a longer one is read afresh each time. */
const REMEMBERED_NAME_BYTES = 64;

/** How a string or byte string at some offset is laid out: where its bytes start and how many there are. */
interface Span {
  readonly start: number;
  readonly length: number;
}

/**
 * Reads user event records by hand (see the module comment). It remembers
 * the last name it read, so that a stream of events of one name builds the
 * name's string once, not once per record.
 */
export class UserEventRecordReader {
  #lastNameBytes = new Uint8Array(REMEMBERED_NAME_BYTES);
  #lastNameLength = -1;
  #lastName = '';
  readonly #text = new TextDecoder();

  /**
   * `bytes[start, end)` (one whole msgpack item) as a user event record, if
   * it is laid out as the module comment says; else undefined. The payload
   * is a view of `bytes`.
   */
  read(bytes: Uint8Array, start = 0, end = bytes.length): RawUserEventRecord | undefined {
    if (!startsWith(bytes, start, end, MAP_AND_COALESCE)) return undefined;
    let at = start + MAP_AND_COALESCE.length;
    const flag = bytes[at++];
    if (flag !== FALSE && flag !== TRUE) return undefined;
    if (!startsWith(bytes, at, end, EVENT_USER_AND_LTIME)) return undefined;
    const lamportTime = readUnsigned(bytes, at + EVENT_USER_AND_LTIME.length, end);
    if (!lamportTime || !startsWith(bytes, lamportTime[1], end, NAME)) return undefined;
    const name = stringSpan(bytes, lamportTime[1] + NAME.length, end);
    if (!name) return undefined;
    at = name.start + name.length;
    if (!startsWith(bytes, at, end, PAYLOAD)) return undefined;
    const payload = binarySpan(bytes, at + PAYLOAD.length, end);
    if (!payload || payload.start + payload.length !== end) return undefined;
    const text = this.#name(bytes, name);
    if (text === undefined) return undefined;
    return { Coalesce: flag === TRUE, Event: 'user', LTime: lamportTime[0], Name: text, Payload: bytes.subarray(payload.start, end) };
  }

  /** The name at `span` of `bytes`, if it is ASCII (the last one again when its bytes are the same); else undefined. */
  #name(bytes: Uint8Array, span: Span): string | undefined {
    const { start, length } = span;
    if (length === this.#lastNameLength) {
      let same = true;
      for (let i = 0; i < length && same; i++) same = bytes[start + i] === this.#lastNameBytes[i];
      if (same) return this.#lastName;
    }
    for (let i = start; i < start + length; i++) if (bytes[i]! > 0x7f) return undefined;
    const name = this.#text.decode(bytes.subarray(start, start + length));
    if (length <= REMEMBERED_NAME_BYTES) {
      this.#lastNameBytes.set(bytes.subarray(start, start + length));
      this.#lastNameLength = length;
      this.#lastName = name;
    }
    return name;
  }
}

/** A msgpack string (fixstr, str 8, 16 or 32) at `at`, if whole before `end`. */
function stringSpan(bytes: Uint8Array, at: number, end: number): Span | undefined {
  if (at >= end) return undefined;
  const head = bytes[at]!;
  if (head >= 0xa0 && head <= 0xbf) return within(at + 1, head & 0x1f, end);
  const lengthBytes = head === 0xd9 ? 1 : head === 0xda ? 2 : head === 0xdb ? 4 : 0;
  return lengthBytes === 0 ? undefined : sized(bytes, at, lengthBytes, end);
}

/** A msgpack byte string (bin 8, 16 or 32) at `at`, if whole before `end`. */
function binarySpan(bytes: Uint8Array, at: number, end: number): Span | undefined {
  if (at >= end) return undefined;
  const head = bytes[at];
  const lengthBytes = head === 0xc4 ? 1 : head === 0xc5 ? 2 : head === 0xc6 ? 4 : 0;
  return lengthBytes === 0 ? undefined : sized(bytes, at, lengthBytes, end);
}

/** The content after a head byte at `at` and a big-endian length of `lengthBytes`, if whole before `end`. */
function sized(bytes: Uint8Array, at: number, lengthBytes: number, end: number): Span | undefined {
  if (at + 1 + lengthBytes > end) return undefined;
  let length = 0;
  for (let i = 1; i <= lengthBytes; i++) length = length * 256 + bytes[at + i]!;
  return within(at + 1 + lengthBytes, length, end);
}

function within(start: number, length: number, end: number): Span | undefined {
  return start + length <= end ? { start, length } : undefined;
}
