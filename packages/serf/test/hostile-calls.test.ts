/**
 * A hostile agent's timing: it stops answering, answers late, or, on
 * reconnect, answers the handshake but acknowledges `stream` late or never.
 * A call that timed out leaves nothing behind; a reconnection attempt that
 * fails closes its connection, so there is never more than one alive and
 * every event is delivered once; no rejection or exception escapes.
 */
import { SerfClient, SerfTimeoutError, type SerfStreamEvent } from '@asyncactor/serf';
import { waitUntil } from '@asyncactor/testing';
import { trapEscapes } from './support/escape-trap';
import { handshakeThen, startFakeAgent, type AgentConnection, type FakeAgent } from './support/fake-agent';
import { retainedMb } from './support/heap';

trapEscapes();

const report = (text: string): void => void (process.env.REPORT_FIGURES && process.stderr.write(`${text}\n`));
const text = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('SerfClient against an agent that answers late or never', () => {
  it('an agent that stops answering: 20 000 timed-out calls leave no pending call and no memory behind', async () => {
    const agent = await startFakeAgent(handshakeThen(() => undefined));
    const client = await SerfClient.connect({ address: agent.address, timeoutMs: 300 });
    try {
      // Counted, not kept: 20 000 errors with their stacks would be memory of the test's own.
      const timedOut = (calls: number): Promise<number> =>
        Promise.all(Array.from({ length: calls }, (_, i) => client.event(`e${i}`).then(() => 0, (error: unknown) => Number(error instanceof SerfTimeoutError)))).then((n) => n.reduce((sum, x) => sum + x, 0));
      await timedOut(1000); // warm-up: what the first calls compile and cache is not theirs to keep
      const before = retainedMb();
      const count = await timedOut(20_000);
      const retained = retainedMb() - before;
      expect(count).toBe(20_000);
      report(`20 000 timed-out calls: ${client.counters.callsInFlight} in flight, ${retained.toFixed(1)} MB retained`);
      expect(client.counters.callsInFlight).toBe(0);
      expect(retained).toBeLessThan(8); // 32 MB when every timed-out call stayed pending
      expect(client.connected).toBe(true);
    } finally {
      await client.close();
      await agent.close();
    }
  }, 30_000);

  it('a reply after its call timed out is counted and dropped, its body read; the connection stays usable', async () => {
    const late: { connection: AgentConnection; seq: number }[] = [];
    const agent = await startFakeAgent(
      handshakeThen((connection, request) => {
        if (request.Command === 'members') late.push({ connection, seq: request.Seq });
        else connection.reply(request.Seq);
      }),
    );
    const client = await SerfClient.connect({ address: agent.address, timeoutMs: 200 });
    try {
      await expect(client.members()).rejects.toBeInstanceOf(SerfTimeoutError);
      // The late reply has a body, which must not be read as the next header.
      late[0]!.connection.reply(late[0]!.seq, '', { Members: [{ Name: 'late' }] });
      await client.forceLeave('x');
      expect(client.counters).toMatchObject({ lateReplies: 1, callsInFlight: 0 });
      expect(client.connected).toBe(true);
    } finally {
      await client.close();
      await agent.close();
    }
  });

  it('a stream acknowledged after its call timed out is stopped, and its records dropped', async () => {
    const requests: string[] = [];
    let streamSeq = -1;
    let streamOn: AgentConnection | undefined;
    const agent = await startFakeAgent(
      handshakeThen((connection, request) => {
        requests.push(request.Command);
        if (request.Command === 'stream') [streamSeq, streamOn] = [request.Seq, connection];
        else connection.reply(request.Seq);
      }),
    );
    const client = await SerfClient.connect({ address: agent.address, timeoutMs: 200 });
    try {
      await expect(client.stream('user:x')).rejects.toThrow(/did not answer stream within 200 ms/);
      streamOn!.ackStream(streamSeq);
      streamOn!.userEvent('x', text('after all'), 1);
      await waitUntil(() => requests.includes('stop'), 'the client to stop the stream acknowledged late', 5000);
      await client.forceLeave('y');
      expect(client.counters).toMatchObject({ recordsAfterStop: 1, callsInFlight: 0 });
      expect(client.connected).toBe(true);
    } finally {
      await client.close();
      await agent.close();
    }
  });
});

