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
 * No sockets here: the bytes come from any async iterable of chunks, cut
 * anywhere.
 *
 * @module
 */
import { Decoder } from '@msgpack/msgpack';
import { SerfProtocolError } from '../errors';
import { ItemSplitter } from './items';
import { SERF_DEFAULT_DECODE_LIMITS, type SerfDecodeLimits } from './limits';

/** The header before every response. An `Error` reply carries no body. */
export interface ResponseHeader {
  readonly Seq: number;
  readonly Error: string;
}

/** One reply: its header, and its body when one followed. */
export type Frame =
  | { readonly header: ResponseHeader; readonly hasBody: false; readonly body: undefined }
  | { readonly header: ResponseHeader; readonly hasBody: true; readonly body: unknown };

/** Tells the reader whether a body follows `header`. */
export type BodyFollows = (header: ResponseHeader) => boolean;

/**
 * The frames in `chunks`, each yielded once it is complete. Ends when the
 * chunks end (a frame cut short by the end is not yielded). Every item is
 * held to `limits` before it is decoded (see {@link ItemSplitter}).
 *
 * @throws {SerfProtocolError} where a header is expected and something else arrives, or for an item over `limits`.
 * @throws {DecodeError} (of `@msgpack/msgpack`) for bytes that are not msgpack.
 */
export async function* readFrames(chunks: AsyncIterable<Uint8Array>, bodyFollows: BodyFollows, limits: SerfDecodeLimits = SERF_DEFAULT_DECODE_LIMITS): AsyncGenerator<Frame, void, undefined> {
  const splitter = new ItemSplitter(limits);
  const { maxStrLength, maxBinLength, maxArrayLength, maxMapLength } = limits;
  const decoder = new Decoder({ maxStrLength, maxBinLength, maxArrayLength, maxMapLength, maxExtLength: maxBinLength });
  let awaitingBody: ResponseHeader | undefined;
  for await (const chunk of chunks) {
    for (const bytes of splitter.push(chunk)) {
      const item = decoder.decode(bytes);
      if (awaitingBody) {
        const header = awaitingBody;
        awaitingBody = undefined;
        yield { header, hasBody: true, body: item };
        continue;
      }
      const header = asHeader(item);
      if (bodyFollows(header)) awaitingBody = header;
      else yield { header, hasBody: false, body: undefined };
    }
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
