/**
 * Where the CLI's actors talk: an embedded MQTT broker (default for the
 * demo), a real MQTT broker, a Serf agent, or the in-memory bus.
 *
 * @module
 */
import type { Transport } from '@asyncactor/core';

/** A group channel the CLI can put actors on. */
export interface Channel {
  /** Human-readable and free of credentials, e.g. `MQTT broker mqtt://127.0.0.1:1883, topic actor/demo`. */
  readonly description: string;
  /** A fresh connection to the channel for one actor. */
  connect(node: string): Promise<Transport>;
  /** Split the nodes into groups that do not hear each other (bus only). */
  split?(groups: readonly (readonly string[])[]): void;
  /** Undo {@link split}. */
  heal?(): void;
  /** See every payload sent on the channel (bus only; for the timeline). */
  tap?(listener: (node: string, payload: Uint8Array) => void): void;
  /** Release everything (connections, an embedded broker). */
  close(): Promise<void>;
}

/** How to reach an MQTT broker: the URL without credentials, and the credentials and TLS files apart. */
export interface MqttAccess {
  /** `mqtt://host:port` (or mqtts, ws, wss), credentials removed. */
  readonly url: string;
  readonly username?: string;
  readonly password?: string;
  /** PEM contents of --ca, --cert and --key. */
  readonly ca?: Buffer;
  readonly cert?: Buffer;
  readonly key?: Buffer;
  /** Give up connecting after this long. */
  readonly timeoutMs: number;
}

/** How the user chose the channel. */
export type ChannelChoice =
  | { readonly kind: 'embedded'; readonly topic: readonly string[] }
  | { readonly kind: 'mqtt'; readonly access: MqttAccess; readonly topic: readonly string[] }
  | { readonly kind: 'serf'; readonly address: string; readonly event: readonly string[] }
  | { readonly kind: 'bus' };
