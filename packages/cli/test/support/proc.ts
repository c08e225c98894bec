/**
 * Finding processes left behind, by scanning /proc (Linux): zombies do not
 * count, they are dead (and where pid 1 is not an init nothing reaps them).
 */
import { readdirSync, readFileSync } from 'node:fs';

/** A live process. */
export interface LiveProcess {
  readonly pid: number;
  readonly state: string;
  readonly cmdline: string;
}

/** Whether this system has /proc to scan. */
export function canScanProc(): boolean {
  try {
    readdirSync('/proc/self');
    return true;
  } catch {
    return false;
  }
}

/** Live processes whose command line contains `token`, except those in `except`. */
export function liveProcessesWith(token: string, except: readonly (number | undefined)[] = []): LiveProcess[] {
  const found: LiveProcess[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || except.includes(Number(entry))) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ');
      if (!cmdline.includes(token)) continue;
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0]!;
      if (state !== 'Z' && state !== 'X') found.push({ pid: Number(entry), state, cmdline });
    } catch {
      // gone while we looked
    }
  }
  return found;
}
