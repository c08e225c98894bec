/**
 * Everything around the browser actor: the WebSocket broker, the page
 * server, and Node actors on the same topic. Used by `serve.ts` (by hand) and
 * by the browser test.
 */
import { Actor, type ConfigInput } from '@asyncactor/core';
import { connect, mqttTransport } from '@asyncactor/mqtt';
import type { MqttClient } from 'mqtt';
import { startWebSocketBroker, type WebSocketBroker } from './broker';
import { startPageServer, type PageServer } from './page-server';

/** The running broker, page server and Node actors. */
export interface BrowserGroup {
  readonly broker: WebSocketBroker;
  readonly server: PageServer;
  readonly actors: readonly Actor[];
  /** The page's address for a browser actor called `name`. */
  pageUrl(name: string): string;
  close(): Promise<void>;
}

/** Start the group: `nodes` Node actors on `topic` with `config`. */
export async function startBrowserGroup(
  nodes: readonly string[],
  topic: readonly string[],
  config: ConfigInput & { readonly cycle: number; readonly gap: number },
): Promise<BrowserGroup> {
  const broker = await startWebSocketBroker();
  const server = await startPageServer();
  const clients: MqttClient[] = [];
  const actors: Actor[] = [];
  for (const name of nodes) {
    const client = await connect(broker.url);
    clients.push(client);
    const actor = await Actor.start(mqttTransport(client, topic), name, config);
    actor.setValue(1);
    actor.setReady();
    actors.push(actor);
  }
  return {
    broker,
    server,
    actors,
    pageUrl(name) {
      const query = new URLSearchParams({ broker: broker.url, topic: topic.join('/'), name, cycle: String(config.cycle), gap: String(config.gap) });
      if (config.nHosts !== undefined) query.set('nHosts', String(config.nHosts));
      return `${server.url}?${query.toString()}`;
    },
    async close() {
      await Promise.all(actors.map((actor) => actor.close()));
      await Promise.all(clients.map((client) => client.endAsync()));
      await server.close();
      await broker.close();
    },
  };
}
