/**
 * The command's `main` called in this process with a recording context: for
 * the many argument checks that end before anything is opened, without the
 * cost of starting a process for each.
 */
import type { CommandContext } from '../../src/commands/context';
import { main } from '../../src/main';
import { Secrets } from '../../src/secrets';

/** What one call of main produced. */
export interface MainResult {
  readonly code: number;
  readonly out: string[];
  readonly err: string[];
}

/** Run `asyncactor ARGS` in process; `env` replaces the environment. */
export async function callMain(args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<MainResult> {
  const out: string[] = [];
  const err: string[] = [];
  const secrets = new Secrets();
  const context: CommandContext = {
    write: (text) => out.push(secrets.scrub(text)),
    out: (line) => out.push(secrets.scrub(line)),
    err: (line) => err.push(secrets.scrub(line)),
    isTTY: false,
    signal: new AbortController().signal,
    env: { PATH: process.env.PATH, ...env },
    secrets,
  };
  const code = await main(args, context);
  return { code, out, err };
}
