/**
 * aedes, an MQTT broker in this process, behind a WebSocket listener bound
 * to 127.0.0.1 only: what a browser needs to reach MQTT.
 */
import type { AddressInfo } from 'node:net';
import { createWebSocketStream, WebSocketServer } from 'ws';

/** A running WebSocket MQTT broker. */
export interface WebSocketBroker {
  /** `ws://127.0.0.1:PORT`. */
  readonly url: string;
  /** The address the listener is bound to (always 127.0.0.1). */
  readonly address: AddressInfo;
  /** Disconnect every client and stop listening. */
  close(): Promise<void>;
}

interface Aedes {
  handle(stream: NodeJS.ReadWriteStream): void;
  close(callback?: () => void): void;
}

/** Start aedes with a WebSocket listener on 127.0.0.1:`port` (default: a free port). */
export async function startWebSocketBroker(port = 0): Promise<WebSocketBroker> {
  // aedes 0.51 is CommonJS and ships no types of its own.
  const broker = (require('aedes') as () => Aedes)();
  const server = new WebSocketServer({ host: '127.0.0.1', port });
  server.on('connection', (socket) => broker.handle(createWebSocketStream(socket)));
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${address.port}`,
    address,
    async close() {
      for (const socket of server.clients) socket.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await new Promise<void>((resolve) => broker.close(() => resolve()));
    },
  };
}