describe('SerfClient reconnecting to an agent that acknowledges stream late or never', () => {
  const reconnect = { initialDelayMs: 50, maxDelayMs: 100 };

  /** An agent that serves connection 0 well, and answers `stream` on the later ones as `stream` says. */
  function agentWith(stream: (connection: AgentConnection, seq: number) => void): Promise<FakeAgent> {
    return startFakeAgent(
      handshakeThen((connection, request) => {
        if (request.Command !== 'stream') connection.reply(request.Seq);
        else if (connection.index === 0) connection.ackStream(request.Seq);
        else stream(connection, request.Seq);
      }),
    );
  }

  /** The stream's user event payloads, as text, as they come. */
  function collect(stream: AsyncIterable<SerfStreamEvent>): string[] {
    const seen: string[] = [];
    void (async () => {
      for await (const event of stream) if (event.type === 'user') seen.push(new TextDecoder().decode(event.payload));
    })();
    return seen;
  }

  it('stream never acknowledged: every failed attempt closes its connection, never two alive, none after close()', async () => {
    const agent = await agentWith(() => undefined);
    const client = await SerfClient.connect({ address: agent.address, timeoutMs: 200, reconnect });
    const failures: Error[] = [];
    client.on('error', (error) => failures.push(error));
    try {
      const stream = await client.stream('user:x');
      agent.connections[0]!.socket.destroy();
      await waitUntil(() => agent.connections.length >= 6, 'five reconnection attempts', 10_000);
      const during = { connections: agent.connections.length, open: agent.openCount, mostOpen: agent.mostOpen };
      await client.close();
      const closed = await waitUntil(() => agent.openCount === 0, 'every connection to close with the client', 2000).then(
        () => 0,
        () => agent.openCount,
      );
      report(`stream never acknowledged: ${during.connections} connections, ${during.open} open, at most ${during.mostOpen} at once; ${closed} open after close()`);
      expect({ ...during, connections: 6, closed }).toEqual({ connections: 6, open: 1, mostOpen: 1, closed: 0 });
      expect(failures.length).toBeGreaterThanOrEqual(4);
      expect(failures.every((failure) => /did not answer stream within 200 ms/.test(failure.message))).toBe(true);
      expect(stream.ended).toBe(true);
    } finally {
      await client.close();
      await agent.close();
    }
  }, 20_000);

  it('stream acknowledged late on two attempts: only the third connection stays alive, and each user event is delivered once', async () => {
    let lateAcks = 0;
    const agent = await agentWith((connection, seq) => {
      if (connection.index > 2) connection.ackStream(seq);
      else
        setTimeout(() => {
          connection.ackStream(seq);
          lateAcks++;
        }, 300);
    });
    const client = await SerfClient.connect({ address: agent.address, timeoutMs: 200, reconnect });
    client.on('error', () => undefined);
    let reconnected = false;
    client.on('reconnect', () => (reconnected = true));
    try {
      const seen = collect(await client.stream('user:x'));
      agent.connections[0]!.socket.destroy();
      await waitUntil(() => reconnected && lateAcks === 2, 'the reconnection, and both late acknowledgements', 10_000);
      const streaming = agent.connections.filter((connection) => connection.open && connection.streams.length > 0);
      for (const connection of streaming) connection.userEvent('x', text('A'), 10);
      for (const connection of streaming) connection.userEvent('x', text('B'), 11);
      await waitUntil(() => seen.filter((payload) => payload === 'B').length === streaming.length, 'the last event on every stream', 5000);
      const deliveries = seen.filter((payload) => payload === 'A').length;
      report(`stream acknowledged late: ${agent.connections.length} connections, ${streaming.length} alive with a stream, each event delivered ${deliveries} times`);
      expect({ alive: agent.openCount, streaming: streaming.map((connection) => connection.index), deliveries }).toEqual({ alive: 1, streaming: [3], deliveries: 1 });
    } finally {
      await client.close();
      await agent.close();
    }
  }, 20_000);
});
