/**
 * A hostile agent's timing: it stops answering, answers late, or, on
 * reconnect, answers the handshake but acknowledges `stream` late or never.
 * A call that timed out leaves nothing behind; a reconnection attempt that
 * fails closes its connection, so there is never more than one alive and
 * every event is delivered once; no rejection or exception escapes.
 */
import { SerfTimeoutError, type SerfClient, type SerfStreamEvent } from '@asyncactor/serf';
import { waitUntil } from '@asyncactor/testing';
import { trapEscapes } from './support/escape-trap';
import { handshakeThen, withFakeAgent, type AgentConnection, type Behaviour } from './support/fake-agent';
import { retainedMb } from './support/heap';
import { reportFigure } from './support/report';

trapEscapes();

const text = (s: string): Uint8Array => new TextEncoder().encode(s);

/** How many of `calls` event calls time out (counted, not kept: 20 000 errors with their stacks would be memory of the test's own). */
async function timedOut(client: SerfClient, calls: number): Promise<number> {
  const outcomes = await Promise.all(Array.from({ length: calls }, (_, i) => client.event(`e${i}`).then(() => 0, (error: unknown) => Number(error instanceof SerfTimeoutError))));
  return outcomes.reduce((sum, n) => sum + n, 0);
}

describe('SerfClient against an agent that answers late or never', () => {
  it('an agent that stops answering: 20 000 timed-out calls leave no pending call and no memory behind', async () => {
    await withFakeAgent(handshakeThen(() => undefined), { timeoutMs: 300 }, async (client) => {
      await timedOut(client, 1000); // warm-up: what the first calls compile and cache is not theirs to keep
      const before = retainedMb();
      const count = await timedOut(client, 20_000);
      const retained = retainedMb() - before;
      reportFigure(`20 000 timed-out calls: ${client.counters.callsInFlight} in flight, ${retained.toFixed(1)} MB retained`);
      expect(count).toBe(20_000);
      expect(client.counters.callsInFlight).toBe(0);
      expect(retained).toBeLessThan(8); // 32 MB when every timed-out call stayed pending
      expect(client.connected).toBe(true);
    });
  }, 30_000);

  it('a reply after its call timed out is counted and dropped, its body read; the connection stays usable', async () => {
    const late: { connection: AgentConnection; seq: number }[] = [];
    const behaviour = handshakeThen((connection, request) => {
      if (request.Command === 'members') late.push({ connection, seq: request.Seq });
      else connection.reply(request.Seq);
    });
    await withFakeAgent(behaviour, { timeoutMs: 200 }, async (client) => {
      await expect(client.members()).rejects.toBeInstanceOf(SerfTimeoutError);
      // The late reply has a body, which must not be read as the next header.
      late[0]!.connection.reply(late[0]!.seq, '', { Members: [{ Name: 'late' }] });
      await client.forceLeave('x');
      expect(client.counters).toMatchObject({ lateReplies: 1, callsInFlight: 0 });
      expect(client.connected).toBe(true);
    });
  });

  it('a stream acknowledged after its call timed out is stopped, and its records dropped', async () => {
    const requests: string[] = [];
    let stream: { connection: AgentConnection; seq: number } | undefined;
    const behaviour = handshakeThen((connection, request) => {
      requests.push(request.Command);
      if (request.Command === 'stream') stream = { connection, seq: request.Seq };
      else connection.reply(request.Seq);
    });
    await withFakeAgent(behaviour, { timeoutMs: 200 }, async (client) => {
      await expect(client.stream('user:x')).rejects.toThrow(/did not answer stream within 200 ms/);
      stream!.connection.ackStream(stream!.seq);
      stream!.connection.userEvent('x', text('after all'), 1);
      await waitUntil(() => requests.includes('stop'), 'the client to stop the stream acknowledged late', 5000);
      await client.forceLeave('y');
      expect(client.counters).toMatchObject({ recordsAfterStop: 1, callsInFlight: 0 });
      expect(client.connected).toBe(true);
    });
  });
});

