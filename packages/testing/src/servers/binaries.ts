/**
 * Finding the real server binaries the integration tests run, and the rule
 * for when one is missing: skip loudly on a developer's machine, fail in CI.
 *
 * @module
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Directories searched besides `PATH` (Debian puts mosquitto in /usr/sbin). */
const EXTRA_DIRS = ['/usr/sbin', '/usr/local/sbin', '/sbin', '/usr/local/bin', '/usr/bin'];

/** The full path of an executable called `name`, or undefined. */
export function findBinary(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), ...EXTRA_DIRS];
  for (const dir of dirs) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * The path of `name` for tests that need it. When it is missing, print a loud
 * warning and return undefined (the caller skips its tests); under
 * `CI=true`, throw instead, so that CI never passes by skipping.
 *
 * @param hint how to install it, e.g. `apt-get install -y mosquitto`
 */
export function requireBinary(name: string, hint: string): string | undefined {
  const found = findBinary(name);
  if (found) return found;
  const message = `${name} not found: its integration tests are SKIPPED. Install it with: ${hint}`;
  if (process.env.CI === 'true') throw new Error(`${message} (CI=true: failing instead of skipping)`);
  console.warn(`\n${'!'.repeat(72)}\n!! ${message}\n${'!'.repeat(72)}\n`);
  return undefined;
}
