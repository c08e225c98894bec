/**
 * What the transport needs of an MQTT client, as a structural type: an
 * MQTT.js 5.x `MqttClient` of any version fits, whichever copy of `mqtt` the
 * application installed, and so does any client with the same members.
 *
 * Payloads are `Uint8Array` (MQTT.js hands out `Buffer`s, which are
 * `Uint8Array`s; it accepts `Uint8Array`s to publish), so nothing here needs
 * Node's `Buffer`.
 *
 * @module
 */

/** Publish options the transport sets. */
export interface MqttPublishOptions {
  readonly qos: 0 | 1;
  readonly retain: boolean;
}

/** Subscribe options the transport sets (`nl`, `rap`: MQTT 5 only). */
export interface MqttSubscribeOptions {
  readonly qos: 0 | 1;
  readonly nl?: boolean;
  readonly rap?: boolean;
}

/** Connection events without arguments. */
export type MqttStateEvent = 'connect' | 'offline' | 'close' | 'end';

/** The members of an MQTT.js `MqttClient` that {@link mqttTransport} uses. */
export interface MqttClientLike {
  /** Whether the client is connected to the broker now. */
  readonly connected: boolean;
  /** The client's options; `protocolVersion: 5` turns on MQTT 5 subscribe options. */
  readonly options: { readonly protocolVersion?: number | undefined };
  on(event: 'message', listener: (topic: string, payload: Uint8Array) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: MqttStateEvent, listener: () => void): unknown;
  off(event: 'message', listener: (topic: string, payload: Uint8Array) => void): unknown;
  off(event: 'error', listener: (error: Error) => void): unknown;
  off(event: MqttStateEvent, listener: () => void): unknown;
  publishAsync(topic: string, message: string | Uint8Array, options: MqttPublishOptions): Promise<unknown>;
  /** Resolves with one grant per topic; a `qos` of 0x80 or more is a refusal. */
  subscribeAsync(topic: string, options: MqttSubscribeOptions): Promise<readonly { readonly qos: number }[]>;
  unsubscribeAsync(topic: string): Promise<unknown>;
}
