/**
 * Errors the command line reports as one readable line.
 *
 * @module
 */

/** A bad flag or argument: exit code 2. */
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
  /** A runtime failure: unreachable broker or agent, a name collision, … */
  failure: 1,
  /** Bad flags or arguments. */
  usage: 2,
  /** Stopped by Ctrl-C or SIGTERM. */
  interrupted: 130,
} as const;
