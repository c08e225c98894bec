/**
 * How long a command runs: until Ctrl-C or SIGTERM, or until its actor fails
 * (a name collision, a transport that closed for good), which then ends the
 * command with that failure as its one error line.
 *
 * @module
 */
import type { Actor } from '@asyncactor/core';
import { CliError } from '../errors';

/** Resolves when `signal` aborts (or the actor is closed); rejects with a {@link CliError} when `actor` fails. */
export function untilStopped(signal: AbortSignal, actor: Actor): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal.aborted) return resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
    void actor.done.then((end) => {
      if (end.reason === 'failed') reject(new CliError(`${actor.name}: ${end.error?.message ?? 'failed'}`));
      else resolve();
    });
  });
}

/**
 * Call `failed` if `actor` closes right after the error event being handled
 * (it sets itself closing just after dispatching the failure, in the same
 * turn of the event loop), else `survived`.
 */
export function afterClosing(actor: Actor, failed: () => void, survived: () => void = () => undefined): void {
  queueMicrotask(() => (actor.closed ? failed() : survived()));
}
