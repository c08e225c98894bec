/**
 * Errors of the Serf client.
 *
 * @module
 */
import { TransportError } from '@asyncactor/core';

/** Base class of the Serf client's errors. */
export class SerfError extends TransportError {
  override readonly name: string = 'SerfError';
}

/** The agent answered a command with an error (its message is kept as is). */
export class SerfAgentError extends SerfError {
  override readonly name = 'SerfAgentError';
  constructor(
    readonly command: string,
    readonly agentMessage: string,
  ) {
    super(`serf agent refused ${command}: ${agentMessage}`);
  }
}

/** The connection to the agent is gone (or was never made); pending calls fail with this. */
export class SerfConnectionError extends SerfError {
  override readonly name = 'SerfConnectionError';
}

/** The agent did not answer a call within its time limit. */
export class SerfTimeoutError extends SerfError {
  override readonly name = 'SerfTimeoutError';
  constructor(
    readonly command: string,
    readonly timeoutMs: number,
  ) {
    super(`serf agent did not answer ${command} within ${timeoutMs} ms`);
  }
}

/** The agent sent something that does not follow the RPC protocol; the connection is dropped. */
export class SerfProtocolError extends SerfError {
  override readonly name = 'SerfProtocolError';
}

/** A stream's consumer fell more than the buffer's bound behind; the stream was stopped. */
export class SerfStreamOverflowError extends SerfError {
  override readonly name = 'SerfStreamOverflowError';
  constructor(readonly bound: number) {
    super(`the consumer fell more than ${bound} records behind; the stream was stopped (no record was dropped silently)`);
  }
}

/** `value` if it is an `Error`, else a {@link SerfError} with its text (for rejections with a non-error). */
export function asError(value: unknown): Error {
  return value instanceof Error ? value : new SerfError(String(value));
}
