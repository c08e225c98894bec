/**
 * Counters a machine keeps about its traffic and decisions.
 *
 * @module
 */
import type { Message } from './messages';
import { DROP_REASONS, type DropReason } from './wire';

/** Message counts by {@link Message} `type`. */
export type MessageCounts = Record<Message['type'], number>;

/** Everything a machine counts; read it through `machine.stats`. */
export interface MachineStats {
  /** Messages handed to the transport, by kind. */
  readonly sent: MessageCounts;
  /** Valid messages received (own echoes included), by kind. */
  readonly received: MessageCounts;
  /** Payloads dropped as invalid, by reason. */
  readonly dropped: Record<DropReason, number>;
  /** Received pings and `hist` messages whose chain collided with ours. */
  readonly collisions: number;
  /** RecoverEvents emitted (a split healed, seen from this node). */
  readonly recoveries: number;
  /** Pings that continued our chain past entries we had missed. */
  readonly fastForwards: number;
  /** Pings from a node that missed some of ours (or late, old pings), ignored. */
  readonly stale: number;
  /** Times this node re-sent its ping to a node that had missed it, or repeated the chain it follows as a `hist` after a late crossing. */
  readonly reminders: number;
  /** Of {@link reminders}, those sent as a `hist` (not a re-announcement after a heal: see {@link recoveries}). */
  readonly historyReminders: number;
  /** Times this node was tagged. */
  readonly tags: number;
  /** Config changes from the network refused by the `acceptConfig` policy. */
  readonly configsRefused: number;
  /** Turns of this node superseded before they ran their course (pending cancelled, or detagged). */
  readonly turnsSuperseded: number;
  /** `warning` events emitted (see `WarningEvent`). */
  readonly warnings: number;
  /** Turns not taken because this node's own ping did not come back within `gap` (a silent channel). */
  readonly silentTurns: number;
  /** Turns not taken because the timer that would start them ran only after they were due to end (the node was stalled). */
  readonly lateTurns: number;
  /**
   * `init` messages of this node's name from another node after its start-up
   * (a newcomer taking its name, or a forger). This node answered them and
   * kept running; a newcomer fails with `ActorCollisionError`.
   */
  readonly nameCollisions: number;
}

/** A mutable {@link MachineStats}, for the machine's own use. */
export type MutableStats = { -readonly [K in keyof MachineStats]: MachineStats[K] };

function messageCounts(): MessageCounts {
  return { init: 0, config: 0, ping: 0, history: 0 };
}

/** Fresh, zeroed counters. */
export function emptyStats(): MutableStats {
  const dropped = {} as Record<DropReason, number>;
  for (const reason of DROP_REASONS) dropped[reason] = 0;
  return {
    sent: messageCounts(),
    received: messageCounts(),
    dropped,
    collisions: 0,
    recoveries: 0,
    fastForwards: 0,
    stale: 0,
    reminders: 0,
    historyReminders: 0,
    tags: 0,
    configsRefused: 0,
    turnsSuperseded: 0,
    warnings: 0,
    silentTurns: 0,
    lateTurns: 0,
    nameCollisions: 0,
  };
}

/** A deep copy, so a caller's snapshot does not change under it. */
export function copyStats(stats: MachineStats): MachineStats {
  return { ...stats, sent: { ...stats.sent }, received: { ...stats.received }, dropped: { ...stats.dropped } };
}
