/**
 * What went wrong while an actor started, kept to explain a start-up
 * timeout: the last send the transport refused, and the last problem it
 * reported (an `error` or `down` event). A timeout then carries it as its
 * `cause` and names it in its message.
 *
 * @module
 */
import { ActorTimeoutError } from '../errors';

/** The trouble seen during one start-up. See the module comment. */
export class StartupTrouble {
  #sendError: Error | undefined;
  #reported: Error | undefined;

  /** The transport refused a send. */
  sendRefused(error: Error): void {
    this.#sendError = error;
  }

  /** The transport reported a problem. */
  transportReported(error: Error): void {
    this.#reported = error;
  }

  /** `failure`, with the likely cause attached when it is a timeout (a refused send first, then a reported problem). */
  explain(failure: Error): Error {
    if (!(failure instanceof ActorTimeoutError) || failure.cause !== undefined) return failure;
    if (this.#sendError) {
      return new ActorTimeoutError(`${failure.message}; the transport refused this node's sends: ${this.#sendError.message}`, { cause: this.#sendError });
    }
    if (this.#reported) {
      return new ActorTimeoutError(`${failure.message}; the transport reported: ${this.#reported.message}`, { cause: this.#reported });
    }
    return failure;
  }
}
