/**
 * A broker that accepts the connection (CONNACK) but never acknowledges the
 * subscription (no SUBACK): `Actor.start` must not hang. Aborting its
 * signal makes it reject (after the transport's close, which waits at most
 * 1 s for an UNSUBACK), and without a signal it fails with the
 * start-up timeout, naming the transport that never opened.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { Actor, ActorTimeoutError } from '@asyncactor/core';
import { connect, mqttTransport } from '../src';

jest.setTimeout(30_000);

/** A TCP server that speaks just enough MQTT: CONNACK and PINGRESP, nothing else. */
function silentSubscriber(): Promise<{ url: string; subscribes: () => number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  let subscribes = 0;
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.on('data', (chunk) => {
      for (let i = 0; i < chunk.length; ) {
        const type = chunk[i]! >> 4;
        // Remaining length: one byte is enough for what MQTT.js sends here.
        const length = chunk[i + 1]!;
        if (type === 1) {
          const level = chunk[i + 2 + 6]!; // 00 04 'M' 'Q' 'T' 'T' <level>
          socket.write(Buffer.from(level === 5 ? [0x20, 0x03, 0x00, 0x00, 0x00] : [0x20, 0x02, 0x00, 0x00]));
        } else if (type === 8) subscribes++;
        else if (type === 12) socket.write(Buffer.from([0xd0, 0x00]));
        i += 2 + length;
      }
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({
        url: `mqtt://127.0.0.1:${port}`,
        subscribes: () => subscribes,
        close: () => {
          for (const socket of sockets) socket.destroy();
          return new Promise((done) => server.close(() => done()));
        },
      });
    }),
  );
}

describe('a broker that never sends SUBACK', () => {
  it('aborting the signal makes Actor.start reject at once', async () => {
    const broker = await silentSubscriber();
    const client = await connect(broker.url);
    try {
      const controller = new AbortController();
      const starting = Actor.start(mqttTransport(client, ['actor', 'nosuback']), 'a', { cycle: 2, gap: 0.2 }, { signal: controller.signal });
      const settled = starting.then(() => 'started', (error: unknown) => error);
      await new Promise((resolve) => setTimeout(resolve, 300)); // let the SUBSCRIBE go out (real broker, real time)
      expect(broker.subscribes()).toBe(1);
      const abortedAt = Date.now();
      const reason = new Error('the user gave up');
      controller.abort(reason);
      const error = await settled;
      expect(error).toBeInstanceOf(Error);
      expect(error === reason || (error as Error).cause === reason).toBe(true);
      // At once, but for the transport's close: it waits up to 1 s for an UNSUBACK that never comes.
      expect(Date.now() - abortedAt).toBeLessThan(2_000);
    } finally {
      await client.endAsync(true);
      await broker.close();
    }
  });

  it('without a signal, Actor.start fails with the start-up timeout instead of hanging', async () => {
    const broker = await silentSubscriber();
    const client = await connect(broker.url);
    try {
      const started = Date.now();
      const error = await Actor.start(mqttTransport(client, ['actor', 'nosuback']), 'a', { cycle: 2, gap: 0.2 }).then(
        () => 'started',
        (failure: unknown) => failure,
      );
      expect(error).toBeInstanceOf(ActorTimeoutError);
      expect((error as Error).message).toMatch(/did not open/);
      // The start-up window is cycle + gap * 1.75 = 2.35 s here.
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      await client.endAsync(true);
      await broker.close();
    }
  });
});
