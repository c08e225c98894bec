/**
 * What `run` tells the operator: readable lines on stderr (the job owns
 * stdout), or with `--json` one JSON object per line on stdout — one `job`
 * line per job among them. A turn that ends while its job still runs (or
 * what it left behind in its group) is always said on stderr.
 *
 * @module
 */

/** Everything known about one job once it is over. */
export interface JobRecord {
  /** 1 for the first job of this `run`, then 2, … */
  readonly job: number;
  readonly pid: number | undefined;
  readonly command: readonly string[];
  /** The turn it started in and the last turn it ran in (more than one when kept across turns). */
  readonly turns: readonly [number, number];
  /** Exit code of its first process, or null when a signal ended it. */
  readonly exitCode: number | null;
  /** The signal that ended its first process, or null. */
  readonly signal: string | null;
  /** Seconds its first process ran. */
  readonly seconds: number;
  /** Why `run` stopped it, or null when it ended by itself. */
  readonly stoppedBy: 'turn-end' | 'shutdown' | null;
  /** True when SIGTERM was not enough and the group got SIGKILL after the grace period. */
  readonly killed: boolean;
  /** Processes still in its group after its first process had exited, stopped with the group at the end of the turn. */
  readonly leftBehind: number;
  /** Set when it could not be started. */
  readonly error?: string;
}

/** How a turn ended, as `run` saw it. */
export interface TurnEnd {
  readonly turn: number;
  /** `expired`, `disconnected`, `detagged by X`, … */
  readonly reason: string;
  readonly seconds: number;
  /** The job still running when the turn ended, if any, and what `run` does about it. */
  readonly running?: { readonly job: number; readonly pid: number | undefined; readonly seconds: number; readonly action: 'stop' | 'keep-if-next' };
  /**
   * The job whose first process had exited (after `seconds`) but left
   * `processes` processes in its group, if any: they are stopped now.
   */
  readonly leftBehind?: { readonly job: number; readonly pid: number | undefined; readonly seconds: number; readonly processes: number };
  readonly graceSeconds: number;
}

/** Where `run` reports. */
export interface RunReport {
  joined(node: string, channel: string): void;
  turnStarted(turn: number, keptJob: number | undefined): void;
  turnEnded(end: TurnEnd): void;
  jobStarted(job: number, pid: number | undefined, turn: number): void;
  /** The job kept across a turn end is stopped after all: `why` another node took the turn, or ours did not come. */
  holdEnded(job: number, why: string): void;
  jobFinished(record: JobRecord): void;
}

/** Writers for the two streams. */
export interface ReportStreams {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

/** The stderr line for a turn that ended first, or undefined when no job (nor anything it left behind) ran on. */
function turnEndedFirst(end: TurnEnd): string | undefined {
  const { running, leftBehind } = end;
  const stopping = `SIGTERM to its process group, SIGKILL after ${end.graceSeconds} s`;
  if (leftBehind) {
    return `turn ${end.turn} ended (${end.reason}): job ${leftBehind.job} (pid ${leftBehind.pid}) exited after ${leftBehind.seconds.toFixed(2)} s and left ${processes(leftBehind.processes)} in its group; ${stopping}`;
  }
  if (!running) return undefined;
  const ran = `job ${running.job} (pid ${running.pid}) was still running after ${running.seconds.toFixed(2)} s`;
  if (running.action === 'keep-if-next') {
    return `turn ${end.turn} ended (${end.reason}); ${ran}: no other node is heard, so it is kept if this node takes the next turn`;
  }
  return `turn ${end.turn} ended (${end.reason}) first: ${ran}; ${stopping}`;
}

function describeJob(record: JobRecord): string {
  const how = record.error ? `could not start: ${record.error}` : record.signal ? `ended by ${record.signal}` : `exited with code ${record.exitCode}`;
  const turns = record.turns[0] === record.turns[1] ? `turn ${record.turns[0]}` : `turns ${record.turns[0]}-${record.turns[1]}`;
  const by = record.stoppedBy === 'turn-end' ? ', stopped at the end of its turn' : record.stoppedBy === 'shutdown' ? ', stopped as run was stopped' : '';
  return `job ${record.job} (pid ${record.pid}, ${turns}) ${how} after ${record.seconds.toFixed(2)} s${by}${record.killed ? ' (SIGKILL after the grace period)' : ''}${record.leftBehind > 0 ? `; ${processes(record.leftBehind)} it left behind ${record.leftBehind === 1 ? 'was' : 'were'} stopped with its group` : ''}`;
}

/** "1 process", "4 processes". */
function processes(count: number): string {
  return count === 1 ? '1 process' : `${count} processes`;
}

/** Readable lines on stderr, each starting `asyncactor run[NODE]:`. */
export function textReport(streams: ReportStreams, node: string): RunReport {
  const say = (line: string): void => streams.err(`asyncactor run[${node}]: ${line}`);
  return {
    joined: (_, channel) => say(`joined ${channel}`),
    turnStarted: (turn, kept) => say(kept === undefined ? `turn ${turn} starts` : `turn ${turn} starts: job ${kept} keeps running`),
    turnEnded: (end) => say(turnEndedFirst(end) ?? `turn ${end.turn} ended (${end.reason}) after ${end.seconds.toFixed(2)} s`),
    jobStarted: (job, pid, turn) => say(`job ${job} started (pid ${pid}) for turn ${turn}`),
    holdEnded: (job, why) => say(`${why}: stopping job ${job}`),
    jobFinished: (record) => say(describeJob(record)),
  };
}

/** One JSON object per line on stdout; the turn-ended-first warning also on stderr. */
export function jsonReport(streams: ReportStreams, node: string): RunReport {
  const emit = (type: string, fields: Record<string, unknown>): void => streams.out(JSON.stringify({ type, time: new Date().toISOString(), node, ...fields }));
  return {
    joined: (_, channel) => emit('joined', { channel }),
    turnStarted: (turn, keptJob) => emit('turn-start', { turn, keptJob: keptJob ?? null }),
    turnEnded: (end) => {
      const warning = turnEndedFirst(end);
      if (warning) streams.err(`asyncactor run[${node}]: ${warning}`);
      const running = end.running ? { ...end.running, seconds: round(end.running.seconds) } : null;
      const leftBehind = end.leftBehind ? { ...end.leftBehind, seconds: round(end.leftBehind.seconds) } : null;
      emit('turn-end', { turn: end.turn, reason: end.reason, seconds: round(end.seconds), running, leftBehind });
    },
    jobStarted: (job, pid, turn) => emit('job-start', { job, pid, turn }),
    holdEnded: (job, why) => emit('job-release', { job, why }),
    jobFinished: (record) => emit('job', { ...record }),
  };
}

function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}
