/**
 * `asyncactor watch`: follow a group without taking part (it sends nothing),
 * Python nodes included, and show it: who is it, the chain, each member's
 * value and when it was last heard, the members that dropped off.
 *
 * @module
 */
import { Actor } from '@asyncactor/core';
import { CHANNEL_FLAGS, channelFlags } from '../channel-flags';
import { openChannel } from '../channels';
import { GroupChanges } from '../group/group-changes';
import { groupSnapshot } from '../group/group-view';
import { HeardMembers } from '../group/heard-members';
import { jsonOutput, lineOutput, rawOutput, screenOutput, type WatchOutput } from '../group/watch-output';
import { COMMON_FLAGS, configFlags, integerRule, numberFlag, parseFlags, type FlagValues } from '../options';
import type { CommandContext } from './context';
import { untilStopped } from './lifetime';
import { verboseLogger } from '../verbose';

/** `--help` text of watch. */
export const WATCH_HELP = `asyncactor watch (--mqtt URL --topic a/b | --serf HOST:PORT --event a.b) [options]

Follow a group without taking part (it sends nothing at all) and show it:
who is it, the chain in order, each member's value and when it was last
heard, and the members that dropped off. Redrawn in place on a terminal; one
line per message otherwise.

Options:
  --json             one JSON object per line: each message, each drop and return
  --raw              print every message as it arrives, nothing else
  --messages N       stop after N messages
  --cycle S --gap S  the group's timing, until a config message says otherwise
  --verbose          log what the watching node hears and decides, on stderr
  --debug            print stack traces
Channel: --mqtt URL (or ASYNCACTOR_MQTT_URL), --topic, --username,
  --password-file, --ca, --cert, --key, --connect-timeout, or --serf with
  --event: as for asyncactor run (see asyncactor run --help).

Examples:
  asyncactor watch --mqtt mqtt://localhost:1883 --topic actor/demo
  asyncactor watch --mqtt mqtts://broker:8883 --topic actor/cleanup --ca ca.pem --json
`;

const FLAGS = { ...COMMON_FLAGS, ...CHANNEL_FLAGS, raw: { type: 'boolean' }, messages: { type: 'string' }, verbose: { type: 'boolean' } } as const;

/** How often the group is shown again while no message arrives (ages, drops). */
const REFRESH_MS = 500;

/** Run `watch` until Ctrl-C, SIGTERM or `--messages N`. */
export async function watch(args: readonly string[], context: CommandContext): Promise<void> {
  const { values } = parseFlags('watch', args, FLAGS);
  if (values.help) return context.out(WATCH_HELP);
  const limit = numberFlag(values, 'messages', Infinity, integerRule(1));
  const config = configFlags(values, {});
  const channel = await openChannel(channelFlags(values, context.env, context.secrets, 'environment'));
  try {
    const name = `watch-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
    const logger = verboseLogger(values.verbose === true, context.err);
    const actor = await Actor.start(await channel.connect(name), name, config, { silent: true, enabled: false, rawMessages: true, ...(logger ? { logger } : {}) });
    try {
      const output = chooseOutput(values, context, `asyncactor watch · ${channel.description}`);
      if (!values.json && !values.raw && !context.isTTY) context.out(`watching ${channel.description} (Ctrl-C stops)`);
      await follow(actor, output, limit, context.signal);
    } finally {
      await actor.close();
    }
  } finally {
    await channel.close();
  }
}

function chooseOutput(values: FlagValues, context: CommandContext, title: string): WatchOutput {
  if (values.json) return jsonOutput(context.out);
  if (values.raw) return rawOutput(context.out);
  return context.isTTY ? screenOutput(context.write, title) : lineOutput(context.out);
}

/** Show every message and the group until stopped or `limit` messages were seen. */
async function follow(actor: Actor, output: WatchOutput, limit: number, signal: AbortSignal): Promise<void> {
  const members = new HeardMembers(actor);
  const changes = new GroupChanges();
  const show = (): void => {
    const snapshot = groupSnapshot(actor, members, performance.now());
    output.group(snapshot, changes.next(snapshot));
  };
  // Ends the watch on the signal, or after `limit` messages.
  const enough = new AbortController();
  if (signal.aborted) enough.abort();
  signal.addEventListener('abort', () => enough.abort(), { once: true });
  let seen = 0;
  actor.on('members', (event) => members.update(event));
  actor.on('raw', ({ message }) => {
    if (seen >= limit) return;
    output.message(message, actor.config.version);
    show();
    if (++seen >= limit) enough.abort();
  });
  const timer = setInterval(show, REFRESH_MS);
  try {
    show();
    await untilStopped(enough.signal, actor);
  } finally {
    clearInterval(timer);
  }
}
