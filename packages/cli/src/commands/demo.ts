/**
 * `asyncactor demo`: N actors on one channel (an embedded MQTT broker by
 * default), shown live, with optional failover and split-healing scenarios
 * and a summary at the end.
 *
 * @module
 */
import { writeFileSync } from 'node:fs';
import { Actor, cycleTimeMax, decodeMessage, makeConfig, type ConfigInput } from '@asyncactor/core';
import { timelineSvg } from '@asyncactor/testing';
import { openChannel } from '../channels';
import { LineDisplay, TableDisplay, type Display, type NodeRow } from '../display';
import { CliError, UsageError } from '../errors';
import { channelFlags, COMMON_FLAGS, configFlags, numberFlag, parseFlags } from '../options';
import { DemoRecorder, type DemoSummary } from '../recorder';
import type { CommandContext } from './context';

/** `--help` text of the demo. */
export const DEMO_HELP = `asyncactor demo [options]

Run a group of actors and watch them take turns being "it".

Options:
  --count N          how many actors (default 5)
  --cycles N         stop after N tags (default: run until Ctrl-C)
  --kill             kill the tagged node after 3 tags and restart it 3 tags later
  --partition        split the group in halves after 4 tags, heal 12 tags later (--bus only)
  --timeline FILE    write an SVG timeline of the run (--bus only)
  --cycle S --gap S  timing in seconds (default 2 and 0.2)
  --nodes N          how many nodes take turns (default 5)
  --mqtt URL         use this MQTT broker instead of the embedded one
  --topic a/b        MQTT topic (default actor/demo)
  --bus              use the in-memory bus
  --debug            print stack traces

Examples:
  asyncactor demo --cycles 10
  asyncactor demo --kill --cycles 12
  asyncactor demo --mqtt mqtt://localhost:1883 --topic actor/test
`;

const FLAGS = {
  ...COMMON_FLAGS,
  count: { type: 'string' },
  cycles: { type: 'string' },
  kill: { type: 'boolean' },
  partition: { type: 'boolean' },
  timeline: { type: 'string' },
} as const;

