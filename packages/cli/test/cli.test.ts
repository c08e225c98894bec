/**
 * The `asyncactor` command, run as a child process the way a user runs it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitUntil } from '@asyncactor/testing';
import { requireBinary, startAedes, startSerfCluster, type EmbeddedBroker } from '@asyncactor/testing/servers';

const packageDir = join(__dirname, '..');
const tsx = join(packageDir, '..', '..', 'node_modules', '.bin', 'tsx');

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

function start(args: string[]): { child: ChildProcess; output: () => string; finished: Promise<Finished> } {
  const child = spawn(tsx, ['--conditions=asyncactor-source', 'src/main.ts', ...args], {
    cwd: packageDir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const finished = new Promise<Finished>((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
  return { child, output: () => stdout, finished };
}

describe('asyncactor demo', () => {
  it('--cycles 5 exits 0 and shows tags of at least 3 distinct nodes', async () => {
    const { finished } = start(['demo', '--cycles', '5', '--cycle', '1', '--gap', '0.1']);
    const { code, stdout } = await finished;
    expect(code).toBe(0);
    const tagged = new Set([...stdout.matchAll(/(node-\d+) tagged/g)].map((m) => m[1]));
    expect(tagged.size).toBeGreaterThanOrEqual(3);
    expect(stdout).toMatch(/most tagged at once: 1/);
  }, 30_000);

  it('bad flags give exit code 2 and one line', async () => {
    const { code, stderr, stdout } = await start(['demo', '--cylces', '5']).finished;
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/cylces/);
    expect(stdout).toBe('');
    const bad = await start(['demo', '--cycle', '1', '--gap', '1']).finished;
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--cycle: must be >= 3 \* gap/);
  }, 20_000);

  it('an unreachable broker is one readable line and exit code 1', async () => {
    const { code, stderr } = await start(['demo', '--mqtt', 'mqtt://127.0.0.1:1', '--cycles', '1']).finished;
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/cannot connect to MQTT broker mqtt:\/\/127.0.0.1:1/);
  }, 20_000);
});

describe('asyncactor watch and run on a broker', () => {
  let broker: EmbeddedBroker;
  let dir: string;
  beforeAll(async () => {
    broker = await startAedes();
    dir = mkdtempSync(join(tmpdir(), 'asyncactor-cli-'));
  });
  afterAll(async () => {
    await broker.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('watch prints the current "it" of a running group', async () => {
    const group = start(['demo', '--mqtt', broker.url, '--topic', 'cli/watch', '--cycle', '1', '--gap', '0.1', '--count', '3']);
    const watcher = start(['watch', '--mqtt', broker.url, '--topic', 'cli/watch', '--messages', '10']);
    const watched = await watcher.finished;
    group.child.kill('SIGINT');
    const demo = await group.finished;
    expect(watched.code).toBe(0);
    expect(watched.stdout).toMatch(/it: node-\d+ value=1 history=node-\d+/);
    expect(demo.code).toBe(130);
  }, 40_000);

  it('run starts the command when tagged and stops it when the turn ends', async () => {
    const marker = join(dir, 'marker');
    const script = `
      const fs = require('fs');
      fs.appendFileSync(${JSON.stringify(marker)}, 'started\\n');
      process.on('SIGTERM', () => { fs.appendFileSync(${JSON.stringify(marker)}, 'stopped\\n'); process.exit(0); });
      setInterval(() => {}, 1000);
    `;
    const runner = start(['run', '--mqtt', broker.url, '--topic', 'cli/run', '--name', 'solo', '--cycle', '1', '--gap', '0.1', '--', process.execPath, '-e', script]);
    await waitUntil(() => existsSync(marker) && readFileSync(marker, 'utf8').includes('stopped'), 'the command to start and stop', 20_000);
    runner.child.kill('SIGINT');
    const { code, stdout } = await runner.finished;
    expect(code).toBe(0);
    expect(readFileSync(marker, 'utf8')).toMatch(/^started\nstopped\n/);
    expect(stdout).toMatch(/tagged: starting/);
    expect(stdout).toMatch(/untagged \(expired\): stopping the command/);
  }, 40_000);

  it('run without a command is a usage error', async () => {
    const { code, stderr } = await start(['run', '--mqtt', broker.url]).finished;
    expect(code).toBe(2);
    expect(stderr).toMatch(/no command given/);
  }, 20_000);
});

describe('asyncactor demo on other channels', () => {
  it('--bus --partition --timeline: splits, heals, and writes an SVG timeline', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'asyncactor-cli-'));
    const file = join(dir, 'run.svg');
    try {
      const { code, stdout } = await start(['demo', '--bus', '--partition', '--cycles', '18', '--cycle', '1', '--gap', '0.1', '--timeline', file]).finished;
      expect(code).toBe(0);
      expect(stdout).toMatch(/split into node-1\+node-3\+node-5 \| node-2\+node-4/);
      expect(stdout).toMatch(/healed the split/);
      const svg = readFileSync(file, 'utf8');
      expect(svg).toMatch(/^<svg /);
      expect(svg).toMatch(/node-5/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  const serf = requireBinary('serf', 'apt-get install -y serf');
  (serf ? it : it.skip)('--serf ADDR: runs on a real Serf agent', async () => {
    const cluster = await startSerfCluster({ size: 1, namePrefix: 'cli' });
    try {
      const { code, stdout } = await start(['demo', '--serf', cluster.agents[0]!.rpcAddress, '--count', '3', '--cycles', '3', '--cycle', '1.5', '--gap', '0.5']).finished;
      expect(code).toBe(0);
      expect(stdout).toMatch(/on serf agent 127\.0\.0\.1:\d+, event actor\.demo/);
      expect(stdout).toMatch(/most tagged at once: 1/);
    } finally {
      await cluster.stop();
    }
  }, 60_000);
});
