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

/** Run the Go client once against `address`: sequential, 16 in flight, stream with 16 senders and with 1. */
export function runGo(path: string, address: string, streamCount: number): GoFigures {
  const output = execFileSync(path, ['-rpc', address, '-mode', 'seq,conc,stream', '-conc', '16', '-duration', '3s', '-stream-count', String(streamCount), '-stream-conc', '16,1', '-name', 'bench.go'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return {
    sequential: rate(output, /^seq\s.*?rate=(\d+)\/s/m, 'seq rate'),
    inFlight16: rate(output, /^conc=16\s.*?rate=(\d+)\/s/m, 'conc=16 rate'),
    stream16: rate(output, /^stream\s.*?fire_conc=16\s.*?recv_rate=(\d+)\/s/m, 'stream rate (16 senders)'),
    stream1: rate(output, /^stream\s.*?fire_conc=1\s.*?recv_rate=(\d+)\/s/m, 'stream rate (1 sender)'),
  };
}
