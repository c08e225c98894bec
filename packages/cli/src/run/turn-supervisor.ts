/**
 * `run`'s decisions: a job is the work of one turn of this node. It starts
 * when the turn starts; when the turn ends first, its whole process group
 * gets SIGTERM, and SIGKILL after the grace period. A node that hears no
 * other node takes turn after turn (about 2.5 gap apart): then a job whose
 * command still runs is kept for the next turn instead of being stopped and
 * started again, and stopped at once if another node pings or when that next
 * turn does not come. A command that exited is run again at the next turn;
 * what it left behind in its group is stopped when its turn ends. Never two
 * jobs at once.
 *
 * @module
 */
import { cycleTimeMax, type Actor, type Message } from '@asyncactor/core';
import { Job } from './job';
import type { RunReport, TurnEnd } from './run-report';

/** Slack for late timers when waiting for a node's next turn (see holdSeconds). */
const HOLD_SLACK_SECONDS = 0.5;

/** How `run` runs the command. */
export interface SupervisorOptions {
  readonly command: readonly string[];
  /** Seconds between SIGTERM and SIGKILL; default: the group's gap. */
  readonly graceSeconds?: number;
  /** Where the job's stdout goes: a file descriptor, or inherited. */
  readonly stdout: number | 'inherit';
}

/** The job in hand and what became of it. */
interface CurrentJob {
  readonly id: number;
  readonly job: Job;
  readonly firstTurn: number;
  lastTurn: number;
  stopping?: Promise<void>;
  stoppedBy?: 'turn-end' | 'shutdown';
  /** Processes it left behind, stopped with its group after its first process had exited. */
  leftBehind: number;
  finished: boolean;
}

/** Runs the command for each turn of `actor`. */
export class TurnSupervisor {
  private current: CurrentJob | undefined;
  private jobs = 0;
  private turn = 0;
  private turnStartedAt = 0;
  private lastOtherHeardAt = -Infinity;
  private holdTimer: NodeJS.Timeout | undefined;
  private starting: Promise<void> = Promise.resolve();

  constructor(
    private readonly actor: Actor,
    private readonly options: SupervisorOptions,
    private readonly report: RunReport,
  ) {
    actor.on('tag', () => this.onTurnStart());
    actor.on('untag', (event) => this.onTurnEnd(event.reason, event.reason === 'expired'));
    actor.on('detag', (event) => this.onTurnEnd(`detagged by ${event.node}`, false));
    actor.on('raw', (event) => this.onHeard(event.message));
  }

  /** How many jobs were started. */
  get jobCount(): number {
    return this.jobs;
  }

  /** Stop the job if one runs (SIGTERM, SIGKILL after the grace period) and wait until its group is gone. */
  async shutdown(): Promise<void> {
    this.endHold();
    await this.starting;
    const current = this.current;
    if (current && !current.finished) await this.stop(current, 'shutdown');
  }

  private get graceSeconds(): number {
    return this.options.graceSeconds ?? this.actor.config.gap;
  }

  private onTurnStart(): void {
    this.turn++;
    this.turnStartedAt = performance.now();
    const current = this.current;
    const held = this.holdTimer !== undefined && current !== undefined && !current.finished && !current.stopping;
    this.endHold();
    if (held && current.job.running) {
      current.lastTurn = this.turn;
      this.report.turnStarted(this.turn, current.id);
      return;
    }
    // A held job whose command exited meanwhile: what it left behind goes now, and the command runs again.
    if (held) void this.stop(current, 'turn-end');
    this.report.turnStarted(this.turn, undefined);
    const turn = this.turn;
    // A job of an earlier turn may still be shutting down: never run two at once.
    this.starting = this.starting.then(async () => {
      await this.current?.stopping;
      if (this.actor.tagged && this.turn === turn && (!this.current || this.current.finished)) this.start(turn);
    });
  }

