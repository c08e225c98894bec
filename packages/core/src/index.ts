/**
 * `@asyncactor/core`: the asyncactor protocol — somewhat-leader election and
 * discovery over any broadcast channel, one packet per cycle — as a sans-IO
 * state machine ({@link ActorMachine}), the {@link Actor} runtime that binds
 * it to a {@link Transport}, and the wire codec shared with Python nodes.
 *
 * This entry lists what an application or a transport author needs. Our own
 * sibling packages also use `@asyncactor/core/internal`, which is not part
 * of the stable API.
 *
 * @module @asyncactor/core
 */

// The runtime: an actor on a transport, in real (or virtual) time.
export { Actor, type ActorDone, type ActorOptions, type ActorStats } from './runtime/actor';
export type { ActorListener } from './runtime/event-hub';
export { defaultLogger, type Logger } from './runtime/logger';
export { systemClock, type Clock, type MovableTimer } from './runtime/clock';
export type { Transport, TransportEvent, TransportListener } from './runtime/transport';

// Configuration, values and the events an application sees.
export { cycleTimeMax, DEFAULT_CONFIG, makeConfig, type ActorConfig, type ConfigInput } from './config';
export type { Value } from './value';
export type {
  ActorEvent,
  ActorEventType,
  DetagEvent,
  DisconnectedEvent,
  ErrorEvent,
  GoodNodeEvent,
  MembersEvent,
  PingEvent,
  ProtocolEvent,
  RawMessageEvent,
  RecoverEvent,
  ReconnectedEvent,
  SetupEvent,
  TagEvent,
  UntagEvent,
  UntagReason,
  WarningEvent,
  WarningReason,
} from './events';
export {
  ActorClosedError,
  ActorCollisionError,
  ActorError,
  ActorTimeoutError,
  CallbackError,
  ConfigError,
  InvalidValueError,
  ListenerError,
  PayloadTooLargeError,
  TransportError,
} from './errors';
export type { CallbackName } from './errors';
export type { MachineStats, MessageCounts } from './stats';
export type { Member } from './protocol/members';

// The collision rule, for applications that replace it.
export { compareStrings, compareValues, defaultPriority, type PriorityRule } from './protocol/priority';

// The sans-IO machine, for drivers of its own (the simulator is one).
export { ActorMachine, type MachinePhase } from './protocol/machine';
export type { MachineOptions } from './protocol/options';
export type { MachineOutput } from './protocol/outbox';
export type { ConfigPolicy } from './protocol/versions';
export { acceptAnyConfig, boundedConfigPolicy, configOutsideBounds, DEFAULT_CONFIG_BOUNDS, type ConfigBounds } from './protocol/config-policy';

// The wire format (PROTOCOL §3).
export type { ConfigMessage, HistoryMessage, InitMessage, Message, PingMessage } from './messages';
export {
  decodeMessage,
  DEFAULT_WIRE_LIMITS,
  DROP_REASONS,
  encodeMessage,
  type DecodeResult,
  type DropReason,
  type WireLimits,
} from './wire';
