/**
 * What an actor decides, as log lines: from the events it emits (tagged,
 * untagged and why, superseded, configs adopted, splits healed, members
 * that come and go) and from its counters between two looks (payloads
 * dropped by reason, configs refused, name collisions, crossed pings).
 *
 * @module
 */
import type { ActorEvent, MembersEvent } from '../events';
import type { MachineStats } from '../stats';
import type { Logger } from './logger';

/** The counters that get a line when they move: at what level, and the line for a rise of `n`. */
const COUNTERS: readonly (readonly [keyof Logger, CounterName, (n: number) => string])[] = [
  ['warn', 'nameCollisions', (n) => `another node used this node's name (${n}×): told it so (it fails with ActorCollisionError); this node keeps running`],
  ['warn', 'configsRefused', (n) => `refused ${n} config change(s) from the network (acceptConfig)`],
  ['debug', 'collisions', (n) => `${n} ping(s) collided with this node's chain: the collision rule decided`],
  ['debug', 'fastForwards', (n) => `fast-forwarded over ${n} missed ping(s)`],
  ['debug', 'stale', (n) => `ignored ${n} stale ping(s) from a node that missed ours`],
  ['debug', 'reminders', (n) => `re-sent this node's ping ${n}× to a node that missed it`],
];

/** The counters of {@link MachineStats} that are plain numbers. */
type CounterName = { [K in keyof MachineStats]: MachineStats[K] extends number ? K : never }[keyof MachineStats];

/** The log lines of one actor. See the module comment. */
export class DecisionLog {
  #last: MachineStats | undefined;

  readonly #logger: Logger;
  readonly #prefix: string;

  constructor(logger: Logger, prefix: string) {
    this.#logger = logger;
    this.#prefix = prefix;
  }

  /** A line at `level`. */
  write(level: keyof Logger, text: string): void {
    this.#logger[level](`${this.#prefix}: ${text}`);
  }

  /** The line for `event`, if it has one. */
  event(event: ActorEvent): void {
    const line = describe(event);
    if (line) this.write(line[0], line[1]);
  }

  /** Lines for the counters that moved since the last look. */
  counters(stats: MachineStats): void {
    const last = this.#last;
    this.#last = stats;
    if (!last) return;
    for (const [level, counter, text] of COUNTERS) {
      const delta = stats[counter] - last[counter];
      if (delta > 0) this.write(level, text(delta));
    }
    for (const [reason, count] of Object.entries(stats.dropped)) {
      const delta = count - last.dropped[reason as keyof MachineStats['dropped']];
      if (delta > 0) this.write('debug', `dropped ${delta} invalid payload(s): ${reason}`);
    }
  }
}

function describe(event: ActorEvent): [keyof Logger, string] | undefined {
  switch (event.type) {
    case 'tag':
      return ['info', `tagged: this node is it for ${event.duration.toFixed(2)} s`];
    case 'untag':
      return ['info', `untagged: ${event.reason === 'expired' ? 'its turn is over' : event.reason}`];
    case 'detag':
      return ['info', `detagged: a better ping from ${event.node} took the turn`];
    case 'ping':
      return ['debug', event.takesTurn ? `${event.node} pinged and is it` : `${event.node} pinged and started a new chain: nobody is it`];
    case 'members':
      return ['debug', membersLine(event)];
    case 'goodNode':
      return ['debug', `ready nodes to sync from: ${event.nodes.join(', ')}`];
    case 'recover':
      return ['info', `a split healed: recovery priority ${event.priority}, ${event.replaced ? 'the other side\'s chain won' : 'this side\'s chain won'} (here ${event.localNodes.join(',')}; there ${event.remoteNodes.join(',')})`];
    case 'setup':
      return ['info', `adopted config v${event.config.version} from the network (cycle ${event.config.cycle} s, gap ${event.config.gap} s, nodes ${event.config.nodes})`];
    case 'disconnected':
      return ['warn', `lost the channel${event.error ? `: ${event.error.message}` : ''}`];
    case 'reconnected':
      return ['info', 'back on the channel'];
    case 'error':
      return ['debug', `error: ${event.error.message}`];
    case 'raw':
      return undefined;
  }
}

/** Names shown per list of a `members` line; the rest are counted. */
const SHOWN = 10;

function membersLine(event: MembersEvent): string {
  const parts: string[] = [];
  for (const [what, nodes] of [['joined', event.joined], ['left', event.left], ['changed value', event.changed]] as const) {
    if (nodes.length === 0) continue;
    const more = nodes.length > SHOWN ? ` and ${nodes.length - SHOWN} more` : '';
    parts.push(`${what} ${nodes.slice(0, SHOWN).join(', ')}${more}`);
  }
  return `members: ${parts.join('; ')}`;
}
