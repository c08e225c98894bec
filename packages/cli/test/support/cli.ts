/**
 * The `asyncactor` command run as a child process, the way a user runs it
 * (from source, with tsx), with its output collected and waited on.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const packageDir = join(__dirname, '..', '..');

/** How the command ended. */
export interface Finished {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Milliseconds from spawn to exit. */
  readonly elapsedMs: number;
}

/** A running command. */
export interface RunningCli {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  readonly finished: Promise<Finished>;
  /** Resolve with the first match of `pattern` in stdout + stderr; reject after `timeoutMs` or when the command exits first. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
}

/** Options of {@link startCli}. */
export interface CliOptions {
  /** Extra environment variables (the ASYNCACTOR_* ones are cleared unless given here). */
  readonly env?: Readonly<Record<string, string>>;
}

/** Start `asyncactor ARGS`. */
export function startCli(args: readonly string[], options: CliOptions = {}): RunningCli {
  const env: Record<string, string | undefined> = { ...process.env, CI: process.env.CI };
  for (const key of Object.keys(env)) if (key.startsWith('ASYNCACTOR_')) delete env[key];
  const started = Date.now();
  // tsx as a loader in the one node process (its own CLI would start a second one).
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=asyncactor-source', 'src/main.ts', ...args], {
    cwd: packageDir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...env, ...options.env },
  });
  let stdout = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  const changed = (): void => listeners.forEach((listener) => listener());
  child.stdout.on('data', (chunk: Buffer) => ((stdout += chunk.toString()), changed()));
  child.stderr.on('data', (chunk: Buffer) => ((stderr += chunk.toString()), changed()));
  const finished = new Promise<Finished>((resolve) =>
    child.once('close', (code, signal) => {
      changed();
      resolve({ code, signal, stdout, stderr, elapsedMs: Date.now() - started });
    }),
  );
  const waitFor = (pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const match = (stdout + stderr).match(pattern);
        if (match) done(() => resolve(match));
        else if (child.exitCode !== null || child.signalCode !== null) done(() => reject(new Error(`exited before printing ${pattern}:\n${stdout}${stderr}`)));
      };
      const timer = setTimeout(() => done(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${pattern}:\n${stdout}${stderr}`))), timeoutMs);
      const done = (settle: () => void): void => {
        clearTimeout(timer);
        listeners.delete(check);
        settle();
      };
      listeners.add(check);
      check();
    });
  return { child, stdout: () => stdout, stderr: () => stderr, finished, waitFor };
}

/** Run `asyncactor ARGS` to the end; kill it and fail after `timeoutMs`. */
export async function runCli(args: readonly string[], timeoutMs: number, options: CliOptions = {}): Promise<Finished> {
  const running = startCli(args, options);
  const timer = setTimeout(() => running.child.kill('SIGKILL'), timeoutMs);
  const result = await running.finished;
  clearTimeout(timer);
  if (result.signal === 'SIGKILL') throw new Error(`asyncactor ${args.join(' ')} did not exit within ${timeoutMs} ms:\n${result.stdout}${result.stderr}`);
  return result;
}

/** The non-empty lines of `text`. */
export function linesOf(text: string): string[] {
  return text.split('\n').filter((line) => line.trim() !== '');
}
