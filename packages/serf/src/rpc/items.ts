/**
 * Cutting the agent's byte stream into msgpack items before any of it is
 * decoded, and refusing, from the headers alone, what breaks the
 * {@link SerfDecodeLimits}: a string, byte string, array or map longer than
 * its limit, or an item larger than `maxFrameBytes`.
 *
 * A streaming decoder allocates what a header announces before the content
 * is there (an array16 header is 3 bytes and 512 KB of slots) and holds every
 * byte of an incomplete item; here only the bytes of the current item are
 * held, at most `maxFrameBytes` of them, and each item is decoded once it is
 * complete, so what the decoder builds is bounded by bytes that arrived.
 * Items within one chunk are not copied; the scan allocates nothing.
 *
 * @module
 */
import { SerfProtocolError } from '../errors';
import type { SerfDecodeLimits } from './limits';

type Kind = 'scalar' | 'str' | 'bin' | 'ext' | 'array' | 'map';

/** What a head byte says: the kind, the bytes up to the content, and where the length comes from. */
interface Head {
  readonly kind: Kind;
  /** Bytes from the head byte to the content (the whole token for scalars). */
  readonly size: number;
  /** Bytes of the big-endian length after the head byte (0: the length is `fixed`). */
  readonly lengthBytes: 0 | 1 | 2 | 4;
  readonly fixed: number;
  /** Whether the length counts bytes of content that follow the header (strings, byte strings, extensions). */
  readonly carries: boolean;
  /** How many values follow per unit of length: 1 per array element, 2 per map entry, else 0. */
  readonly values: 0 | 1 | 2;
  /** Where the kind's limit is in an {@link ItemSplitter}'s table of limits, by {@link KINDS}. */
  readonly kindIndex: number;
}

/** Every kind, in the order of an {@link ItemSplitter}'s table of limits. */
const KINDS: readonly Kind[] = ['scalar', 'str', 'bin', 'ext', 'array', 'map'];

const head = (kind: Kind, size: number, lengthBytes: 0 | 1 | 2 | 4, fixed: number): Head =>
  Object.freeze({
    kind,
    size,
    lengthBytes,
    fixed,
    carries: kind === 'str' || kind === 'bin' || kind === 'ext',
    values: kind === 'array' ? 1 : kind === 'map' ? 2 : 0,
    kindIndex: KINDS.indexOf(kind),
  });
const scalar = (size: number): Head => head('scalar', size, 0, 0);
const sized = (kind: Kind, lengthBytes: 1 | 2 | 4): Head => head(kind, 1 + lengthBytes, lengthBytes, 0);
/** ext 8/16/32: the length, then a type byte, then the data. */
const ext = (lengthBytes: 1 | 2 | 4): Head => head('ext', 2 + lengthBytes, lengthBytes, 0);
/** fixext 1/2/4/8/16: a type byte, then the data. */
const fixext = (length: number): Head => head('ext', 2, 0, length);

/** Head bytes 0xc0 to 0xdf; 0xc1 is never used. */
const HEADS_C0: readonly (Head | undefined)[] = [
  ...[scalar(1), undefined, scalar(1), scalar(1)], // nil, (never used), false, true
  ...[sized('bin', 1), sized('bin', 2), sized('bin', 4), ext(1), ext(2), ext(4)],
  ...[scalar(5), scalar(9)], // float 32, 64
  ...[2, 3, 5, 9, 2, 3, 5, 9].map(scalar), // uint 8..64, int 8..64
  ...[1, 2, 4, 8, 16].map(fixext),
  ...[sized('str', 1), sized('str', 2), sized('str', 4)],
  ...[sized('array', 2), sized('array', 4), sized('map', 2), sized('map', 4)],
];

function headOf(byte: number): Head | undefined {
  if (byte <= 0x7f || byte >= 0xe0) return scalar(1); // positive and negative fixint
  if (byte <= 0x8f) return head('map', 1, 0, byte & 0x0f);
  if (byte <= 0x9f) return head('array', 1, 0, byte & 0x0f);
  if (byte <= 0xbf) return head('str', 1, 0, byte & 0x1f);
  return HEADS_C0[byte - 0xc0];
}

/** The head of every byte, computed once: scanning allocates nothing. */
const HEADS: readonly (Head | undefined)[] = Array.from({ length: 256 }, (_, byte) => headOf(byte));

const WHAT: Record<Exclude<Kind, 'scalar'>, [unit: string, limit: keyof SerfDecodeLimits]> = {
  str: ['a string of %d bytes', 'maxStrLength'],
  bin: ['a byte string of %d bytes', 'maxBinLength'],
  ext: ['an extension of %d bytes', 'maxBinLength'],
  array: ['an array of %d elements', 'maxArrayLength'],
  map: ['a map of %d entries', 'maxMapLength'],
};

