/**
 * A ready MQTT.js client for users who do not have one.
 *
 * @module
 */
// The default import: MQTT.js's browser build (dist/mqtt.esm.js) has no named
// exports, only a default that holds them; its Node build has both.
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { MqttConnectError } from './errors';

/** MQTT.js options (TLS, username, password, protocolVersion, …) plus a time limit. */
export interface ConnectOptions extends IClientOptions {
  /** Give up when not connected after this long. Default 10 s. */
  readonly timeoutMs?: number;
}

/**
 * Connect to `url` (`mqtt://`, `mqtts://`, `ws://`, `wss://`) and resolve
 * once the broker accepted us. MQTT 3.1.1 unless `protocolVersion: 5` is
 * given; QoS 0 messages are not queued while offline (a stale ping must never
 * be sent late).
 *
 * @throws {MqttConnectError} with the broker's reason (bad credentials,
 *   refused connection, timeout).
 */
export async function connect(url: string, options: ConnectOptions = {}): Promise<MqttClient> {
  const { timeoutMs = 10_000, ...clientOptions } = options;
  const client = mqtt.connect(url, {
    reconnectPeriod: 1000,
    connectTimeout: timeoutMs,
    queueQoSZero: false,
    ...clientOptions,
  });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => finish(new MqttConnectError(url, `no answer within ${timeoutMs} ms`)), timeoutMs);
      const finish = (error?: Error): void => {
        clearTimeout(timer);
        client.off('connect', onConnect);
        client.off('error', onError);
        if (error) reject(error);
        else resolve();
      };
      const onConnect = (): void => finish();
      const onError = (error: Error): void => finish(new MqttConnectError(url, describe(error), { cause: error }));
      client.on('connect', onConnect);
      client.on('error', onError);
    });
  } catch (error) {
    await client.endAsync(true);
    throw error;
  }
  return client;
}

function describe(error: Error & { code?: string | number }): string {
  if (error.code === 'ECONNREFUSED') return 'connection refused (is the broker running?)';
  if (error.code === 5 || error.code === 135 || error.code === 134) return `not authorized (${error.message})`;
  return error.message;
}
