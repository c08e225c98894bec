/**
 * `asyncactor run -- CMD ARGS`: take part in a group and run CMD while this
 * node is tagged. Start it on `tag`; on `untag`/`detag` send SIGTERM, and
 * SIGKILL after `gap` seconds if it is still running; start it again on the
 * next tag.
 *
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Actor } from '@asyncactor/core';

/** Where `run` writes what it does. */
export type RunLog = (line: string) => void;

/** Runs one command while an actor is tagged. */
export class TaggedCommand {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private killTimer: NodeJS.Timeout | undefined;
  private starts = 0;

  constructor(
    private readonly actor: Actor,
    private readonly command: readonly string[],
    private readonly log: RunLog,
  ) {
    actor.on('tag', () => void this.start());
    actor.on('untag', (event) => this.stop(`untagged (${event.reason})`));
    actor.on('detag', (event) => this.stop(`detagged by ${event.node}`));
  }

  /** How many times the command was started. */
  get startCount(): number {
    return this.starts;
  }

  /** True while the command runs. */
  get running(): boolean {
    return this.child !== undefined;
  }

  private async start(): Promise<void> {
    // A previous run may still be shutting down: never run two at once.
    await this.exited;
    if (!this.actor.tagged || this.child) return;
    const [file, ...args] = this.command;
    this.starts++;
    this.log(`tagged: starting ${this.command.join(' ')}`);
    const child = spawn(file!, args, { stdio: 'inherit' });
    this.child = child;
    this.exited = new Promise<void>((resolve) => {
      child.once('exit', (code, signal) => {
        if (this.killTimer) clearTimeout(this.killTimer);
        this.killTimer = undefined;
        this.child = undefined;
        this.log(`command exited (${signal ?? `code ${code}`})`);
        resolve();
      });
      child.once('error', (error) => {
        this.child = undefined;
        this.log(`cannot start ${file}: ${error.message}`);
        resolve();
      });
    });
  }

  /** Ask the command to stop (SIGTERM), and kill it after `gap` seconds. */
  stop(reason: string): void {
    const child = this.child;
    if (!child) return;
    this.log(`${reason}: stopping the command`);
    child.kill('SIGTERM');
    this.killTimer ??= setTimeout(() => child.kill('SIGKILL'), this.actor.config.gap * 1000);
  }

  /** Stop the command if it runs and wait until it has exited. */
  async shutdown(): Promise<void> {
    this.stop('shutting down');
    await this.exited;
  }
}
