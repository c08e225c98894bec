/**
 * What the application sees (PROTOCOL §7). Every event is a plain object
 * with a `type` field; switch on it.
 *
 * @module
 */
import type { ActorConfig } from './config';
import type { Message } from './messages';
import type { Value } from './value';

/** You are "it" now: do the job. Ends with exactly one `untag` or `detag`. */
export interface TagEvent {
  readonly type: 'tag';
  readonly node: string;
  readonly value: Value;
  /**
   * When the turn is due to end (its `untag`), in seconds on the actor's
   * clock (for the real clock, `performance.now() / 1000`), unless a ping
   * ends it earlier.
   */
  readonly until: number;
  /** How long the turn lasts from this event, in seconds (`cycle - gap/2`). */
  readonly duration: number;
}

/** Why a tag ended normally. */
export type UntagReason =
  /** The tag ran its course (`cycle - gap/2`), or the next node's ping arrived. */
  | 'expired'
  /** The actor was disabled. */
  | 'disabled'
  /** The actor was closed. */
  | 'closed'
  /** The channel went down: another node may take over, so stop. */
  | 'disconnected'
  /** The actor failed (a name collision): stop. */
  | 'failed'
  /** This node's own messages stopped coming back: the channel does not work for it, so stop. */
  | 'channel-silent';

/** Your turn ended: stop the job within `gap` seconds. */
export interface UntagEvent {
  readonly type: 'untag';
  readonly reason: UntagReason;
}

/** A better ping from `node` superseded yours: stop the job now. */
export interface DetagEvent {
  readonly type: 'detag';
  readonly node: string;
}

/**
 * `node` sent this cycle's ping, with `value` (about one per cycle, from
 * nodes other than this one). `takesTurn` says whether `node` is "it" now:
 * false for the first ping of a new chain (its sender followed none, so
 * nobody is tagged) and for a re-announced chain (`hist`).
 */
export interface PingEvent {
  readonly type: 'ping';
  readonly node: string;
  readonly value: Value;
  /** Whether its sender takes the turn with it (the history it followed was not empty). */
  readonly takesTurn: boolean;
}

/**
 * The members view changed: nodes that joined (heard for the first time
 * within the window), left (silent longer than the window, or pushed out by
 * `maxKnownNodes`) or changed their value. Read the whole view from
 * `actor.members`.
 */
export interface MembersEvent {
  readonly type: 'members';
  readonly joined: readonly string[];
  readonly left: readonly string[];
  readonly changed: readonly string[];
}

/** Ready nodes exist while this one is not ready: sync state from one of `nodes`. */
export interface GoodNodeEvent {
  readonly type: 'goodNode';
  readonly nodes: readonly string[];
}

/**
 * A network split healed (or a rival chain appeared). `priority` 0 is the node
 * that should lead recovery; `replaced` says the other side's chain won.
 */
export interface RecoverEvent {
  readonly type: 'recover';
  readonly priority: number;
  readonly replaced: boolean;
  readonly localNodes: readonly string[];
  readonly remoteNodes: readonly string[];
}

/** The network changed the config (a higher `version` arrived). */
export interface SetupEvent {
  readonly type: 'setup';
  readonly config: ActorConfig;
}

/** Every valid message received, when `rawMessages` is on. */
export interface RawMessageEvent {
  readonly type: 'raw';
  readonly message: Message;
}

/** The channel was lost (any tag has ended with an `untag`). */
export interface DisconnectedEvent {
  readonly type: 'disconnected';
  readonly error?: Error;
}

/** The channel is back after a `disconnected`. */
export interface ReconnectedEvent {
  readonly type: 'reconnected';
}

/** A non-fatal problem: a failed send, a transport error. The actor keeps running. */
export interface ErrorEvent {
  readonly type: 'error';
  readonly error: Error;
}

/** Why a {@link WarningEvent} was emitted. */
export type WarningReason = WarningEvent['reason'];

/**
 * Something keeps the protocol from working well; the actor keeps running
 * and `message` says what to do.
 *
 * - `gap-below-latency`: this node's last `count` turns were all superseded
 *   before or right after they began (its pings cross the others' in
 *   flight), which happens when `gap` is below the channel's latency: raise
 *   `gap` above the channel's worst delivery time.
 * - `channel-silent`: this node's own ping did not come back within `gap`,
 *   so it did not take its turn: the channel may be stalled (a broker that
 *   stopped, a cut link) and another node may be sending meanwhile. It
 *   keeps trying.
 */
export type WarningEvent =
  | { readonly type: 'warning'; readonly reason: 'gap-below-latency'; readonly count: number; readonly message: string }
  | { readonly type: 'warning'; readonly reason: 'channel-silent'; readonly message: string };

/** Events produced by the protocol itself. */
export type ProtocolEvent =
  | TagEvent
  | UntagEvent
  | DetagEvent
  | PingEvent
  | GoodNodeEvent
  | RecoverEvent
  | SetupEvent
  | MembersEvent
  | RawMessageEvent
  | WarningEvent;

/** Everything an {@link Actor} emits. */
export type ActorEvent = ProtocolEvent | DisconnectedEvent | ReconnectedEvent | ErrorEvent;

/** The `type` of every event. */
export type ActorEventType = ActorEvent['type'];
