/**
 * Errors of the MQTT transport.
 *
 * @module
 */
import { TransportError } from '@asyncactor/core';

/**
 * `url` with any credentials in it (`user:password@`, or a token as the user
 * name) replaced by `***`, for messages and logs. Works on strings that do
 * not parse as URLs too.
 *
 * @example
 * redactUrl('mqtt://alice:s3cret@broker:1883') // 'mqtt://***@broker:1883'
 */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)?[^/]*@/i, '$1***@');
}

/**
 * The broker could not be reached, refused us, or did not answer in time.
 * Its `url` and `message` never hold the credentials of the URL given.
 */
export class MqttConnectError extends TransportError {
  override readonly name = 'MqttConnectError';
  /** The broker's URL, credentials redacted. */
  readonly url: string;
  constructor(
    url: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`cannot connect to MQTT broker ${redactUrl(url)}: ${reason}`, options);
    this.url = redactUrl(url);
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
