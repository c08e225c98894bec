/**
 * The asyncactor transport on an MQTT.js client: one exact topic, payloads
 * are the actor's MessagePack bytes, QoS 0 (or 1), never retained.
 *
 * @module
 */
import { PayloadTooLargeError, TransportError, type Transport, type TransportListener } from '@asyncactor/core';
import type { MqttClientLike } from './client';
import { MqttOfflineError, MqttTopicError } from './errors';
import { routerFor, type TopicRouter, type TopicSubscriber } from './router';

/** How long `close()` waits for the broker to acknowledge the UNSUBSCRIBE before it gives up on it. */
const UNSUBACK_WAIT_MS = 1000;

/** Options of {@link mqttTransport}. */
export interface MqttTransportOptions {
  /** QoS of publish and subscribe. Default 0: a late ping is worse than a lost one. */
  readonly qos?: 0 | 1;
  /** Refuse larger payloads before publishing, with a `PayloadTooLargeError` (the broker's limit, if known). */
  readonly maxPayloadBytes?: number;
  /** How long `open` waits for a client that is not connected yet. Default 10 s. */
  readonly connectTimeoutMs?: number;
}

/**
 * A transport for one actor on `client` (an MQTT.js 5.x client, or anything
 * of the shape {@link MqttClientLike}), on the topic made of `prefix`
 * joined by `/` (e.g. `['actor', 'cleanup']` → `actor/cleanup`). One client
 * can carry many transports on different topics.
 *
 * @throws {MqttTopicError} if the prefix is empty or a segment is empty or
 *   holds `/`, `+` or `#`.
 */
export function mqttTransport(client: MqttClientLike, prefix: readonly string[], options: MqttTransportOptions = {}): Transport {
  return new MqttTransport(client, topicOf(prefix), options);
}

/** The exact topic for a prefix. */
export function topicOf(prefix: readonly string[]): string {
  if (prefix.length === 0) throw new MqttTopicError('the topic prefix is empty');
  for (const segment of prefix) {
    if (segment.length === 0 || /[/+#\0]/.test(segment)) {
      throw new MqttTopicError(`invalid topic segment ${JSON.stringify(segment)}: it must be non-empty, without / + # or NUL`);
    }
  }
  return prefix.join('/');
}

class MqttTransport implements Transport, TopicSubscriber {
  readonly description: string;
  readonly maxPayloadBytes: number | undefined;
  private readonly router: TopicRouter;
  private readonly qos: 0 | 1;
  private listener: TransportListener | undefined;
  private state: 'new' | 'open' | 'closed' = 'new';
  private down = false;

  constructor(
    private readonly client: MqttClientLike,
    private readonly topic: string,
    private readonly options: MqttTransportOptions,
  ) {
    this.description = `mqtt:${topic}`;
    this.maxPayloadBytes = options.maxPayloadBytes;
    this.qos = options.qos ?? 0;
    this.router = routerFor(client);
  }

  async open(listener: TransportListener): Promise<void> {
    if (this.state !== 'new') throw new TransportError('open() may be called once');
    this.listener = listener;
    this.state = 'open';
    // Route first, so that nothing arriving right after the SUBACK is missed.
    this.router.add(this.topic, this);
    try {
      if (!this.client.connected) await this.waitForConnect();
      await this.subscribe();
    } catch (error) {
      this.state = 'closed';
      this.router.remove(this.topic, this);
      throw error;
    }
  }

  async send(payload: Uint8Array): Promise<void> {
    if (this.state !== 'open') throw new TransportError(`transport ${this.description} is ${this.state === 'new' ? 'not open' : 'closed'}`);
    if (this.down || !this.client.connected) throw new MqttOfflineError(this.topic);
    if (this.maxPayloadBytes !== undefined && payload.byteLength > this.maxPayloadBytes) {
      throw new PayloadTooLargeError(payload.byteLength, this.maxPayloadBytes, `payload for MQTT topic ${this.topic}`);
    }
    await this.client.publishAsync(this.topic, payload, { qos: this.qos, retain: false });
  }

  async close(): Promise<void> {
    if (this.state === 'closed') return;
    const wasOpen = this.state === 'open';
    this.state = 'closed';
    this.listener = undefined;
    const last = this.router.remove(this.topic, this);
    if (wasOpen && last && this.client.connected) await this.unsubscribe();
  }

  /**
   * Unsubscribe, waiting at most {@link UNSUBACK_WAIT_MS} for the broker's
   * UNSUBACK: a broker that never acknowledges (it may not have acknowledged
   * the SUBSCRIBE either) must not keep `close()`, and so `Actor.start`'s
   * rejection on abort, waiting.
   */
  private async unsubscribe(): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const gaveUp = new Promise<void>((resolve) => (timer = setTimeout(resolve, UNSUBACK_WAIT_MS)));
    try {
      await Promise.race([this.client.unsubscribeAsync(this.topic), gaveUp]);
    } catch {
      // The connection went away meanwhile: nothing is subscribed any more.
    } finally {
      clearTimeout(timer);
    }
  }

  // ---- TopicSubscriber -------------------------------------------------------

  message(payload: Uint8Array): void {
    this.listener?.({ type: 'message', payload });
  }

  offline(error?: Error): void {
    if (this.state !== 'open' || this.down) return;
    this.down = true;
    this.listener?.(error ? { type: 'down', error } : { type: 'down' });
  }

  reconnected(): void {
    if (this.state !== 'open') return;
    // The subscription must be back before the actor may send again.
    this.subscribe().then(
      () => {
        if (this.state !== 'open' || !this.down) return;
        this.down = false;
        this.listener?.({ type: 'up' });
      },
      (error: unknown) => {
        this.listener?.({ type: 'error', error: error instanceof Error ? error : new TransportError(String(error)) });
      },
    );
  }

  ended(): void {
    if (this.state !== 'open') return;
    const listener = this.listener;
    this.state = 'closed';
    this.listener = undefined;
    this.router.remove(this.topic, this);
    listener?.({ type: 'closed', error: new TransportError(`the MQTT client was ended under the transport ${this.description}`) });
  }

  // ---- internals --------------------------------------------------------------

  private async subscribe(): Promise<void> {
    const v5 = this.client.options.protocolVersion === 5;
    // MQTT 5 can suppress a client's own messages; an actor needs them back.
    const granted = await this.client.subscribeAsync(this.topic, v5 ? { qos: this.qos, nl: false, rap: false } : { qos: this.qos });
    const refused = granted.find((grant) => grant.qos >= 0x80);
    if (refused) throw new TransportError(`the broker refused the subscription to ${this.topic} (code ${refused.qos})`);
  }

  private waitForConnect(): Promise<void> {
    const timeoutMs = this.options.connectTimeoutMs ?? 10_000;
    return new Promise((resolve, reject) => {
      const done = (error?: Error): void => {
        clearTimeout(timer);
        this.client.off('connect', onConnect);
        this.client.off('end', onEnd);
        if (error) reject(error);
        else resolve();
      };
      const onConnect = (): void => done();
      const onEnd = (): void => done(new TransportError('the MQTT client was ended before it connected'));
      const timer = setTimeout(() => done(new TransportError(`the MQTT client did not connect within ${timeoutMs} ms`)), timeoutMs);
      this.client.on('connect', onConnect);
      this.client.on('end', onEnd);
    });
  }
}
