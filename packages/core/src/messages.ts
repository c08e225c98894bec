/**
 * The protocol's messages, decoded (PROTOCOL §3). `wire.ts` maps them to and
 * from the MessagePack maps on the channel, whose `t` values and key names
 * are kept for compatibility with Python nodes.
 *
 * @module
 */
import type { ActorConfig } from './config';
import type { Value } from './value';

/** Sent once at start; a node waits for its own `init` to come back (wire `t: "init"`). */
export interface InitMessage {
  readonly type: 'init';
  readonly node: string;
}

/** The sender's configuration (wire `t: "vers"`). */
export interface ConfigMessage {
  readonly type: 'config';
  readonly node: string;
  readonly config: ActorConfig;
}

/** The regular beacon (wire `t: "ping"`); `history[0]` is the sender. */
export interface PingMessage {
  readonly type: 'ping';
  readonly node: string;
  readonly value: Value;
  readonly history: readonly string[];
}

/** A chain re-announced after a split heals (wire `t: "hist"`); the sender is implied as `history[0]`. */
export interface HistoryMessage {
  readonly type: 'history';
  readonly value: Value;
  readonly history: readonly string[];
}

/** Any protocol message. */
export type Message = InitMessage | ConfigMessage | PingMessage | HistoryMessage;
