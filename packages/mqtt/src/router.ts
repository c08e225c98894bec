/**
 * One MQTT.js client can carry many actors on different topics. The router
 * puts a single listener on the client and hands each message to the
 * transports of its exact topic, and tells them when the connection goes and
 * comes back, and when the client is ended for good.
 *
 * @module
 */
import type { MqttClientLike } from './client';

/** What a transport registers with the router for its topic. */
export interface TopicSubscriber {
  /** A message arrived on the subscriber's topic. */
  message(payload: Uint8Array): void;
  /** The client went offline or closed; `error` is the last error it reported, if any. */
  offline(error?: Error): void;
  /** The client reconnected; the subscriber re-subscribes, then reports `up`. */
  reconnected(): void;
  /** The client was ended (`end()`): it will not reconnect; the subscriber is closed for good. */
  ended(): void;
}

/** Routes one client's messages to subscribers by exact topic. */
export class TopicRouter {
  private readonly byTopic = new Map<string, Set<TopicSubscriber>>();
  private online: boolean;
  private lastError: Error | undefined;

  private readonly onMessage = (topic: string, payload: Uint8Array): void => {
    const subscribers = this.byTopic.get(topic);
    if (!subscribers) return;
    const bytes = new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength);
    for (const subscriber of [...subscribers]) subscriber.message(bytes);
  };
  private readonly onError = (error: Error): void => {
    this.lastError = error;
  };
  private readonly onOffline = (): void => {
    if (!this.online) return;
    this.online = false;
    for (const subscriber of this.all()) subscriber.offline(this.lastError);
  };
  private readonly onEnd = (): void => {
    for (const subscriber of this.all()) subscriber.ended();
  };
  private readonly onConnect = (): void => {
    if (this.online) return;
    this.online = true;
    this.lastError = undefined;
    for (const subscriber of this.all()) subscriber.reconnected();
  };

  constructor(readonly client: MqttClientLike) {
    this.online = client.connected;
    client.on('message', this.onMessage);
    client.on('error', this.onError);
    client.on('offline', this.onOffline);
    client.on('close', this.onOffline);
    client.on('connect', this.onConnect);
    client.on('end', this.onEnd);
  }

  /** Start routing `topic` to `subscriber`. */
  add(topic: string, subscriber: TopicSubscriber): void {
    let set = this.byTopic.get(topic);
    if (!set) this.byTopic.set(topic, (set = new Set()));
    set.add(subscriber);
  }

  /** Stop routing to `subscriber`. True if it was the topic's last one. */
  remove(topic: string, subscriber: TopicSubscriber): boolean {
    const set = this.byTopic.get(topic);
    if (!set) return false;
    set.delete(subscriber);
    if (set.size > 0) return false;
    this.byTopic.delete(topic);
    if (this.byTopic.size === 0) this.detach();
    return true;
  }

  private all(): TopicSubscriber[] {
    return [...this.byTopic.values()].flatMap((set) => [...set]);
  }

  private detach(): void {
    this.client.off('message', this.onMessage);
    this.client.off('error', this.onError);
    this.client.off('offline', this.onOffline);
    this.client.off('close', this.onOffline);
    this.client.off('connect', this.onConnect);
    this.client.off('end', this.onEnd);
    routers.delete(this.client);
  }
}

const routers = new WeakMap<MqttClientLike, TopicRouter>();

/** The router of `client`, created on first use. */
export function routerFor(client: MqttClientLike): TopicRouter {
  let router = routers.get(client);
  if (!router) routers.set(client, (router = new TopicRouter(client)));
  return router;
}