  private start(turn: number): void {
    const id = ++this.jobs;
    const job = new Job(this.options.command, this.options.stdout);
    const current: CurrentJob = { id, job, firstTurn: turn, lastTurn: turn, leftBehind: 0, finished: false };
    this.current = current;
    this.report.jobStarted(id, job.pid, turn);
    void job.exited.then(() => {
      // Its first process is done; anything it left behind is stopped when the turn ends.
      if (!current.stopping && !job.alive) this.finish(current, false);
    });
  }

  private onTurnEnd(reason: string, mayKeep: boolean): void {
    const end: TurnEnd = { turn: this.turn, reason, seconds: (performance.now() - this.turnStartedAt) / 1000, graceSeconds: this.graceSeconds };
    const current = this.current;
    if (!current || current.finished || current.stopping) return this.report.turnEnded(end);
    const { job } = current;
    // Only a command still running is kept across turns: once its first
    // process has exited, what it left behind is stopped with the turn, and
    // the next turn runs the command again.
    if (!job.running) {
      const processes = job.members().length;
      if (processes === 0) {
        this.report.turnEnded(end);
        return this.finish(current, false);
      }
      this.report.turnEnded({ ...end, leftBehind: { job: current.id, pid: job.pid, seconds: job.exitedAfter ?? 0, processes } });
      return void this.stop(current, 'turn-end');
    }
    const keep = mayKeep && this.alone();
    const ran = (performance.now() - job.startedAt) / 1000;
    this.report.turnEnded({ ...end, running: { job: current.id, pid: job.pid, seconds: ran, action: keep ? 'keep-if-next' : 'stop' } });
    if (!keep) return void this.stop(current, 'turn-end');
    this.holdTimer = setTimeout(() => this.releaseHold('this node did not take the next turn'), this.holdSeconds() * 1000);
  }

  private onHeard(message: Message): void {
    const sender = message.type === 'history' ? message.history[0] : message.node;
    if (sender === undefined || sender === this.actor.name) return;
    this.lastOtherHeardAt = performance.now();
    if (this.holdTimer && (message.type === 'ping' || message.type === 'history')) this.releaseHold(`${sender} pinged`);
  }

  /**
   * How long a job is kept after its turn ended, waiting for this node's
   * next turn: alone, it pings 1.5 gap after the turn ends and is tagged 1
   * gap later; a gap, the grace period and half a second more allow for a
   * busy machine's late timers.
   */
  private holdSeconds(): number {
    return 3.5 * this.actor.config.gap + this.graceSeconds + HOLD_SLACK_SECONDS;
  }

  /** No other node heard for two whole cycles: the next turn is most likely ours again. */
  private alone(): boolean {
    return performance.now() - this.lastOtherHeardAt > 2 * cycleTimeMax(this.actor.config) * 1000;
  }

  private releaseHold(why: string): void {
    this.endHold();
    const current = this.current;
    if (!current || current.finished || current.stopping) return;
    this.report.holdEnded(current.id, why);
    void this.stop(current, 'turn-end');
  }

  private endHold(): void {
    if (this.holdTimer) clearTimeout(this.holdTimer);
    this.holdTimer = undefined;
  }

  private stop(current: CurrentJob, by: 'turn-end' | 'shutdown'): Promise<void> {
    if (current.stopping) return current.stopping;
    if (current.job.running) current.stoppedBy = by;
    else current.leftBehind = current.job.members().length;
    current.stopping = current.job.stop(this.graceSeconds).then(({ killed }) => this.finish(current, killed));
    return current.stopping;
  }

  private finish(current: CurrentJob, killed: boolean): void {
    if (current.finished) return;
    current.finished = true;
    current.job.release();
    void current.job.exited.then((exit) => {
      this.report.jobFinished({
        job: current.id,
        pid: current.job.pid,
        command: this.options.command,
        turns: [current.firstTurn, current.lastTurn],
        exitCode: exit.code,
        signal: exit.signal,
        seconds: Math.round(exit.seconds * 1000) / 1000,
        stoppedBy: current.stoppedBy ?? null,
        killed,
        leftBehind: current.leftBehind,
        ...(exit.error ? { error: exit.error } : {}),
      });
    });
  }
}
