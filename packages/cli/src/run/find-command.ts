/**
 * Checking that the command of `run` can be started before joining a group:
 * a typo is a usage error now, not a failure at every turn.
 *
 * @module
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { UsageError } from '../errors';

/**
 * Throw a {@link UsageError} unless `file` is an executable path, or a name
 * found on `PATH`.
 */
export function requireExecutable(file: string, path: string | undefined): void {
  const candidates = file.includes('/') ? [file] : (path ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, file));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return;
    } catch {
      // not this one
    }
  }
  throw new UsageError(file.includes('/') ? `cannot run ${file}: not an executable file` : `cannot run ${file}: not found on PATH`);
}
