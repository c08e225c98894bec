/**
 * What every command gets from the entry point.
 *
 * @module
 */

/** The command's view of the outside world. */
export interface CommandContext {
  /** Write text as is (used for redrawing). */
  readonly write: (text: string) => void;
  /** Write a line. */
  readonly out: (line: string) => void;
  /** Whether stdout is a terminal (a live table) or not (one line per cycle). */
  readonly isTTY: boolean;
  /** Aborted on Ctrl-C or SIGTERM. */
  readonly signal: AbortSignal;
}
