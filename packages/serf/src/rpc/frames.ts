/**
 * Reading the agent's replies as frames: a msgpack header map, then, for
 * some replies, a msgpack body.
 *
 * The bytes do not say whether a body follows a header; only the command the
 * `Seq` belongs to (and where that call stands) does. So the reader asks its
 * caller about every header, and asks as the header arrives: after the caller
 * has handled every earlier frame, so that an acknowledgement it just handled
 * counts for the next header of the same stream.
 *
 * No sockets here: the bytes are pushed in as chunks, cut anywhere.
 *
 * @module
 */
import { Decoder } from '@msgpack/msgpack';
import { SerfProtocolError } from '../errors';
import { plainHeader } from './header';
import { ItemSplitter } from './items';
import { SERF_DEFAULT_DECODE_LIMITS, type SerfDecodeLimits } from './limits';
import { UserEventRecordReader } from './user-event-record';

/** The header before every response. An `Error` reply carries no body. */
export interface ResponseHeader {
  readonly Seq: number;
  readonly Error: string;
}

/** Tells the reader whether a body follows `header`. */
export type BodyFollows = (header: ResponseHeader) => boolean;

/** Receives each complete reply: its header, and its body when one followed (`hasBody`). */
export type FrameSink = (header: ResponseHeader, hasBody: boolean, body: unknown) => void;

/**
 * Reads frames from chunks pushed in as they arrive, cut anywhere: each
 * frame goes to its sink, synchronously, once it is complete (a frame cut
 * short by the end of the bytes never does). Every item is held to `limits`
 * before it is decoded (see {@link ItemSplitter}); one decoder serves every
 * item, and nothing is copied but an item cut across chunks. The commonest
 * items, a plain header and a user event record, are read by hand
 * ({@link plainHeader}, {@link UserEventRecordReader}), to the same result.
 *
 * Byte strings in a decoded body are views of the pushed chunk: the caller
 * must not write to a chunk after pushing it.
 */
export class FrameReader {
  private readonly splitter: ItemSplitter;
  private readonly decoder: Decoder;
  private readonly userEvents = new UserEventRecordReader();
  private awaitingBody: ResponseHeader | undefined;
  private readonly onItem = (bytes: Uint8Array, start: number, end: number): void => {
    // The plain header and the user event record of `stream` are read by hand; anything else goes through the decoder.
    const known = this.awaitingBody === undefined ? plainHeader(bytes, start, end) : this.userEvents.read(bytes, start, end);
    this.item(known ?? this.decoder.decode(bytes.subarray(start, end)));
  };

  constructor(
    private readonly bodyFollows: BodyFollows,
    private readonly onFrame: FrameSink,
    limits: SerfDecodeLimits = SERF_DEFAULT_DECODE_LIMITS,
  ) {
    this.splitter = new ItemSplitter(limits);
    const { maxStrLength, maxBinLength, maxArrayLength, maxMapLength } = limits;
    this.decoder = new Decoder({ maxStrLength, maxBinLength, maxArrayLength, maxMapLength, maxExtLength: maxBinLength });
  }

  /**
   * Read `chunk`, handing on every frame it completes.
   *
   * @throws {SerfProtocolError} where a header is expected and something else arrives, or for an item over the limits.
   * @throws {DecodeError} (of `@msgpack/msgpack`) for bytes that are not msgpack.
   */
  push(chunk: Uint8Array): void {
    this.splitter.push(chunk, this.onItem);
  }

  private item(item: unknown): void {
    const header = this.awaitingBody;
    if (header) {
      this.awaitingBody = undefined;
      this.onFrame(header, true, item);
      return;
    }
    const next = asHeader(item);
    if (this.bodyFollows(next)) this.awaitingBody = next;
    else this.onFrame(next, false, undefined);
  }
}

function asHeader(item: unknown): ResponseHeader {
  const header = item as Partial<ResponseHeader> | null;
  if (!header || typeof header !== 'object' || typeof header.Seq !== 'number') {
    throw new SerfProtocolError(`expected a response header, got ${describe(item)}`);
  }
  return header as ResponseHeader;
}

function describe(item: unknown): string {
  try {
    return JSON.stringify(item)?.slice(0, 80) ?? String(item);
  } catch {
    return typeof item;
  }
}
