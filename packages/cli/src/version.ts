/**
 * The CLI's own version, read from its package.json (next to `src/` and to
 * `dist/`, so it works from source and when installed).
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The version of @asyncactor/cli, e.g. `0.1.0`. */
export function cliVersion(): string {
  const manifest = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version?: unknown };
  return typeof manifest.version === 'string' ? manifest.version : 'unknown';
}
