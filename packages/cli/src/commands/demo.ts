/**
 * `asyncactor demo`: N actors on one channel (an embedded MQTT broker by
 * default), shown live, with optional failover and split-healing scenarios
 * and a summary at the end.
 *
 * @module
 */
import { writeFileSync } from 'node:fs';
import { timelineSvg } from '@asyncactor/testing';
import { CHANNEL_FLAGS, channelFlags } from '../channel-flags';
import { openChannel } from '../channels';
import { DemoRun, type DemoPlan } from '../demo/demo-run';
import type { Display } from '../display/frame';
import { JsonDisplay } from '../display/json-display';
import { LineDisplay } from '../display/line-display';
import { TableDisplay } from '../display/table-display';
import { UsageError } from '../errors';
import { COMMON_FLAGS, configFlags, integerRule, numberFlag, parseFlags, type FlagValues } from '../options';
import type { DemoSummary } from '../recorder';
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
  --json             one JSON object per line: every event, then the summary
  --debug            print stack traces
Channel (default: an embedded MQTT broker in this process):
  --bus              the in-memory bus instead (can --partition, draw a --timeline)
  --mqtt URL         a real MQTT broker (see asyncactor run --help for credentials and TLS)
  --topic a/b        MQTT topic (default actor/demo)

Examples:
  asyncactor demo --cycles 10
  asyncactor demo --kill --cycles 12
  asyncactor demo --mqtt mqtt://localhost:1883 --topic actor/test
`;

const FLAGS = {
  ...COMMON_FLAGS,
  ...CHANNEL_FLAGS,
  bus: { type: 'boolean' },
  count: { type: 'string' },
  cycles: { type: 'string' },
  kill: { type: 'boolean' },
  partition: { type: 'boolean' },
  timeline: { type: 'string' },
} as const;

/** Run the demo; resolves with the summary when it ends. */
export async function demo(args: readonly string[], context: CommandContext): Promise<DemoSummary | undefined> {
  const { values } = parseFlags('demo', args, FLAGS);
  if (values.help) {
    context.out(DEMO_HELP);
    return undefined;
  }
  const plan = demoPlan(values, context.isTTY && !values.json);
  const choice = channelFlags(values, context.env, context.secrets, 'embedded');
  if ((values.partition || values.timeline) && choice.kind !== 'bus') {
    throw new UsageError(`--${values.partition ? 'partition' : 'timeline'} needs --bus`);
  }
  const display: Display = values.json ? new JsonDisplay(context.out) : context.isTTY ? new TableDisplay(context.write) : new LineDisplay(context.write);
  const channel = await openChannel(choice);
  let demoRun: DemoRun;
  try {
    display.line(`asyncactor demo: ${plan.count} actors on ${channel.description}; Ctrl-C stops`);
    demoRun = new DemoRun(channel, plan, display);
    await demoRun.run(context.signal);
  } finally {
    await channel.close();
  }
  const summary = demoRun.recorder.summary();
  showSummary(summary, display);
  if (typeof values.timeline === 'string') {
    writeFileSync(values.timeline, timelineSvg(demoRun.recorder.trace, { title: `asyncactor demo: ${plan.count} actors on ${channel.description}` }));
    display.line(`timeline written to ${values.timeline}`);
  }
  return summary;
}

function demoPlan(values: FlagValues, redrawn: boolean): DemoPlan {
  const count = numberFlag(values, 'count', 5, integerRule(1, 200));
  return {
    count,
    cycles: numberFlag(values, 'cycles', Infinity, integerRule(1)),
    config: { ...configFlags(values, { cycle: 2, gap: 0.2, nodes: 5 }), nHosts: count },
    kill: values.kill === true,
    partition: values.partition === true,
    refreshMs: redrawn ? 250 : 100,
  };
}

function showSummary(summary: DemoSummary, display: Display): void {
  display.record('summary', { ...summary }, [
    '',
    'summary',
    `  tags per node:       ${Object.entries(summary.tagsPerNode).map(([n, c]) => `${n} ${c}`).join(', ')}`,
    `  most tagged at once: ${summary.mostTaggedAtOnce}`,
    `  broadcasts per tag:  ${summary.broadcastsPerTag.toFixed(2)} (pings; ${summary.broadcasts} messages of all kinds)`,
    `  longest gap:         ${summary.longestGap.toFixed(2)} s between tags`,
  ]);
}
