/**
 * The `asyncactor` command.
 *
 * Exit codes: 0 done, 1 a runtime failure (unreachable broker or agent, name
 * collision, nothing tagged), 2 bad flags, 130 stopped by Ctrl-C.
 *
 * @module
 */
import { demo } from './commands/demo';
import type { CommandContext } from './commands/context';
import { run } from './commands/run-command';
import { watch } from './commands/watch';
import { EXIT, UsageError } from './errors';

const HELP = `asyncactor <command> [options]

Commands:
  demo     run a group of actors on an embedded MQTT broker and watch them take turns
  watch    follow a group (Python nodes included) without taking part
  run      take part in a group and run a command while this node is "it"

Run \`asyncactor <command> --help\` for a command's options.

Examples:
  asyncactor demo --cycles 10
  asyncactor watch --mqtt mqtt://localhost:1883 --topic actor/demo
  asyncactor run --mqtt mqtt://localhost:1883 --topic jobs/backup --name box-1 -- ./backup.sh
`;

/** Run the command line `argv` (without `node` and the script); resolves with the exit code. */
export async function main(argv: readonly string[], context: CommandContext): Promise<number> {
  const [command, ...rest] = argv;
  // `pnpm run demo -- --cycles 5` passes the `--` along; only `run` uses one.
  const args = command === 'run' ? rest : rest.filter((arg) => arg !== '--');
  const debug = argv.includes('--debug');
  try {
    switch (command) {
      case 'demo':
        await demo(args, context);
        break;
      case 'watch':
        await watch(args, context);
        break;
      case 'run':
        return await run(args, context);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        context.out(HELP);
        return command === undefined ? EXIT.usage : EXIT.ok;
      default:
        throw new UsageError(`unknown command ${JSON.stringify(command)} (try: asyncactor --help)`);
    }
    return context.signal.aborted ? EXIT.interrupted : EXIT.ok;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`asyncactor: ${message}\n`);
    if (debug && error instanceof Error && error.stack) process.stderr.write(error.stack + '\n');
    if (error instanceof UsageError) return EXIT.usage;
    return EXIT.failure;
  }
}

/** The process entry point: wires signals and stdout, then exits with main's code. */
export function runCli(): void {
  const controller = new AbortController();
  let interrupts = 0;
  const onSignal = (): void => {
    interrupts++;
    if (interrupts > 1) process.exit(EXIT.interrupted);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const context: CommandContext = {
    write: (text) => process.stdout.write(text),
    out: (line) => process.stdout.write(line.endsWith('\n') ? line : line + '\n'),
    isTTY: Boolean(process.stdout.isTTY),
    signal: controller.signal,
  };
  void main(process.argv.slice(2), context).then((code) => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.exitCode = code;
  });
}

if (require.main === module) runCli();
