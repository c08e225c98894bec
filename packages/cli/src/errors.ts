/**
 * Errors the command line reports as one readable line, and its exit codes.
 *
 * @module
 */

/** A bad flag, argument or URL: exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Something the user can fix outside the command (an unreachable broker, say): exit code 1. */
export class CliError extends Error {
  override readonly name = 'CliError';
}

/** Exit codes of the `asyncactor` command. */
export const EXIT = {
  /** Finished normally. */
  ok: 0,
  /** A runtime failure: unreachable broker or agent, refused credentials, a name collision, … */
  failure: 1,
  /** Bad flags, arguments or URLs (nothing was connected). */
  usage: 2,
  /** Stopped by Ctrl-C (SIGINT): 128 + 2. */
  interrupted: 130,
  /** Stopped by SIGTERM: 128 + 15. */
  terminated: 143,
} as const;

/** The signals that stop a command, and the exit code each gives. */
export const STOP_SIGNALS = { SIGINT: EXIT.interrupted, SIGTERM: EXIT.terminated } as const;

/** A signal that stops a command. */
export type StopSignal = keyof typeof STOP_SIGNALS;

/** The exit code for a command stopped by `signal` (the reason of its abort signal). */
export function exitCodeOfStop(signal: unknown): number {
  return signal === 'SIGTERM' ? EXIT.terminated : EXIT.interrupted;
}
