/**
 * The process groups of running jobs: one per job, so that a signal reaches
 * the job's children and grandchildren too. The set of live groups is kept
 * here so that a forced exit of `run` (a second Ctrl-C, an exception) kills
 * them rather than leaving them behind.
 *
 * @module
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Groups started by this process and not yet seen empty. */
const liveGroups = new Set<number>();
let exitHookInstalled = false;

/** Remember a job's group, to kill it if `run` exits first. */
export function trackGroup(groupId: number): void {
  liveGroups.add(groupId);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', killLiveGroups);
}

/** Forget a group that is empty. */
export function untrackGroup(groupId: number): void {
  liveGroups.delete(groupId);
}

/** SIGKILL every group still tracked (synchronous: safe in an `exit` handler). */
export function killLiveGroups(): void {
  for (const groupId of liveGroups) signalGroup(groupId, 'SIGKILL');
}

/** Send `signal` to every process of the group; false when the group is gone. */
export function signalGroup(groupId: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-groupId, signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * The live (not zombie) processes of the group. On Linux it reads `/proc`,
 * because an orphan that died stays a zombie member of its group where
 * nothing reaps it (in a container whose pid 1 is not an init); elsewhere
 * it asks the kernel whether the group has any member.
 */
export function groupMembers(groupId: number): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return signalGroup(groupId, 0) ? [groupId] : [];
  }
  return entries.flatMap((entry) => {
    if (!/^\d+$/.test(entry)) return [];
    const stat = processStat(Number(entry));
    return stat && stat.group === groupId && stat.state !== 'Z' && stat.state !== 'X' ? [Number(entry)] : [];
  });
}

/** State, parent and group of a process from `/proc/PID/stat`, or undefined when it is gone. */
export function processStat(pid: number): { state: string; parent: number; group: number } | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name is in parentheses and may hold spaces: fields start after the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0]!, parent: Number(fields[1]), group: Number(fields[2]) };
}
