/**
 * Error classes users can test with `instanceof`.
 *
 * @module
 */

/** Base class of every error this library raises on purpose. */
export class ActorError extends Error {
  override readonly name: string = 'ActorError';
}

/**
 * The actor's own `init` message never came back over the channel within
 * the start-up window: the transport does not deliver our own messages, or
 * delivers nothing at all.
 */
export class ActorTimeoutError extends ActorError {
  override readonly name = 'ActorTimeoutError';
}

/** Our own `init` came back twice: another node on the channel uses our name. */
export class ActorCollisionError extends ActorError {
  override readonly name = 'ActorCollisionError';
  constructor(readonly node: string) {
    super(`another node on this channel already uses the name ${JSON.stringify(node)}`);
  }
}

/** A configuration value breaks a rule. `field` names the offending key. */
export class ConfigError extends ActorError {
  override readonly name = 'ConfigError';
  constructor(
    readonly field: string,
    readonly rule: string,
  ) {
    super(`invalid config: ${field} ${rule}`);
  }
}

/** The actor was used after `close()`. */
export class ActorClosedError extends ActorError {
  override readonly name = 'ActorClosedError';
  constructor(message = 'the actor is closed') {
    super(message);
  }
}

/** A transport failed; `cause` holds the transport's own error where there is one. */
export class TransportError extends ActorError {
  override readonly name: string = 'TransportError';
}

/** A message is larger than the channel accepts. */
export class PayloadTooLargeError extends TransportError {
  override readonly name = 'PayloadTooLargeError';
  constructor(
    readonly size: number,
    readonly limit: number,
    what = 'payload',
  ) {
    super(`${what} of ${size} bytes exceeds the channel's limit of ${limit} bytes`);
  }
}

/** An event listener threw; `cause` holds what it threw. The actor keeps running. */
export class ListenerError extends ActorError {
  override readonly name = 'ListenerError';
  constructor(
    readonly eventType: string,
    cause: unknown,
  ) {
    super(`a listener for "${eventType}" events threw: ${messageOf(cause)}`, { cause });
  }
}

/** A value the peers would drop (nested too deeply, say): it is refused before it is sent. */
export class InvalidValueError extends ActorError {
  override readonly name = 'InvalidValueError';
}

/** The user callbacks a machine calls. */
export type CallbackName = 'priority' | 'random' | 'acceptConfig';

/**
 * A callback given in the options (`priority`, `random`, `acceptConfig`)
 * threw or returned something outside its contract. The machine fails with
 * it rather than loop or decide on a wrong value; `cause` holds what it threw.
 */
export class CallbackError extends ActorError {
  override readonly name = 'CallbackError';
  constructor(
    readonly callback: CallbackName,
    problem: string,
    options?: ErrorOptions,
  ) {
    super(`the ${callback} callback ${problem}`, options);
  }
}

/** The message of `error`, or `error` as a string when it is not an `Error` (for messages that quote what was thrown). */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