/** Receives each whole item, `bytes[start, end)`, in bytes that the splitter never writes to again. */
export type ItemSink = (bytes: Uint8Array, start: number, end: number) => void;

/**
 * Cuts a byte stream into whole msgpack items, within {@link SerfDecodeLimits}.
 *
 * Items that lie within one chunk are handed on as where they lie in that
 * chunk (no copy, not even a view); only an item cut across chunks is
 * gathered, and handed on as a copy of its own. The caller must not write to a chunk after pushing it.
 */
export class ItemSplitter {
  /** The bytes of the current, incomplete item: `carry[0, carried)`. */
  private carry = new Uint8Array(0);
  private carried = 0;
  /** Where the next token of the current item starts (in `carry` while it holds bytes, else in the chunk). */
  private scanned = 0;
  /** Values still due in each container open at `scanned`, outermost first (two per map entry). */
  private readonly due: number[] = [];
  /** The longest length each kind may announce, by {@link KINDS} (a scalar announces none). */
  private readonly maxLengths: readonly number[];

  constructor(private readonly limits: SerfDecodeLimits) {
    this.maxLengths = KINDS.map((kind) => (kind === 'scalar' ? Infinity : limits[WHAT[kind][1]]));
  }

  /**
   * Hand `onItem` the items that `chunk` completes, in order.
   *
   * @throws {SerfProtocolError} for an item that breaks a limit, once its header (or its first `maxFrameBytes` bytes) is in; the items before it have been handed on.
   */
  push(chunk: Uint8Array, onItem: ItemSink): void {
    let start = 0;
    if (this.carried > 0) {
      const before = this.carried;
      this.append(chunk, 0);
      const end = this.scan(this.carry, 0, this.carried);
      if (end < 0) {
        if (this.carried > this.limits.maxFrameBytes) throw this.tooLarge();
        return;
      }
      this.carried = 0;
      onItem(this.carry.slice(0, end), 0, end);
      start = end - before;
      this.scanned = start;
    }
    for (let end = this.scan(chunk, start, chunk.byteLength); end >= 0; end = this.scan(chunk, start, chunk.byteLength)) {
      onItem(chunk, start, end);
      start = end;
    }
    this.scanned -= start;
    this.append(chunk, start);
    if (this.carried > this.limits.maxFrameBytes) throw this.tooLarge();
  }

  /** Add `chunk[from, …)` to the carried bytes. */
  private append(chunk: Uint8Array, from: number): void {
    const needed = this.carried + chunk.byteLength - from;
    if (needed > this.carry.byteLength) {
      const grown = new Uint8Array(Math.max(needed, Math.min(2 * this.carry.byteLength, this.limits.maxFrameBytes), 256));
      grown.set(this.carry.subarray(0, this.carried));
      this.carry = grown;
    }
    this.carry.set(chunk.subarray(from), this.carried);
    this.carried = needed;
  }

  /** Scan `bytes` on from the last token read, up to `end`; the end of the item that began at `start` once it is complete, else -1. */
  private scan(bytes: Uint8Array, start: number, end: number): number {
    while (this.scanned < end) {
      const at = this.scanned;
      const token = HEADS[bytes[at]!];
      if (!token) throw new SerfProtocolError(`unreadable data from the serf agent: the byte 0xc1 (never used in msgpack) at a value`);
      if (at + token.size > end) return -1;
      let length = token.fixed;
      for (let i = 1; i <= token.lengthBytes; i++) length = length * 256 + bytes[at + i]!;
      if (length > this.maxLengths[token.kindIndex]!) throw this.overLimit(token.kind, length);
      const tokenEnd = at + token.size + (token.carries ? length : 0);
      if (tokenEnd - start > this.limits.maxFrameBytes) throw this.tooLarge();
      if (tokenEnd > end) return -1;
      this.scanned = tokenEnd;
      if (token.values > 0 && length > 0) this.due.push(token.values * length);
      else if (this.valueDone()) return tokenEnd;
    }
    return -1;
  }

  /** A value is complete: count it in its container, and close the containers it fills. True when it completed the item. */
  private valueDone(): boolean {
    while (this.due.length > 0) {
      const top = this.due.length - 1;
      this.due[top]!--;
      if (this.due[top]! > 0) return false;
      this.due.pop();
    }
    return true;
  }

  /** The error for a `kind` (not a scalar) announcing `length`, over its limit. */
  private overLimit(kind: Kind, length: number): SerfProtocolError {
    const [what, limit] = WHAT[kind as Exclude<Kind, 'scalar'>];
    return new SerfProtocolError(`the serf agent sent ${what.replace('%d', String(length))}, over limits.${limit} (${this.limits[limit]}); the connection is closed`);
  }

  private tooLarge(): SerfProtocolError {
    return new SerfProtocolError(`the serf agent sent a reply of more than ${this.limits.maxFrameBytes} bytes, over limits.maxFrameBytes; the connection is closed`);
  }
}
