/**
 * HashiCorp's Go RPC client (`github.com/hashicorp/serf/client`) as the
 * anchor of the Serf benchmark: the `serfbench` program of
 * `shared/tools/serfbench-go`, built once into the temp folder with Debian's
 * `golang-go` and `golang-github-hashicorp-serf-dev` (GOPATH mode, offline),
 * run against the same agent as our client, its figures parsed.
 *
 * @module
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** One round of the Go client's figures, per second. */
export interface GoFigures {
  readonly sequential: number;
  readonly inFlight16: number;
  readonly stream16: number;
  readonly stream1: number;
}

/** Where the Go benchmark's source may be: `SERFBENCH_GO_SRC`, or `shared/` beside the repository. */
function sourceDir(): string | undefined {
  const root = resolve(__dirname, '../../..');
  const candidates = [process.env.SERFBENCH_GO_SRC, join(root, '../shared/tools/serfbench-go'), join(root, '../../shared/tools/serfbench-go')];
  return candidates.find((dir): dir is string => dir !== undefined && existsSync(join(dir, 'main.go')));
}

/**
 * The path of a built `serfbench` (`SERFBENCH_GO` if set), building it when
 * needed; or why there is none (Go or the source missing, or the build failed).
 */
export function goBenchmark(): { readonly path: string } | { readonly missing: string } {
  if (process.env.SERFBENCH_GO) return existsSync(process.env.SERFBENCH_GO) ? { path: process.env.SERFBENCH_GO } : { missing: `SERFBENCH_GO=${process.env.SERFBENCH_GO} does not exist` };
  const path = join(tmpdir(), 'serfbench-go', 'serfbench');
  if (existsSync(path)) return { path };
  const source = sourceDir();
  if (!source) return { missing: 'the source of serfbench-go was not found (set SERFBENCH_GO_SRC)' };
  if (spawnSync('go', ['version']).status !== 0) return { missing: 'go is not installed (apt-get install -y golang-go golang-github-hashicorp-serf-dev)' };
  const built = spawnSync('go', ['build', '-o', path, '.'], {
    cwd: source,
    env: { ...process.env, GO111MODULE: 'off', GOPATH: `${join(tmpdir(), 'gopath')}:/usr/share/gocode` },
    encoding: 'utf8',
  });
  return built.status === 0 ? { path } : { missing: `go build failed: ${built.stderr.trim().split('\n').pop() ?? ''}` };
}

function rate(output: string, pattern: RegExp, what: string): number {
  const match = pattern.exec(output);
  if (!match) throw new Error(`serfbench printed no ${what}:\n${output}`);
  return Number(match[1]);
}

/** The figures of one round, each measured by both clients. */
export type Figure = keyof GoFigures;

/** serfbench's flags for one figure, and the pattern of its rate in the output. */
const GO_FIGURES: Record<Figure, { readonly args: readonly string[]; readonly rate: RegExp; readonly what: string }> = {
  sequential: { args: ['-mode', 'seq', '-duration', '3s'], rate: /^seq\s.*?rate=(\d+)\/s/m, what: 'seq rate' },
  inFlight16: { args: ['-mode', 'conc', '-conc', '16', '-duration', '3s'], rate: /^conc=16\s.*?rate=(\d+)\/s/m, what: 'conc=16 rate' },
  stream16: { args: ['-mode', 'stream', '-stream-conc', '16'], rate: /^stream\s.*?fire_conc=16\s.*?recv_rate=(\d+)\/s/m, what: 'stream rate (16 senders)' },
  stream1: { args: ['-mode', 'stream', '-stream-conc', '1'], rate: /^stream\s.*?fire_conc=1\s.*?recv_rate=(\d+)\/s/m, what: 'stream rate (1 sender)' },
};

/**
 * Run the Go client once against `address` for one figure (a process per
 * figure, so that each of its figures is measured right beside ours):
 * sequential and 16 in flight for 3 s after its 200 untimed calls, the
 * stream with 16 senders or one, `streamCount` events.
 */
export function runGo(path: string, address: string, figure: Figure, streamCount?: number): number {
  const { args, rate: pattern, what } = GO_FIGURES[figure];
  const count = streamCount === undefined ? [] : ['-stream-count', String(streamCount)];
  const output = execFileSync(path, ['-rpc', address, ...args, ...count, '-name', 'bench.go'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return rate(output, pattern, what);
}
