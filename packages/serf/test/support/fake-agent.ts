/**
 * A fake Serf agent on loopback for tests of a misbehaving agent: it reads
 * the client's requests and lets a test decide, request by request, what (if
 * anything) to answer. It counts the connections it accepted and how many
 * were open at once, so that a test can tell a client that leaks sockets.
 */
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { decodeMultiStream, encode } from '@msgpack/msgpack';
import { SerfClient, type SerfClientOptions } from '@asyncactor/serf';

/** A request's header, and its body when the test needs it. */
export interface FakeRequest {
  readonly Command: string;
  readonly Seq: number;
}

/** One accepted connection. */
export class AgentConnection {
  /** Seqs of `stream` calls acknowledged on this connection. */
  readonly streams: number[] = [];

  constructor(
    readonly socket: Socket,
    /** 0 for the first connection the agent accepted, then 1, 2, … */
    readonly index: number,
  ) {}

  /** Whether the socket is still open. */
  get open(): boolean {
    return !this.socket.destroyed;
  }

  /** Write raw bytes (ignored once the socket is gone). */
  write(bytes: Uint8Array): boolean {
    if (!this.open) return false;
    return this.socket.write(bytes);
  }

  /** Answer `seq`: a header, and `body` after it if given. */
  reply(seq: number, error = '', ...body: unknown[]): void {
    this.write(Buffer.concat([encode({ Seq: seq, Error: error }), ...body.map((item) => encode(item))]));
  }

  /** Acknowledge the `stream` call `seq`; its records may follow. */
  ackStream(seq: number): void {
    if (!this.open) return;
    this.reply(seq);
    this.streams.push(seq);
  }

  /**
   * Write `prefix`, then `fill` bytes, 64 KiB at a time as the socket drains,
   * until `total` bytes are out or the client hung up. Resolves with the
   * bytes written.
   */
  async flood(prefix: Uint8Array, fill: number, total: number): Promise<number> {
    const chunk = Buffer.alloc(64 * 1024, fill);
    let written = 0;
    const drained = (): Promise<void> =>
      new Promise((resolve) => {
        const done = (): void => {
          this.socket.off('drain', done);
          this.socket.off('close', done);
          resolve();
        };
        this.socket.once('drain', done);
        this.socket.once('close', done);
      });
    if (!this.write(prefix)) await drained();
    while (this.open && written < total) {
      written += chunk.length;
      if (!this.write(chunk)) await drained();
    }
    return written;
  }

  /** A user event on every stream acknowledged here. */
  userEvent(name: string, payload: Uint8Array, lamportTime: number): void {
    for (const seq of this.streams) this.reply(seq, '', { Event: 'user', Name: name, Payload: payload, LTime: lamportTime, Coalesce: false });
  }
}

/** What a test decides for each request. */
export type Behaviour = (connection: AgentConnection, request: FakeRequest) => void;

/** A running fake agent. */
export interface FakeAgent {
  /** `127.0.0.1:port`. */
  readonly address: string;
  /** Every connection accepted, open or not. */
  readonly connections: readonly AgentConnection[];
  /** Connections open now. */
  readonly openCount: number;
  /** The most connections that were open at once. */
  readonly mostOpen: number;
  /** Close every connection and stop listening. */
  close(): Promise<void>;
}

/** Start a fake agent that runs `behaviour` for every request it reads. */
export async function startFakeAgent(behaviour: Behaviour): Promise<FakeAgent> {
  const connections: AgentConnection[] = [];
  let mostOpen = 0;
  const openCount = (): number => connections.filter((c) => c.open).length;
  const server = createServer((socket) => {
    const connection = new AgentConnection(socket, connections.length);
    connections.push(connection);
    mostOpen = Math.max(mostOpen, openCount());
    socket.on('error', () => undefined);
    void (async () => {
      for await (const item of decodeMultiStream(socket)) {
        const header = item as Partial<FakeRequest> | null;
        if (typeof header?.Command === 'string' && typeof header.Seq === 'number') behaviour(connection, { Command: header.Command, Seq: header.Seq });
      }
    })().catch(() => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    connections,
    get openCount() {
      return openCount();
    },
    get mostOpen() {
      return mostOpen;
    },
    close: async () => {
      for (const connection of connections) connection.socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A well-behaved handshake, then `rest` for every other command. */
export const handshakeThen =
  (rest: Behaviour): Behaviour =>
  (connection, request) => {
    if (request.Command === 'handshake') connection.reply(request.Seq);
    else rest(connection, request);
  };

/**
 * Start a fake agent with `behaviour`, connect a client to it with
 * `options`, run `test`, and close both, whatever happens.
 */
export async function withFakeAgent(behaviour: Behaviour, options: SerfClientOptions, test: (client: SerfClient, agent: FakeAgent) => Promise<void>): Promise<void> {
  const agent = await startFakeAgent(behaviour);
  try {
    const client = await SerfClient.connect({ ...options, address: agent.address });
    try {
      await test(client, agent);
    } finally {
      await client.close();
    }
  } finally {
    await agent.close();
  }
}
