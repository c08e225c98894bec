/**
 * One run of the command: started in a process group of its own, so that
 * stopping it stops everything it started (children, grandchildren), and
 * over only when that whole group is gone, not merely its first process.
 *
 * @module
 */
import { spawn } from 'node:child_process';
import { groupMembers, signalGroup, trackGroup, untrackGroup } from './process-groups';

/** How the job's first process ended. */
export interface JobExit {
  /** Its exit code, or null when a signal ended it. */
  readonly code: number | null;
  /** The signal that ended it, or null. */
  readonly signal: NodeJS.Signals | null;
  /** Seconds from start to exit. */
  readonly seconds: number;
  /** Set when the command could not be started at all. */
  readonly error?: string;
}

/** How often the group is checked while waiting for it to empty (no event tells when a grandchild dies). */
const GROUP_POLL_MS = 25;
/** How long processes get to die after SIGKILL before `stop` gives up waiting. */
const AFTER_KILL_MS = 2000;

/** A running command and its process group. */
export class Job {
  /** The first process's pid, also the id of the job's process group. */
  readonly pid: number | undefined;
  /** When it started (performance.now() milliseconds). */
  readonly startedAt = performance.now();
  /** Resolves when the first process has exited. */
  readonly exited: Promise<JobExit>;
  private exit: JobExit | undefined;

  /**
   * Start `command` in a new process group (and session: Ctrl-C on the
   * terminal reaches `run`, which stops the job itself). Its stdin is closed;
   * its stdout goes to `stdout` (a file descriptor) or is inherited.
   */
  constructor(command: readonly string[], stdout: number | 'inherit') {
    const [file, ...args] = command;
    const child = spawn(file!, args, { detached: true, stdio: ['ignore', stdout, 'inherit'] });
    this.pid = child.pid;
    if (this.pid !== undefined) trackGroup(this.pid);
    this.exited = new Promise<JobExit>((resolve) => {
      const finish = (exit: Omit<JobExit, 'seconds'>): void => {
        this.exit ??= { ...exit, seconds: (performance.now() - this.startedAt) / 1000 };
        resolve(this.exit);
      };
      child.once('exit', (code, signal) => finish({ code, signal }));
      child.once('error', (error) => finish({ code: null, signal: null, error: error.message }));
    });
  }

  /** Seconds the first process ran, once it has exited. */
  get exitedAfter(): number | undefined {
    return this.exit?.seconds;
  }

  /** True until the first process has exited. */
  get running(): boolean {
    return this.exit === undefined;
  }

  /** Processes of the job's group still alive (the first one or anything it started). */
  members(): number[] {
    return this.pid === undefined ? [] : groupMembers(this.pid);
  }

  /** True while any process of the group is alive. */
  get alive(): boolean {
    return this.running || this.members().length > 0;
  }

  /**
   * SIGTERM to the whole group, then SIGKILL to what is left after
   * `graceSeconds`; resolves once the group is gone. Says whether SIGKILL
   * was needed.
   */
  async stop(graceSeconds: number): Promise<{ killed: boolean }> {
    const group = this.pid;
    if (group === undefined) return { killed: false };
    signalGroup(group, 'SIGTERM');
    const gone = await this.waitUntilGone(graceSeconds * 1000);
    if (!gone) {
      signalGroup(group, 'SIGKILL');
      await this.waitUntilGone(AFTER_KILL_MS);
    }
    untrackGroup(group);
    return { killed: !gone };
  }

  /** Forget the group once it emptied by itself. */
  release(): void {
    if (this.pid !== undefined && !this.alive) untrackGroup(this.pid);
  }

  private async waitUntilGone(timeoutMs: number): Promise<boolean> {
    const deadline = performance.now() + timeoutMs;
    while (this.alive) {
      if (performance.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, GROUP_POLL_MS));
    }
    return true;
  }
}
