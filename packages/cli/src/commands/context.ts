/**
 * What every command gets from the entry point.
 *
 * @module
 */
import type { Secrets } from '../secrets';

/** The command's view of the outside world. */
export interface CommandContext {
  /** Write text to stdout as is (used for redrawing). */
  readonly write: (text: string) => void;
  /** Write a line to stdout. */
  readonly out: (line: string) => void;
  /** Write a line to stderr (diagnostics, warnings). */
  readonly err: (line: string) => void;
  /** Whether stdout is a terminal (redrawn in place) or not (one line at a time). */
  readonly isTTY: boolean;
  /** Aborted on Ctrl-C or SIGTERM; its reason is the signal's name. */
  readonly signal: AbortSignal;
  /** The environment (ASYNCACTOR_MQTT_URL, …). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Secrets to keep out of everything written above (add passwords as they are read). */
  readonly secrets: Secrets;
}
