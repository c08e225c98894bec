/**
 * Errors of the MQTT transport.
 *
 * @module
 */
import { TransportError } from '@asyncactor/core';

/** The broker could not be reached, refused us, or did not answer in time. */
export class MqttConnectError extends TransportError {
  override readonly name = 'MqttConnectError';
  constructor(
    readonly url: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`cannot connect to MQTT broker ${url}: ${reason}`, options);
  }
}

/** A publish could not go out now (the client is offline); it is dropped, never sent late. */
export class MqttOfflineError extends TransportError {
  override readonly name = 'MqttOfflineError';
  constructor(readonly topic: string) {
    super(`MQTT client is offline: message on ${topic} dropped, not queued`);
  }
}

/** A topic prefix that cannot name one exact topic. */
export class MqttTopicError extends TransportError {
  override readonly name = 'MqttTopicError';
}
