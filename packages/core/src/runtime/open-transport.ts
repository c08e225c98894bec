/**
 * Opening an actor's transport within the start-up bound: a transport whose
 * `open` never settles must not hold `start` for ever.
 *
 * @module
 */
import { ActorTimeoutError } from '../errors';
import { asError } from './transmit';
import type { Clock } from './clock';
import type { Transport, TransportListener } from './transport';

/**
 * Open `transport` for `listener`, or reject after `seconds` on `clock`
 * with an `ActorTimeoutError`. `stop` rejects when the actor is closed or
 * aborted meanwhile, which ends the wait at once with its reason.
 */
export function openWithin(transport: Transport, listener: TransportListener, clock: Clock, seconds: number, stop: Promise<void>): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timeout = new ActorTimeoutError(`the transport did not open within ${seconds.toFixed(2)} s (${transport.description ?? 'no description'})`);
    const cancel = clock.schedule(clock.now() + seconds, () => reject(timeout));
    const fail = (error: unknown): void => {
      cancel();
      reject(asError(error));
    };
    stop.catch(fail);
    transport.open(listener).then(() => {
      cancel();
      resolve();
    }, fail);
  });
}
