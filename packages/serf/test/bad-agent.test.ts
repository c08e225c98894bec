/**
 * A fake agent on loopback that misbehaves: garbage, truncated frames,
 * unknown Seq, closing mid-reply, silence. The client must fail with clear
 * errors, never crash, and leave no socket or timer behind (jest would not
 * exit otherwise); no rejection or exception escapes.
 */
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { decodeMulti, encode } from '@msgpack/msgpack';
import { SerfClient, SerfConnectionError, SerfProtocolError, SerfTimeoutError } from '@asyncactor/serf';
import { trapEscapes } from './support/escape-trap';
import { handshakeThen, startFakeAgent as fakeAgent } from './support/fake-agent';

trapEscapes();

describe('SerfClient against a misbehaving agent', () => {
  it('garbage instead of a reply: a protocol error', async () => {
    const agent = await fakeAgent((connection) => connection.write(Buffer.from([0xc1, 0xc1, 0xc1])));
    await expect(SerfClient.connect({ address: agent.address, timeoutMs: 2000 })).rejects.toBeInstanceOf(SerfProtocolError);
    await agent.close();
  });

  it('a reply for an unknown Seq: a protocol error naming it', async () => {
    const agent = await fakeAgent((connection) => connection.reply(4242));
    await expect(SerfClient.connect({ address: agent.address, timeoutMs: 2000 })).rejects.toThrow(/unknown Seq 4242/);
    await agent.close();
  });

  it('a header that is not a header: a protocol error', async () => {
    const agent = await fakeAgent((connection) => connection.write(encode(['not', 'a', 'map'])));
    await expect(SerfClient.connect({ address: agent.address, timeoutMs: 2000 })).rejects.toThrow(/expected a response header/);
    await agent.close();
  });

  it('closing mid-reply (a header, then half a body): pending calls fail with a connection error', async () => {
    const agent = await fakeAgent(
      handshakeThen((connection, request) => {
        if (request.Command !== 'members') return;
        const body = encode({ Members: [{ Name: 'x', Addr: new Uint8Array([127, 0, 0, 1]) }] });
        connection.write(Buffer.concat([encode({ Seq: request.Seq, Error: '' }), body.subarray(0, 5)]));
        setTimeout(() => connection.socket.destroy(), 20);
      }),
    );
    const client = await SerfClient.connect({ address: agent.address, timeoutMs: 2000 });
    const calls = [client.members(), client.stats()];
    for (const call of calls) await expect(call).rejects.toBeInstanceOf(SerfConnectionError);
    expect(client.connected).toBe(false);
    await expect(client.members()).rejects.toThrow(/not connected/);
    await client.close();
    await agent.close();
  });

  it('a connection reset (RST, as when the agent is killed): a connection error, not a protocol error', async () => {
    const agent = await fakeAgent(handshakeThen((connection) => connection.socket.resetAndDestroy()));
    const client = await SerfClient.connect({ address: agent.address, timeoutMs: 2000 });
    const failure = await client.members().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SerfConnectionError);
    expect(String(failure)).toMatch(/ECONNRESET|closed/);
    expect(client.connected).toBe(false);
    await client.close();
    await agent.close();
  });

  it('a consumer that stops iterating sends stop for its stream; a record still on its way is counted and dropped', async () => {
    const items: unknown[] = [];
    let streamSeq: number | undefined;
    const sockets = new Set<Socket>();
    const server = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('data', (chunk: Buffer) => {
        for (const item of decodeMulti(chunk)) {
          items.push(item);
          const header = item as { Command?: string; Seq?: number };
          if (typeof header.Command !== 'string' || typeof header.Seq !== 'number') continue;
          const record = (seq: number, n: number): Buffer => Buffer.concat([encode({ Seq: seq, Error: '' }), encode({ Event: 'user', LTime: n, Name: 'x', Payload: new Uint8Array(), Coalesce: false })]);
          // Before answering a stop, one more record of the stream: a real
          // agent may have sent it before it read the stop.
          if (header.Command === 'stop' && streamSeq !== undefined) socket.write(record(streamSeq, 3));
          socket.write(encode({ Seq: header.Seq, Error: '' }));
          if (header.Command === 'stream') {
            streamSeq = header.Seq;
            socket.write(record(header.Seq, 1));
          }
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const { port } = server.address() as AddressInfo;
    const client = await SerfClient.connect({ address: `127.0.0.1:${port}`, timeoutMs: 2000 });
    try {
      const stream = await client.stream('user:x');
      for await (const event of stream) if (event.type === 'user') break; // the consumer stops after one
      await stream.stop(); // the stop the loop sent, awaited: the agent has answered it
      const stopAt = items.findIndex((item) => (item as { Command?: string }).Command === 'stop');
      expect(stopAt).toBeGreaterThan(0);
      expect(items[stopAt + 1]).toEqual({ Stop: streamSeq });
      // The record sent before the stop's answer was read, counted and dropped.
      expect(client.counters.recordsAfterStop).toBe(1);
      expect(client.connected).toBe(true);
      await expect(client.event('still-usable')).resolves.toBeUndefined();
    } finally {
      await client.close();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('silence: the call times out with the command named; the connection stays usable', async () => {
    let answer = false;
    const agent = await fakeAgent(
      handshakeThen((connection, request) => {
        if (answer) connection.reply(request.Seq);
      }),
    );
    const client = await SerfClient.connect({ address: agent.address, timeoutMs: 200 });
    await expect(client.event('x')).rejects.toBeInstanceOf(SerfTimeoutError);
    await expect(client.event('x')).rejects.toThrow(/did not answer event within 200 ms/);
    answer = true;
    await client.forceLeave('y');
    await client.close();
    await agent.close();
  });

  it('nobody listening: a clear connection error', async () => {
    const agent = await fakeAgent(() => undefined);
    const { address } = agent;
    await agent.close();
    await expect(SerfClient.connect({ address })).rejects.toThrow(/connection refused/);
    await expect(SerfClient.connect({ address: 'nonsense' })).rejects.toThrow(/expected host:port/);
  });
});
