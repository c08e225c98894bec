/**
 * The logger an actor writes to: four levels, one string each, as `console`
 * and pino provide them (`{ logger: console }`, `{ logger: pino() }`).
 *
 * @module
 */

/** Where an actor logs what it decides. Each call gets one line of text. */
export interface Logger {
  /** Detail: every ping heard, members that come and go, payloads dropped and why. */
  debug(message: string): void;
  /** What this node decides: tagged, untagged and why, configs adopted, splits healed. */
  info(message: string): void;
  /** Trouble it copes with: the channel lost, configs refused, another node using its name. */
  warn(message: string): void;
  /** Failures, and `error` events that no listener took. */
  error(message: string): void;
}

/**
 * What an actor uses without a `logger`: silent, except that an `error`
 * event nobody listens to (no `error` listener, no iterator) goes to
 * `console.error`, so that it is never lost without a trace. Pass a logger
 * to send it elsewhere.
 */
export const defaultLogger: Logger = Object.freeze({
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: (message: string) => console.error(message),
});
