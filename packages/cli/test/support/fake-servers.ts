/**
 * Tiny TCP servers on loopback for the connect failures a real broker does
 * not produce: a port that accepts TCP but speaks no MQTT, and a "broker"
 * that accepts the connection and never answers CONNECT.
 */
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';

/** A running fake server. */
export interface FakeServer {
  readonly port: number;
  /** How many connections it accepted. */
  connections(): number;
  close(): Promise<void>;
}

/**
 * Start a server on 127.0.0.1: `greeting` is written to each connection
 * (undefined: say nothing, read everything, never answer).
 */
export async function startFakeServer(greeting: string | undefined): Promise<FakeServer> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server: Server = createServer((socket) => {
    accepted++;
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    socket.on('data', () => undefined);
    if (greeting !== undefined) socket.write(greeting);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    connections: () => accepted,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
