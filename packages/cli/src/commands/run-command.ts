/**
 * `asyncactor run -- CMD ARGS`: join a group and run CMD as this node's work
 * for each of its turns, supervised (see {@link TurnSupervisor}).
 *
 * @module
 */
import { hostname } from 'node:os';
import { Actor } from '@asyncactor/core';
import { CHANNEL_FLAGS, channelFlags } from '../channel-flags';
import { openChannel } from '../channels';
import { UsageError } from '../errors';
import { COMMON_FLAGS, configFlags, numberFlag, parseFlags, SECONDS_RULE } from '../options';
import { requireExecutable } from '../run/find-command';
import { jsonReport, textReport } from '../run/run-report';
import { TurnSupervisor } from '../run/turn-supervisor';
import type { CommandContext } from './context';
import { afterClosing, untilStopped } from './lifetime';
import { verboseLogger } from '../verbose';

/** `--help` text of run. */
export const RUN_HELP = `asyncactor run (--mqtt URL --topic a/b | --serf HOST:PORT --event a.b) [options] -- CMD [ARGS...]

Take part in a group and run CMD as this node's work for each of its turns.

Per turn: CMD is the turn's work. It starts when this node's turn starts
and should finish within the turn (about --cycle seconds). When the turn
ends first, run says so on stderr, with how long CMD ran, and stops it:
SIGTERM to its whole process group (its children and grandchildren too),
SIGKILL --grace seconds later to whatever is left. A CMD that finishes early
is not started again before the next turn; processes it left in its group
are stopped when the turn ends. A node that hears no other node takes turn
after turn: its CMD is then kept running into the next turn, not restarted
(and stopped at once if another node pings). CMD never runs twice at once.
Processes that leave the group (setsid, daemons) are not followed. Stopping
run (Ctrl-C, SIGTERM) stops CMD the same way, then leaves the group.

Options:
  --name NAME          this node's name; must be unique in the group (default HOSTNAME-PID)
  --grace S            seconds between SIGTERM and SIGKILL (default: the gap)
  --cycle S --gap S    timing in seconds (default 10 and 1.5)
  --nodes N            how many nodes take turns (default 5)
  --json               one JSON object per line on stdout (a "job" line per job,
                       with its exit code or signal); CMD's stdout goes to stderr
  --verbose            log what this node decides (tagged, untagged and why, members,
                       collisions, configs, drops), on stderr
  --debug              print stack traces
Channel:
  --mqtt URL           mqtt://, mqtts://, ws:// or wss:// (or ASYNCACTOR_MQTT_URL)
  --topic a/b          the group's MQTT topic, no wildcards (default actor/demo)
  --username NAME      MQTT user (or ASYNCACTOR_MQTT_USERNAME)
  --password-file F    MQTT password, first line of F (or ASYNCACTOR_MQTT_PASSWORD)
  --ca F --cert F --key F  TLS: CA to trust, client certificate and key (mqtts://, wss://)
  --connect-timeout S  give up connecting after S seconds (default 5)
  --serf HOST:PORT     a Serf agent's RPC address instead, with --event a.b

Exit codes: 130 after Ctrl-C and 143 after SIGTERM (CMD stopped first), 1
failure (unreachable broker or agent, refused credentials, name in use), 2
bad flags, URL or command.

Example:
  asyncactor run --mqtt mqtt://localhost:1883 --topic jobs/backup -- ./backup.sh --full
`;

const FLAGS = { ...COMMON_FLAGS, ...CHANNEL_FLAGS, name: { type: 'string' }, grace: { type: 'string' }, verbose: { type: 'boolean' } } as const;

/** Run `run` until Ctrl-C or SIGTERM. */
export async function run(args: readonly string[], context: CommandContext): Promise<void> {
  const split = args.indexOf('--');
  const own = split >= 0 ? args.slice(0, split) : args;
  const command = split >= 0 ? args.slice(split + 1) : [];
  const { values } = parseFlags('run', own, FLAGS);
  if (values.help) return context.out(RUN_HELP);
  if (command.length === 0) throw new UsageError('run: no command given: asyncactor run [options] -- CMD [ARGS...]');
  requireExecutable(command[0]!, context.env.PATH);
  const config = configFlags(values, {});
  const graceSeconds = values.grace === undefined ? undefined : numberFlag(values, 'grace', 0, SECONDS_RULE);
  const name = typeof values.name === 'string' ? values.name : `${hostname()}-${process.pid}`;
  const choice = channelFlags(values, context.env, context.secrets, 'environment');
  const report = (values.json ? jsonReport : textReport)({ out: context.out, err: context.err }, name);
  const channel = await openChannel(choice);
  try {
    const logger = verboseLogger(values.verbose === true, context.err);
    const actor = await Actor.start(await channel.connect(name), name, config, { rawMessages: true, ...(logger ? { logger } : {}) });
    const supervisor = new TurnSupervisor(actor, { command, stdout: values.json ? 2 : 'inherit', ...(graceSeconds !== undefined ? { graceSeconds } : {}) }, report);
    // A failure that closes the actor ends the command with its own error line (see untilStopped).
    actor.on('error', (event) => afterClosing(actor, () => undefined, () => context.err(`asyncactor run[${name}]: ${event.error.message}`)));
    actor.setValue(1);
    actor.setReady();
    report.joined(name, channel.description);
    try {
      await untilStopped(context.signal, actor);
    } finally {
      await supervisor.shutdown();
      await actor.close();
    }
  } finally {
    await channel.close();
  }
}
