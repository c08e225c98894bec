/**
 * The check a value passes before an actor sends it: a ping carrying it
 * must fit the transport and be accepted by every peer.
 *
 * @module
 */
import { InvalidValueError, PayloadTooLargeError } from '../errors';
import type { Value } from '../value';
import { decodeMessage, encodeMessage } from '../wire';

/**
 * Check that a ping from `node` carrying `value`, with the longest history
 * it could carry (`history`, cut to `splits` with `node` first), fits
 * `maxPayloadBytes` and decodes on the peers.
 *
 * @throws {PayloadTooLargeError} if such a ping would not fit the transport.
 * @throws {InvalidValueError} if peers would drop it (nested deeper than 32 levels, say).
 */
export function checkValue(value: Value, node: string, history: readonly string[], splits: number, maxPayloadBytes: number | undefined): void {
  const carried = history.slice(0, splits);
  if (carried[0] !== node) carried.unshift(node);
  const probe = encodeMessage({ type: 'ping', node, value, history: carried.slice(0, splits) });
  if (maxPayloadBytes !== undefined && probe.byteLength > maxPayloadBytes) throw new PayloadTooLargeError(probe.byteLength, maxPayloadBytes, 'a ping with this value');
  // What our peers would drop must not go out: check it the way they will read it.
  const check = decodeMessage(probe);
  if (!check.ok) throw new InvalidValueError(`a ping with this value would be dropped by every peer (${check.reason}: ${check.detail})`);
}
