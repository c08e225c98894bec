/**
 * How much the client accepts from the agent in one reply, so that a
 * hostile or broken agent cannot make it hold unbounded memory: a length
 * header announcing gigabytes, or megabytes of small items, are refused with
 * a `SerfProtocolError` and the connection is closed.
 *
 * @module
 */
import { SerfError } from '../errors';

/** Bounds on what one msgpack item from the agent (a reply header, a reply body, a stream record) may hold. */
export interface SerfDecodeLimits {
  /**
   * The most bytes one item may take, everything in it included. The client
   * buffers at most this much of an incomplete item (plus one socket chunk)
   * and refuses an item that announces more. Default 16 MiB: a `members`
   * reply of some 80 000 members of 200 bytes each (short tags).
   */
  readonly maxFrameBytes: number;
  /** The longest string, in bytes. Default 1 MiB. */
  readonly maxStrLength: number;
  /** The longest byte string (payloads, addresses; msgpack extensions count too), in bytes. Default 1 MiB. */
  readonly maxBinLength: number;
  /** The most elements of one array. Default 1 048 576. */
  readonly maxArrayLength: number;
  /** The most entries of one map. Default 1 048 576. */
  readonly maxMapLength: number;
}

/** The defaults of {@link SerfDecodeLimits}. */
export const SERF_DEFAULT_DECODE_LIMITS: SerfDecodeLimits = Object.freeze({
  maxFrameBytes: 16 * 1024 * 1024,
  maxStrLength: 1024 * 1024,
  maxBinLength: 1024 * 1024,
  maxArrayLength: 1024 * 1024,
  maxMapLength: 1024 * 1024,
});

/**
 * `limits` over the defaults.
 *
 * @throws {SerfError} naming the field, for an unknown field or a value that is not a positive integer.
 */
export function decodeLimits(limits: Partial<SerfDecodeLimits> = {}): SerfDecodeLimits {
  const merged = { ...SERF_DEFAULT_DECODE_LIMITS, ...limits };
  for (const [field, value] of Object.entries(merged)) {
    if (!(field in SERF_DEFAULT_DECODE_LIMITS)) throw new SerfError(`unknown limit limits.${field} (known: ${Object.keys(SERF_DEFAULT_DECODE_LIMITS).join(', ')})`);
    if (!Number.isSafeInteger(value) || value < 1) throw new SerfError(`limits.${field} must be a positive integer, got ${String(value)}`);
  }
  return Object.freeze(merged);
}
