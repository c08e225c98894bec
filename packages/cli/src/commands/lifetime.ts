/**
 * How long a command runs: until Ctrl-C or SIGTERM, or until its actor fails
 * (a name collision, a transport that closed for good), which then ends the
 * command with that failure as its one error line.
 *
 * @module
 */
import type { Actor } from '@asyncactor/core';
import { CliError } from '../errors';

/** Resolves when `signal` aborts; rejects with a {@link CliError} when `actor` fails. */
export function untilStopped(signal: AbortSignal, actor: Actor): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal.aborted) return resolve();
    const stopListening = actor.on('error', (event) => {
      // An actor that fails reports the failure as an error event, then closes itself.
      afterClosing(actor, () => {
        stopListening();
        reject(new CliError(`${actor.name}: ${event.error.message}`));
      });
    });
    signal.addEventListener('abort', () => {
      stopListening();
      resolve();
    }, { once: true });
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
