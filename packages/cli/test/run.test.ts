/**
 * `asyncactor run` as a supervisor: the job's whole process tree is stopped
 * when the turn ends and when run is stopped; a node alone keeps its job
 * across its turns; every job is reported (one JSON line each with --json).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Actor } from '@asyncactor/core';
import { connect, mqttTransport } from '@asyncactor/mqtt';
import { waitUntil } from '@asyncactor/testing';
import { startAedes, type EmbeddedBroker } from '@asyncactor/testing/servers';
import { linesOf, startCli, type RunningCli } from './support/cli';
import { canScanProc, liveProcessesWith } from './support/proc';

jest.setTimeout(90_000);

const forkTree = join(__dirname, 'fixtures', 'fork-tree.js');
let broker: EmbeddedBroker;
let dir: string;
beforeAll(async () => {
  if (!canScanProc()) {
    const message = 'no /proc: the process-tree tests cannot look for leftovers';
    if (process.env.CI === 'true') throw new Error(message);
    console.warn(`!! ${message}`);
  }
  broker = await startAedes();
  dir = mkdtempSync(join(tmpdir(), 'asyncactor-run-'));
});
afterAll(async () => {
  await broker.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A unique marker for one test's processes, and the file where they write their pids. */
function tree(name: string): { token: string; pidFile: string; pids: () => number[] } {
  const token = `asyncactor-test-${name}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const pidFile = join(dir, `${token}.pids`);
  const pids = (): number[] => {
    try {
      return linesOf(readFileSync(pidFile, 'utf8')).map(Number);
    } catch {
      return [];
    }
  };
  return { token, pidFile, pids };
}

/** The JSON lines of run's stdout of one type. */
function jsonLines(cli: RunningCli, type: string): Record<string, unknown>[] {
  return linesOf(cli.stdout())
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => line.type === type);
}

/** Another node of the group, in this process. */
async function peer(topic: string, timing: { cycle: number; gap: number }): Promise<() => Promise<void>> {
  const client = await connect(broker.url);
  const actor = await Actor.start(mqttTransport(client, topic.split('/')), `peer-${topic.replace(/\//g, '-')}`, timing);
  actor.setValue(1);
  actor.setReady();
  return async () => {
    await actor.close();
    await client.endAsync();
  };
}

function runArgs(topic: string, name: string, extra: readonly string[], command: readonly string[]): string[] {
  return ['run', '--mqtt', broker.url, '--topic', topic, '--name', name, '--json', ...extra, '--', ...command];
}

describe('asyncactor run', () => {
  it.concurrent('at the end of the turn the whole tree gets SIGTERM, then SIGKILL after --grace', async () => {
    const timing = { cycle: 3, gap: 0.3 };
    const job = tree('turn-end');
    const stopPeer = await peer('run/turn-end', timing);
    const cli = startCli(runArgs('run/turn-end', 'box', ['--cycle', '3', '--gap', '0.3', '--grace', '0.5'], [process.execPath, forkTree, job.token, '2', job.pidFile, 'ignore-term']));
    try {
      await cli.waitFor(/"type":"job-start"/, 40_000);
      // The leader, its 2 children and their 2 children are all up during the turn.
      await waitUntil(() => job.pids().length === 5, 'the job and its 4 descendants', 10_000);
      await cli.waitFor(/"type":"job"/, 20_000);
      const [record] = jsonLines(cli, 'job');
      expect(record).toMatchObject({ job: 1, stoppedBy: 'turn-end', signal: 'SIGKILL', exitCode: null, killed: true, turns: [1, 1] });
      expect(liveProcessesWith(job.token, [cli.child.pid])).toEqual([]);
      expect(cli.stderr()).toMatch(/turn 1 ended \(expired\) first: job 1 \(pid \d+\) was still running after [\d.]+ s; SIGTERM to its process group, SIGKILL after 0.5 s/);
      expect(cli.stderr()).toMatch(/fork-tree \d+: running/);
    } finally {
      cli.child.kill('SIGINT');
      await cli.finished;
      await stopPeer();
    }
    expect(liveProcessesWith(job.token)).toEqual([]);
  });

  it.concurrent('what a job leaves behind in its group is stopped when the turn ends', async () => {
    const job = tree('left-behind');
    const stopPeer = await peer('run/left-behind', { cycle: 3, gap: 0.3 });
    const cli = startCli(runArgs('run/left-behind', 'box', ['--cycle', '3', '--gap', '0.3'], [process.execPath, forkTree, job.token, '2', job.pidFile, 'leader-exits']));
    try {
      await cli.waitFor(/"type":"job-start"/, 40_000);
      await waitUntil(() => job.pids().length === 5, 'the job and its 4 descendants', 10_000);
      await cli.waitFor(/"type":"job"/, 20_000);
      const [record] = jsonLines(cli, 'job');
      expect(record).toMatchObject({ job: 1, exitCode: 0, signal: null, stoppedBy: null, leftBehind: 4 });
      expect(liveProcessesWith(job.token, [cli.child.pid])).toEqual([]);
      // Said as what it is: the command had exited, its leftovers had not.
      expect(jsonLines(cli, 'turn-end')[0]).toMatchObject({ turn: 1, running: null, leftBehind: { job: 1, processes: 4 } });
      expect(cli.stderr()).toMatch(/turn 1 ended \(expired\): job 1 \(pid \d+\) exited after [\d.]+ s and left 4 processes in its group; SIGTERM to its process group, SIGKILL after 0.3 s/);
    } finally {
      cli.child.kill('SIGINT');
      await cli.finished;
      await stopPeer();
    }
  });

  it.concurrent('SIGTERM to run stops the job tree first, then run exits 143', async () => {
    const job = tree('sigterm');
    const cli = startCli(runArgs('run/sigterm', 'solo', ['--cycle', '2', '--gap', '0.2'], [process.execPath, forkTree, job.token, '2', job.pidFile]));
    await cli.waitFor(/"type":"job-start"/, 40_000);
    await waitUntil(() => job.pids().length === 5, 'the job and its 4 descendants', 10_000);
    cli.child.kill('SIGTERM');
    const { code, stdout } = await cli.finished;
    expect(code).toBe(143);
    const records = linesOf(stdout).map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.type === 'job');
    expect(records).toEqual([expect.objectContaining({ job: 1, stoppedBy: 'shutdown', signal: 'SIGTERM', killed: false })]);
    expect(liveProcessesWith(job.token)).toEqual([]);
  });

  it.concurrent('a node alone keeps its job running across its turns instead of restarting it (--verbose logs its turns on stderr)', async () => {
    const cli = startCli(runArgs('run/alone', 'solo', ['--cycle', '1', '--gap', '0.1', '--verbose'], [process.execPath, '-e', 'setTimeout(() => console.log("done"), 3500)']));
    try {
      await cli.waitFor(/"type":"job"/, 40_000);
      const [record] = jsonLines(cli, 'job');
      expect(record).toMatchObject({ job: 1, exitCode: 0, signal: null, stoppedBy: null });
      const [first, last] = record!.turns as [number, number];
      expect(last - first).toBeGreaterThanOrEqual(2);
      const kept = jsonLines(cli, 'turn-start').filter((line) => line.keptJob === 1);
      expect(kept.length).toBe(last - first);
      expect(jsonLines(cli, 'job-start').filter((line) => (line.turn as number) <= last)).toHaveLength(1);
    } finally {
      cli.child.kill('SIGINT');
    }
    const { code, stdout, stderr } = await cli.finished;
    expect(code).toBe(130);
    // stdout is NDJSON only: the job's own output and the log went to stderr.
    for (const line of linesOf(stdout)) expect(() => JSON.parse(line) as unknown).not.toThrow();
    expect(stderr).toMatch(/^done$/m);
    expect(stderr).toMatch(/^\d\d:\d\d:\d\d\.\d{3} info {2}asyncactor solo: started on mqtt:run\/alone$/m);
    expect(stderr).toMatch(/^\S+ info {2}asyncactor solo: tagged: this node is it for 0\.95 s$/m);
    expect(stderr).toMatch(/^\S+ info {2}asyncactor solo: closed$/m);
  });

  it.concurrent('a node alone runs a command that exited again at its next turn, and stops what it left behind at the end of each turn', async () => {
    const job = tree('alone-left-behind');
    const cli = startCli(runArgs('run/alone-left-behind', 'solo', ['--cycle', '1', '--gap', '0.1'], [process.execPath, forkTree, job.token, '1', job.pidFile, 'leader-exits']));
    try {
      await waitUntil(() => jsonLines(cli, 'job').length >= 2, 'two jobs over', 40_000);
      const [first, second] = jsonLines(cli, 'job');
      for (const [index, record] of [first, second].entries()) {
        expect(record).toMatchObject({ job: index + 1, exitCode: 0, signal: null, stoppedBy: null, leftBehind: 1 });
      }
      expect((second!.turns as number[])[0]).toBeGreaterThan((first!.turns as number[])[1]!);
      expect(jsonLines(cli, 'turn-start').filter((line) => line.keptJob !== null)).toEqual([]);
    } finally {
      cli.child.kill('SIGINT');
    }
    expect((await cli.finished).code).toBe(130);
    expect(liveProcessesWith(job.token)).toEqual([]);
  });

  it.concurrent('a newcomer that takes a running node\'s name fails: exit 1 and one error line, and the running node goes on', async () => {
    const args = runArgs('run/collision', 'same', ['--cycle', '1', '--gap', '0.1'], ['true']);
    const running = startCli(args);
    try {
      // Established: its first turn comes after its start-up window (within it, a second init of its name would stop it instead).
      await running.waitFor(/"type":"turn-start"/, 40_000);
      const { code, stderr } = await startCli(args).finished;
      expect(code).toBe(1);
      expect(linesOf(stderr)).toEqual(['asyncactor: same: another node on this channel already uses the name "same"']);
      // The running node kept its name: it is still running and takes its next turn.
      const turns = jsonLines(running, 'turn-start').length;
      await waitUntil(() => jsonLines(running, 'turn-start').length > turns, 'a turn of the running node after the collision', 10_000);
      expect(running.child.exitCode).toBeNull();
    } finally {
      running.child.kill('SIGINT');
    }
    expect((await running.finished).code).toBe(130);
  });
});
