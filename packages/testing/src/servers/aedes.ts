/**
 * aedes, an MQTT broker in this process, on a free loopback port: always
 * available, for tests and for the demo.
 *
 * @module
 */
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';

/** A running in-process broker. */
export interface EmbeddedBroker {
  /** `mqtt://127.0.0.1:PORT`. */
  readonly url: string;
  readonly port: number;
  /** Disconnect every client, stop listening and release the port. */
  close(): Promise<void>;
}

interface Aedes {
  handle(socket: Socket): void;
  close(callback?: () => void): void;
}

/** Start aedes on 127.0.0.1:`port` (default: a free port). */
export async function startAedes(port = 0): Promise<EmbeddedBroker> {
  // aedes 0.51 is CommonJS and ships no types of its own.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const createBroker = require('aedes') as () => Aedes;
  const broker = createBroker();
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    broker.handle(socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `mqtt://127.0.0.1:${address.port}`,
    port: address.port,
    close() {
      closing ??= (async () => {
        const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
        for (const socket of sockets) socket.destroy();
        await new Promise<void>((resolve) => broker.close(() => resolve()));
        await serverClosed;
      })();
      return closing;
    },
  };
}