describe('SerfClient reconnecting to an agent that acknowledges stream late or never', () => {
  const options = { timeoutMs: 200, reconnect: { initialDelayMs: 50, maxDelayMs: 100 } };

  /** An agent that serves connection 0 well, and answers `stream` on the later ones as `stream` says. */
  const agentWith =
    (stream: (connection: AgentConnection, seq: number) => void): Behaviour =>
    (connection, request) => {
      if (request.Command !== 'stream') connection.reply(request.Seq);
      else if (connection.index === 0) connection.ackStream(request.Seq);
      else stream(connection, request.Seq);
    };

  /** The stream's user event payloads, as text, as they come. */
  function collect(stream: AsyncIterable<SerfStreamEvent>): string[] {
    const seen: string[] = [];
    void (async () => {
      for await (const event of stream) if (event.type === 'user') seen.push(new TextDecoder().decode(event.payload));
    })();
    return seen;
  }

  it('stream never acknowledged: every failed attempt closes its connection, never two alive, none after close()', async () => {
    await withFakeAgent(agentWith(() => undefined), options, async (client, agent) => {
      const failures: Error[] = [];
      client.on('error', (error) => failures.push(error));
      const stream = await client.stream('user:x');
      agent.connections[0]!.socket.destroy();
      await waitUntil(() => agent.connections.length >= 6, 'five reconnection attempts', 10_000);
      const during = { connections: agent.connections.length, open: agent.openCount, mostOpen: agent.mostOpen };
      await client.close();
      const closed = await waitUntil(() => agent.openCount === 0, 'every connection to close with the client', 2000).then(
        () => 0,
        () => agent.openCount,
      );
      reportFigure(`stream never acknowledged: ${during.connections} connections, ${during.open} open, at most ${during.mostOpen} at once; ${closed} open after close()`);
      expect({ ...during, connections: 6, closed }).toEqual({ connections: 6, open: 1, mostOpen: 1, closed: 0 });
      expect(failures.length).toBeGreaterThanOrEqual(4);
      expect(failures.every((failure) => /did not answer stream within 200 ms/.test(failure.message))).toBe(true);
      expect(stream.ended).toBe(true);
    });
  }, 20_000);

  it('close() during a reconnection attempt the agent never greets: the attempt ends with it, no socket left', async () => {
    // Connection 0 answers everything; the later ones nothing, not even the handshake.
    const behaviour: Behaviour = (connection, request) => {
      if (connection.index === 0) connection.reply(request.Seq);
    };
    await withFakeAgent(behaviour, { ...options, timeoutMs: 5000 }, async (client, agent) => {
      client.on('error', () => undefined);
      agent.connections[0]!.socket.destroy();
      await waitUntil(() => agent.connections.length === 2, 'a reconnection attempt', 5000);
      const started = performance.now();
      await client.close();
      const closing = performance.now() - started;
      const left = await waitUntil(() => agent.openCount === 0, 'the connection of the attempt to close', 1000).then(
        () => 0,
        () => agent.openCount,
      );
      reportFigure(`close() during an attempt: ${closing.toFixed(0)} ms, ${left} sockets open after it`);
      expect(left).toBe(0);
      expect(closing).toBeLessThan(1000);
    });
  });

  it('stream acknowledged late on two attempts: only the third connection stays alive, and each user event is delivered once', async () => {
    let lateAcks = 0;
    const behaviour = agentWith((connection, seq) => {
      if (connection.index > 2) connection.ackStream(seq);
      else
        setTimeout(() => {
          connection.ackStream(seq);
          lateAcks++;
        }, 300);
    });
    await withFakeAgent(behaviour, options, async (client, agent) => {
      client.on('error', () => undefined);
      let reconnected = false;
      client.on('reconnect', () => (reconnected = true));
      const seen = collect(await client.stream('user:x'));
      agent.connections[0]!.socket.destroy();
      await waitUntil(() => reconnected && lateAcks === 2, 'the reconnection, and both late acknowledgements', 10_000);
      const streaming = agent.connections.filter((connection) => connection.open && connection.streams.length > 0);
      for (const connection of streaming) connection.userEvent('x', text('A'), 10);
      for (const connection of streaming) connection.userEvent('x', text('B'), 11);
      await waitUntil(() => seen.filter((payload) => payload === 'B').length === streaming.length, 'the last event on every stream', 5000);
      const deliveries = seen.filter((payload) => payload === 'A').length;
      reportFigure(`stream acknowledged late: ${agent.connections.length} connections, ${streaming.length} alive with a stream, each event delivered ${deliveries} times`);
      expect({ alive: agent.openCount, streaming: streaming.map((connection) => connection.index), deliveries }).toEqual({ alive: 1, streaming: [3], deliveries: 1 });
    });
  }, 20_000);
});
