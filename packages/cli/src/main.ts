/**
 * The `asyncactor` command.
 *
 * Exit codes: 0 done, 1 a runtime failure (unreachable broker or agent,
 * refused credentials, name collision, nothing tagged), 2 bad flags,
 * arguments or URLs (nothing was connected), 130 stopped by Ctrl-C
 * (SIGINT), 143 stopped by SIGTERM.
 *
 * @module
 */
import { demo } from './commands/demo';
import type { CommandContext } from './commands/context';
import { run } from './commands/run-command';
import { watch } from './commands/watch';
import { EXIT, exitCodeOfStop, STOP_SIGNALS, UsageError, type StopSignal } from './errors';
import { killLiveGroups } from './run/process-groups';
import { Secrets } from './secrets';
import { cliVersion } from './version';

const HELP = `asyncactor <command> [options]

Commands:
  demo     run a group of actors on an embedded MQTT broker and watch them take turns
  watch    follow a group (Python nodes included) without taking part
  run      take part in a group and run a command as this node's work for each of its turns

Run \`asyncactor <command> --help\` for a command's options. Every command
takes --json (one JSON object per line on stdout).

Options:
  -V, --version   print the version
  -h, --help      this text

Exit codes: 0 done, 1 runtime failure (unreachable broker, refused
credentials, name in use), 2 bad flags, arguments or URLs, 130 stopped by
Ctrl-C (SIGINT), 143 stopped by SIGTERM.

Examples:
  asyncactor demo --cycles 10
  asyncactor watch --mqtt mqtt://localhost:1883 --topic actor/demo
  asyncactor run --mqtt mqtt://localhost:1883 --topic jobs/backup --name box-1 -- ./backup.sh
`;

/** Run the command line `argv` (without `node` and the script); resolves with the exit code. */
export async function main(argv: readonly string[], context: CommandContext): Promise<number> {
  const [command, ...rest] = argv;
  // `npm run demo -- --cycles 5` passes the `--` along; only `run` uses one.
  const args = command === 'run' ? rest : rest.filter((arg) => arg !== '--');
  try {
    const code = await dispatch(command, args, context);
    return context.signal.aborted ? exitCodeOfStop(context.signal.reason) : code;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    context.err(`asyncactor: ${message}`);
    const debug = (command === 'run' ? args.slice(0, Math.max(0, args.indexOf('--'))) : args).includes('--debug');
    if (debug && error instanceof Error && error.stack) context.err(error.stack);
    if (error instanceof UsageError) return EXIT.usage;
    return EXIT.failure;
  }
}

async function dispatch(command: string | undefined, args: readonly string[], context: CommandContext): Promise<number> {
  switch (command) {
    case 'demo':
      await demo(args, context);
      return EXIT.ok;
    case 'watch':
      await watch(args, context);
      return EXIT.ok;
    case 'run':
      await run(args, context);
      return EXIT.ok;
    case '--version':
    case '-V':
      context.out(`asyncactor ${cliVersion()}`);
      return EXIT.ok;
    case 'help':
    case '--help':
    case '-h':
      context.out(HELP);
      return EXIT.ok;
    case undefined:
      context.err(HELP);
      return EXIT.usage;
    default:
      throw new UsageError(`unknown command ${JSON.stringify(command)} (try: asyncactor --help)`);
  }
}

/** The process entry point: wires signals, stdout and stderr, then exits with main's code. */
export function runCli(): void {
  const controller = new AbortController();
  const onSignal = (signal: StopSignal): void => {
    if (!controller.signal.aborted) return controller.abort(signal);
    // A second Ctrl-C: do not wait for the clean-up any longer.
    killLiveGroups();
    process.exit(STOP_SIGNALS[signal]);
  };
  for (const signal of Object.keys(STOP_SIGNALS) as StopSignal[]) process.on(signal, onSignal);
  const secrets = new Secrets();
  const context: CommandContext = {
    write: (text) => process.stdout.write(secrets.scrub(text)),
    out: (line) => process.stdout.write(secrets.scrub(line.endsWith('\n') ? line : line + '\n')),
    err: (line) => process.stderr.write(secrets.scrub(line.endsWith('\n') ? line : line + '\n')),
    isTTY: Boolean(process.stdout.isTTY),
    signal: controller.signal,
    env: process.env,
    secrets,
  };
  void main(process.argv.slice(2), context).then((code) => {
    for (const signal of Object.keys(STOP_SIGNALS) as StopSignal[]) process.off(signal, onSignal);
    process.exitCode = code;
    reportLeftHandles(process.argv.includes('--debug'));
  });
}

/** Everything is closed by now; if something still holds the process, say what (with --debug) and exit anyway. */
function reportLeftHandles(debug: boolean): void {
  const timer = setTimeout(() => {
    if (debug) process.stderr.write(`asyncactor: still open after the command ended: ${process.getActiveResourcesInfo().join(', ')}\n`);
    process.exit();
  }, 3000);
  timer.unref();
}

if (require.main === module) runCli();
