/**
 * The time limit of a call to the agent.
 *
 * @module
 */
import type { Connection, RecordSink } from './connection';
import { asError, SerfTimeoutError } from './errors';
import type { SerfCommand } from './rpc/commands';

/**
 * `promise`, or a rejection with a {@link SerfTimeoutError} naming `command`
 * when it takes longer than `ms` (then `onTimeout` runs). A rejection with a
 * non-error becomes a `SerfError`.
 */
export function withTimeout<T>(promise: Promise<T>, command: string, ms: number, onTimeout?: () => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new SerfTimeoutError(command, ms));
      onTimeout?.();
    }, ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(asError(error));
      },
    );
  });
}

/**
 * Send `command` on `connection` and wait for its reply (for streams, the
 * acknowledgement) within `ms`. A call that takes longer rejects with a
 * {@link SerfTimeoutError} and is given up on: it leaves the connection's
 * pending calls, and a late reply is dropped.
 */
export function timedCall(connection: Connection, command: SerfCommand, ms: number, body?: object, sink?: RecordSink): { seq: number; done: Promise<unknown> } {
  const call = connection.call(command, body, sink);
  return { seq: call.seq, done: withTimeout(call.done, command, ms, () => connection.abandon(call.seq)) };
}
