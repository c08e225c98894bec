/**
 * Handing one message to the transport: encoded, checked against the
 * transport's payload limit, and a send that throws turned into a rejection.
 *
 * @module
 */
import { PayloadTooLargeError, TransportError } from '../errors';
import type { Message } from '../messages';
import { encodeMessage } from '../wire';
import type { Transport } from './transport';

/** Encode `message` and hand it to `transport`; rejects when it does not fit or the transport refuses (or throws). */
export function transmit(transport: Transport, message: Message): Promise<void> {
  const payload = encodeMessage(message);
  const limit = transport.maxPayloadBytes;
  if (limit !== undefined && payload.byteLength > limit) return Promise.reject(new PayloadTooLargeError(payload.byteLength, limit, `${message.type} message`));
  try {
    return transport.send(payload);
  } catch (error) {
    // A transport that throws instead of rejecting breaks its contract; treat it the same.
    return Promise.reject(asError(error));
  }
}

/** `error` as an Error (a transport may reject with anything). */
export function asError(error: unknown): Error {
  return error instanceof Error ? error : new TransportError(String(error));
}
