/**
 * `asyncactor watch`: follow a group without taking part (it sends nothing),
 * Python nodes included: who is it, the history, values, the config version.
 *
 * @module
 */
import { Actor, type Message, type Value } from '@asyncactor/core';
import { openChannel } from '../channels';
import { channelFlags, COMMON_FLAGS, configFlags, numberFlag, parseFlags } from '../options';
import type { CommandContext } from './context';

/** `--help` text of watch. */
export const WATCH_HELP = `asyncactor watch (--mqtt URL --topic a/b | --serf HOST:PORT --event a.b) [options]

Follow a group without taking part: it sends nothing at all.

Options:
  --raw              print every message as it arrives
  --json             one JSON object per message, for scripts
  --messages N       stop after N messages
  --cycle S --gap S  the group's timing, until a config message says otherwise
  --debug            print stack traces

Examples:
  asyncactor watch --mqtt mqtt://localhost:1883 --topic actor/demo
  asyncactor watch --mqtt mqtts://broker:8883 --topic actor/cleanup --json
`;

const FLAGS = { ...COMMON_FLAGS, raw: { type: 'boolean' }, json: { type: 'boolean' }, messages: { type: 'string' } } as const;

/** Run `watch` until Ctrl-C or `--messages N`. */
export async function watch(args: readonly string[], context: CommandContext): Promise<void> {
  const { values } = parseFlags(args, FLAGS);
  if (values.help) {
    context.out(WATCH_HELP);
    return;
  }
  const limit = values.messages === undefined ? Infinity : numberFlag(values, 'messages', 0, (n) => Number.isInteger(n) && n >= 1);
  const config = configFlags(values, {});
  const channel = await openChannel(channelFlags(values, undefined));
  const name = `watch-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const actor = await Actor.start(await channel.connect(name), name, config, { silent: true, enabled: false, rawMessages: true });
  let seen = 0;
  const done = new Promise<void>((resolve) => {
    context.signal.addEventListener('abort', () => resolve(), { once: true });
      if (context.signal.aborted) resolve();
    actor.on('raw', ({ message }) => {
      context.out(values.json ? JSON.stringify(toJson(message, actor.config.version)) : values.raw ? describeRaw(message) : describe(message, actor.config.version));
      if (++seen >= limit) resolve();
    });
  });
  if (!values.json) context.out(`watching ${channel.description} (Ctrl-C stops)`);
  try {
    await done;
  } finally {
    await actor.close();
    await channel.close();
  }
}

function show(value: Value): string {
  return JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v instanceof Uint8Array ? `<${v.length} bytes>` : v));
}

function describe(message: Message, version: number): string {
  const time = new Date().toISOString().slice(11, 23);
  switch (message.type) {
    case 'ping':
      return `${time} it: ${message.node} value=${show(message.value)} history=${message.history.join(',')} (config v${version})`;
    case 'history':
      return `${time} re-announced chain ${message.history.join(',')} value=${show(message.value)}`;
    case 'config':
      return `${time} config v${message.config.version} from ${message.node}: cycle ${message.config.cycle} s, gap ${message.config.gap} s, nodes ${message.config.nodes}`;
    case 'init':
      return `${time} ${message.node} started`;
  }
}

function describeRaw(message: Message): string {
  return `${new Date().toISOString().slice(11, 23)} ${show(message as unknown as Value)}`;
}

function toJson(message: Message, version: number): Record<string, unknown> {
  return { time: new Date().toISOString(), configVersion: version, ...JSON.parse(show(message as unknown as Value)) as Record<string, unknown> };
}
