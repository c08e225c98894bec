/**
 * `--verbose`: what the actor decides, one line each on stderr, with the
 * time and the level (the actor's `logger` option).
 *
 * @module
 */
import type { Logger } from '@asyncactor/core';

/** A logger writing every level to `err` (stderr), or undefined when not `verbose`. */
export function verboseLogger(verbose: boolean, err: (line: string) => void): Logger | undefined {
  if (!verbose) return undefined;
  const at = (level: string) => (message: string): void => err(`${new Date().toISOString().slice(11, 23)} ${level.padEnd(5)} ${message}`);
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
