/**
 * The time limit of a call to the agent.
 *
 * @module
 */
import { asError, SerfTimeoutError } from './errors';

/**
 * `promise`, or a rejection with a {@link SerfTimeoutError} naming `command`
 * when it takes longer than `ms`. A rejection with a non-error becomes a
 * `SerfError`.
 */
export function withTimeout<T>(promise: Promise<T>, command: string, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new SerfTimeoutError(command, ms)), ms);
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
