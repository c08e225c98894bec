/**
 * `asyncactor run -- CMD ARGS`: join a group and run CMD while this node is
 * "it" (like `consul lock`, or a cron job that must run on one node only).
 *
 * @module
 */
import { hostname } from 'node:os';
import { Actor } from '@asyncactor/core';
import { openChannel } from '../channels';
import { EXIT, UsageError } from '../errors';
import { channelFlags, COMMON_FLAGS, configFlags, parseFlags } from '../options';
import type { CommandContext } from './context';
import { TaggedCommand } from './tagged-command';

/** `--help` text of run. */
export const RUN_HELP = `asyncactor run (--mqtt URL --topic a/b | --serf HOST:PORT --event a.b) [options] -- CMD [ARGS...]

Take part in a group and run CMD while this node is "it": start it when
tagged; when the turn ends send SIGTERM, and SIGKILL after --gap seconds if
it still runs; start it again on the next turn. Ctrl-C stops CMD and leaves.

Options:
  --name NAME        this node's name, unique in the group (default HOST-PID)
  --cycle S --gap S  timing in seconds (default 10 and 1.5)
  --nodes N          how many nodes take turns (default 5)
  --debug            print stack traces

Exit codes: 0 stopped by Ctrl-C/SIGTERM after cleaning up, 1 failure
(unreachable broker or agent, name in use), 2 bad flags.

Example:
  asyncactor run --mqtt mqtt://localhost:1883 --topic jobs/backup -- ./backup.sh --full
`;

const FLAGS = { ...COMMON_FLAGS, name: { type: 'string' } } as const;

/** Run `run`; resolves with the exit code. */
export async function run(args: readonly string[], context: CommandContext): Promise<number> {
  const split = args.indexOf('--');
  const own = split >= 0 ? args.slice(0, split) : args;
  const command = split >= 0 ? args.slice(split + 1) : [];
  const { values } = parseFlags(own, FLAGS);
  if (values.help) {
    context.out(RUN_HELP);
    return EXIT.ok;
  }
  if (command.length === 0) throw new UsageError('no command given: asyncactor run [options] -- CMD [ARGS...]');
  const config = configFlags(values, {});
  const name = typeof values.name === 'string' ? values.name : `${hostname()}-${process.pid}`;
  const channel = await openChannel(channelFlags(values, undefined));
  const log = (line: string): void => context.out(`asyncactor[${name}]: ${line}`);
  const actor = await Actor.start(await channel.connect(name), name, config);
  const tagged = new TaggedCommand(actor, command, log);
  actor.setValue(1);
  actor.setReady();
  log(`joined ${channel.description}`);
  try {
    await new Promise<void>((resolve) => {
      context.signal.addEventListener('abort', () => resolve(), { once: true });
      if (context.signal.aborted) resolve();
      actor.on('error', (event) => log(`error: ${event.error.message}`));
    });
  } finally {
    await tagged.shutdown();
    await actor.close();
    await channel.close();
  }
  return EXIT.ok;
}