/** Run the demo; resolves with the summary when it ends. */
export async function demo(args: readonly string[], context: CommandContext): Promise<DemoSummary | undefined> {
  const { values } = parseFlags(args, FLAGS);
  if (values.help) {
    context.out(DEMO_HELP);
    return undefined;
  }
  const count = numberFlag(values, 'count', 5, (n) => Number.isInteger(n) && n >= 1 && n <= 200);
  const cycles = values.cycles === undefined ? Infinity : numberFlag(values, 'cycles', 0, (n) => Number.isInteger(n) && n >= 1);
  const config: ConfigInput = { ...configFlags(values, { cycle: 2, gap: 0.2, nodes: 5 }), nHosts: count };
  const choice = channelFlags(values, { kind: 'embedded', topic: ['actor', 'demo'] });
  if ((values.partition || values.timeline) && choice.kind !== 'bus') {
    throw new UsageError(`--${values.partition ? 'partition' : 'timeline'} needs --bus`);
  }

  const channel = await openChannel(choice);
  const started = performance.now();
  const elapsed = (): number => (performance.now() - started) / 1000;
  const recorder = new DemoRecorder(elapsed);
  const display: Display = context.isTTY ? new TableDisplay(context.write) : new LineDisplay(context.write);
  const names = Array.from({ length: count }, (_, i) => `node-${i + 1}`);
  const actors = new Map<string, Actor>();
  display.line(`asyncactor demo: ${count} actors on ${channel.description}; Ctrl-C stops`);

  const startActor = async (name: string): Promise<void> => {
    const actor = await Actor.start(await channel.connect(name), name, config);
    actor.setValue(1);
    actor.setReady();
    actors.set(name, actor);
    recorder.follow(actor);
  };

  let stop: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (stop = resolve));
  context.signal.addEventListener('abort', () => stop(), { once: true });
  if (context.signal.aborted) stop();
  let stalled = false;
  let killed: { name: string; atTag: number } | undefined;
  let split: { atTag: number; healed: boolean } | undefined;
  let note: string | undefined;
  channel.tap?.((node, payload) => {
    const decoded = decodeMessage(payload);
    if (decoded.ok) recorder.note({ t: elapsed(), type: 'send', node, kind: decoded.message.type, bytes: payload.byteLength });
  });

  recorder.onTag = (total) => {
    if (total >= cycles) stop();
    if (values.kill && !killed && total === 3) {
      const victim = recorder.current[0];
      const actor = victim === undefined ? undefined : actors.get(victim);
      if (actor && victim) {
        killed = { name: victim, atTag: total };
        note = `killed ${victim}`;
        recorder.forget(actor);
        actors.delete(victim);
        void actor.close();
      }
    } else if (killed && !actors.has(killed.name) && total === killed.atTag + 3) {
      note = `restarted ${killed.name}`;
      void startActor(killed.name).catch((error: unknown) => display.line(`restart failed: ${String(error)}`));
    }
    if (values.partition && !split && total === 4) {
      const groups = [names.filter((_, i) => i % 2 === 0), names.filter((_, i) => i % 2 === 1)];
      channel.split?.(groups);
      recorder.note({ t: elapsed(), type: 'split', groups });
      split = { atTag: total, healed: false };
      note = `split into ${groups.map((g) => g.join('+')).join(' | ')}`;
    } else if (split && !split.healed && total >= split.atTag + 12) {
      channel.heal?.();
      recorder.note({ t: elapsed(), type: 'heal' });
      split.healed = true;
      note = 'healed the split';
    }
  };

  const render = (): void => {
    const first = actors.values().next().value;
    const rows: NodeRow[] = names.map((name) => {
      const actor = actors.get(name);
      return {
        name,
        state: !actor ? 'down' : actor.tagged ? 'it' : actor.enabled ? 'up' : 'passive',
        tags: recorder.tagsOf(name),
        history: actor?.history ?? [],
      };
    });
    const summary = recorder.summary();
    display.show({
      cycle: recorder.totalTags,
      elapsed: elapsed(),
      current: recorder.current,
      history: first?.history ?? [],
      broadcastsPerTag: summary.broadcastsPerTag,
      rows,
      events: recorder.takeEvents(),
      ...(note ? { note } : {}),
    });
    note = undefined;
  };

  try {
    await Promise.all(names.map(startActor));
    const timer = setInterval(render, context.isTTY ? 250 : 100);
    // If nothing is ever tagged, something is wrong with the channel: say so rather than hang.
    const watchdogSeconds = cycleTimeMax(makeConfig(config)) * 6;
    const watchdog = setInterval(() => {
      if (recorder.totalTags > 0 || elapsed() <= watchdogSeconds) return;
      stalled = true;
      stop();
    }, 500);
    await finished;
    clearInterval(timer);
    clearInterval(watchdog);
    render();
    if (stalled) throw new CliError(`no actor was tagged within ${watchdogSeconds.toFixed(0)} s: is the channel delivering messages?`);
  } finally {
    await Promise.all([...actors.values()].map((actor) => actor.close()));
    await channel.close();
    display.close();
  }
  const summary = recorder.summary();
  printSummary(summary, display);
  if (typeof values.timeline === 'string') {
    writeFileSync(values.timeline, timelineSvg(recorder.trace, { title: `asyncactor demo: ${count} actors on ${channel.description}` }));
    display.line(`timeline written to ${values.timeline}`);
  }
  return summary;
}

function printSummary(summary: DemoSummary, display: Display): void {
  display.line('');
  display.line('summary');
  display.line(`  tags per node:       ${Object.entries(summary.tagsPerNode).map(([n, c]) => `${n} ${c}`).join(', ')}`);
  display.line(`  most tagged at once: ${summary.mostTaggedAtOnce}`);
  display.line(`  broadcasts per tag:  ${summary.broadcastsPerTag.toFixed(2)} (pings; ${summary.broadcasts} messages of all kinds)`);
  display.line(`  longest gap:         ${summary.longestGap.toFixed(2)} s between tags`);
}

