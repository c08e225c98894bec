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
}

const scalar = (size: number): Head => ({ kind: 'scalar', size, lengthBytes: 0, fixed: 0 });
const sized = (kind: Kind, lengthBytes: 1 | 2 | 4): Head => ({ kind, size: 1 + lengthBytes, lengthBytes, fixed: 0 });
/** ext 8/16/32: the length, then a type byte, then the data. */
const ext = (lengthBytes: 1 | 2 | 4): Head => ({ kind: 'ext', size: 2 + lengthBytes, lengthBytes, fixed: 0 });
/** fixext 1/2/4/8/16: a type byte, then the data. */
const fixext = (length: number): Head => ({ kind: 'ext', size: 2, lengthBytes: 0, fixed: length });

/** Head bytes 0xc0 to 0xdf; 0xc1 is never used. */
const HEADS: readonly (Head | undefined)[] = [
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
  if (byte <= 0x8f) return { kind: 'map', size: 1, lengthBytes: 0, fixed: byte & 0x0f };
  if (byte <= 0x9f) return { kind: 'array', size: 1, lengthBytes: 0, fixed: byte & 0x0f };
  if (byte <= 0xbf) return { kind: 'str', size: 1, lengthBytes: 0, fixed: byte & 0x1f };
  return HEADS[byte - 0xc0];
}

/** A token whose header is in the buffer: its kind, header bytes, and length (bytes of content, or elements). */
interface Token {
  readonly kind: Kind;
  readonly headerBytes: number;
  readonly length: number;
}

function readToken(bytes: Uint8Array, at: number, end: number): Token | undefined {
  const head = headOf(bytes[at]!);
  if (!head) throw new SerfProtocolError(`unreadable data from the serf agent: the byte 0xc1 (never used in msgpack) at a value`);
  if (at + head.size > end) return undefined;
  let length = head.fixed;
  for (let i = 1; i <= head.lengthBytes; i++) length = length * 256 + bytes[at + i]!;
  return { kind: head.kind, headerBytes: head.size, length };
}

const WHAT: Record<Exclude<Kind, 'scalar'>, [unit: string, limit: keyof SerfDecodeLimits]> = {
  str: ['a string of %d bytes', 'maxStrLength'],
  bin: ['a byte string of %d bytes', 'maxBinLength'],
  ext: ['an extension of %d bytes', 'maxBinLength'],
  array: ['an array of %d elements', 'maxArrayLength'],
  map: ['a map of %d entries', 'maxMapLength'],
};

/** Cuts a byte stream into whole msgpack items, within {@link SerfDecodeLimits}. */
export class ItemSplitter {
  /** The bytes of the current, incomplete item: `buffer[0, length)`. */
  private buffer = new Uint8Array(0);
  private length = 0;
  /** Where the next token of the current item starts. */
  private scanned = 0;
  /** Values still due in each container open at `scanned`, outermost first (two per map entry). */
  private readonly due: number[] = [];

  constructor(private readonly limits: SerfDecodeLimits) {}

  /**
   * The items that `chunk` completes, each in bytes of its own, in order.
   *
   * @throws {SerfProtocolError} for an item that breaks a limit, once its header (or its first `maxFrameBytes` bytes) is in.
   */
  *push(chunk: Uint8Array): Generator<Uint8Array, void, undefined> {
    this.append(chunk);
    let start = 0;
    for (let end = this.scan(start); end !== undefined; end = this.scan(start)) {
      yield this.buffer.slice(start, end);
      start = end;
    }
    this.buffer.copyWithin(0, start, this.length);
    this.length -= start;
    this.scanned -= start;
    if (this.length > this.limits.maxFrameBytes) throw this.tooLarge();
  }

  private append(chunk: Uint8Array): void {
    const needed = this.length + chunk.byteLength;
    if (needed > this.buffer.byteLength) {
      const grown = new Uint8Array(Math.max(needed, Math.min(2 * this.buffer.byteLength, this.limits.maxFrameBytes)));
      grown.set(this.buffer.subarray(0, this.length));
      this.buffer = grown;
    }
    this.buffer.set(chunk, this.length);
    this.length = needed;
  }

  /** Scan on from the last token read; the end of the item that began at `start`, once it is complete. */
  private scan(start: number): number | undefined {
    while (this.scanned < this.length) {
      const token = readToken(this.buffer, this.scanned, this.length);
      if (!token) return undefined;
      this.check(token);
      const carries = token.kind === 'str' || token.kind === 'bin' || token.kind === 'ext';
      const end = this.scanned + token.headerBytes + (carries ? token.length : 0);
      if (end - start > this.limits.maxFrameBytes) throw this.tooLarge();
      if (end > this.length) return undefined;
      this.scanned = end;
      const values = token.kind === 'array' ? token.length : token.kind === 'map' ? 2 * token.length : 0;
      if (values > 0) this.due.push(values);
      else if (this.valueDone()) return end;
    }
    return undefined;
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

  private check(token: Token): void {
    if (token.kind === 'scalar') return;
    const [what, limit] = WHAT[token.kind];
    if (token.length > this.limits[limit]) {
      throw new SerfProtocolError(`the serf agent sent ${what.replace('%d', String(token.length))}, over limits.${limit} (${this.limits[limit]}); the connection is closed`);
    }
  }

  private tooLarge(): SerfProtocolError {
    return new SerfProtocolError(`the serf agent sent a reply of more than ${this.limits.maxFrameBytes} bytes, over limits.maxFrameBytes; the connection is closed`);
  }
}
