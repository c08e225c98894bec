/**
 * The check a value passes before an actor sends it: a ping carrying it
 * must fit the transport and be accepted by every peer.
 *
 * @module
 */
import { InvalidValueError, PayloadTooLargeError } from '../errors';
import type { Value } from '../value';
import { decodeMessage, encodeMessage } from '../wire';
import { valueProblem } from './value-shape';

/**
 * Check that a ping from `node` carrying `value`, with the longest history
 * it could carry (`history`, cut to `splits` with `node` first), fits
 * `maxPayloadBytes` and reaches the peers unchanged. Returns the value as
 * the peers will decode it, which is what this node ranks itself by.
 *
 * @throws {PayloadTooLargeError} if such a ping would not fit the transport.
 * @throws {InvalidValueError} naming the path and the reason if the value would not arrive unchanged, or peers would drop it.
 */
export function checkValue(value: Value, node: string, history: readonly string[], splits: number, maxPayloadBytes: number | undefined): Value {
  const problem = valueProblem(value);
  if (problem) throw new InvalidValueError(problem);
  const carried = history.slice(0, splits);
  if (carried[0] !== node) carried.unshift(node);
  const probe = encodeMessage({ type: 'ping', node, value, history: carried.slice(0, splits) });
  if (maxPayloadBytes !== undefined && probe.byteLength > maxPayloadBytes) throw new PayloadTooLargeError(probe.byteLength, maxPayloadBytes, 'a ping with this value');
  // What our peers would drop must not go out: check it the way they will read it.
  const check = decodeMessage(probe);
  if (!check.ok) throw new InvalidValueError(`a ping with this value would be dropped by every peer (${check.reason}: ${check.detail})`);
  return check.message.type === 'ping' ? check.message.value : value;
}
