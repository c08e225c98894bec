/**
 * `asyncactor demo`, and the conventions every command keeps: --version,
 * --json as NDJSON, exit 130 on SIGINT and 143 on SIGTERM.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireBinary, startSerfCluster } from '@asyncactor/testing/servers';
import { linesOf, runCli, startCli } from './support/cli';
import { callMain } from './support/in-process';

jest.setTimeout(90_000);

const FAST = ['--cycle', '1', '--gap', '0.1'];

describe('asyncactor demo', () => {
  it.concurrent('--cycles 5 exits 0 and shows tags of at least 3 distinct nodes', async () => {
    const { code, stdout, stderr } = await runCli(['demo', '--cycles', '5', ...FAST], 60_000);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const tagged = new Set([...stdout.matchAll(/(node-\d+) tagged/g)].map((m) => m[1]));
    expect(tagged.size).toBeGreaterThanOrEqual(3);
    expect(stdout).toMatch(/most tagged at once: 1/);
  });

  it.concurrent('--json prints one JSON object per line: the events, then the summary', async () => {
    const { code, stdout } = await runCli(['demo', '--json', '--cycles', '4', '--count', '3', ...FAST], 60_000);
    expect(code).toBe(0);
    const lines = linesOf(stdout).map((line) => JSON.parse(line) as { type: string; event?: { type: string }; node?: string; mostTaggedAtOnce?: number });
    const tags = lines.filter((line) => line.type === 'event' && line.event?.type === 'tag');
    expect(tags.length).toBeGreaterThanOrEqual(4);
    expect(tags.every((line) => /^node-[123]$/.test(line.node!))).toBe(true);
    expect(lines.at(-1)).toMatchObject({ type: 'summary', mostTaggedAtOnce: 1, totalTags: tags.length });
  });

  it.concurrent.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('%s ends it with a summary, nothing on stderr, and exit code %i', async (signal, exitCode) => {
    const demo = startCli(['demo', ...FAST]);
    await demo.waitFor(/node-\d+ tagged/, 60_000);
    demo.child.kill(signal);
    const { code, stdout, stderr } = await demo.finished;
    expect({ code, stderr }).toEqual({ code: exitCode, stderr: '' });
    expect(stdout).toMatch(/summary\n {2}tags per node: /);
  });

  it.concurrent('--bus --partition --timeline: splits, heals, and writes an SVG timeline', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'asyncactor-cli-'));
    const file = join(dir, 'run.svg');
    try {
      const { code, stdout } = await runCli(['demo', '--bus', '--partition', '--cycles', '18', ...FAST, '--timeline', file], 80_000);
      expect(code).toBe(0);
      expect(stdout).toMatch(/split into node-1\+node-3\+node-5 \| node-2\+node-4/);
      expect(stdout).toMatch(/healed the split/);
      const svg = readFileSync(file, 'utf8');
      expect(svg).toMatch(/^<svg /);
      expect(svg).toMatch(/node-5/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const serf = requireBinary('serf', 'apt-get install -y serf');
  (serf ? it.concurrent : it.skip)('--serf ADDR: runs on a real Serf agent', async () => {
    const cluster = await startSerfCluster({ size: 1, namePrefix: 'cli' });
    try {
      const { code, stdout } = await runCli(['demo', '--serf', cluster.agents[0]!.rpcAddress, '--count', '3', '--cycles', '3', '--cycle', '1.5', '--gap', '0.5'], 60_000);
      expect(code).toBe(0);
      expect(stdout).toMatch(/on serf agent 127\.0\.0\.1:\d+, event actor\.demo/);
      expect(stdout).toMatch(/most tagged at once: 1/);
    } finally {
      await cluster.stop();
    }
  });
});

describe('asyncactor --version', () => {
  const { version } = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string };
  it.each(['--version', '-V'])('%s prints the version of the package', async (flag) => {
    expect(await callMain([flag])).toEqual({ code: 0, out: [`asyncactor ${version}`], err: [] });
  });
  it('--help exits 0; no command at all is a usage error with the help on stderr', async () => {
    expect((await callMain(['--help'])).code).toBe(0);
    const none = await callMain([]);
    expect(none.code).toBe(2);
    expect(none.out).toEqual([]);
    expect(none.err.join('')).toMatch(/^asyncactor <command>/);
  });
});
