/**
 * The Serf client against a real 3-agent cluster from the `serf` binary.
 */
import { execFileSync } from 'node:child_process';
import { SerfAgentError, SerfClient, SerfConnectionError, SerfStreamOverflowError, type SerfStreamEvent } from '@asyncactor/serf';
import { waitUntil } from '@asyncactor/testing';
import { findBinary, requireBinary, startSerfCluster, type SerfCluster } from '@asyncactor/testing/servers';

const serf = requireBinary('serf', 'apt-get install -y serf');
const describeSerf = serf ? describe : describe.skip;
const text = (s: string): Uint8Array => new TextEncoder().encode(s);
const str = (b: Uint8Array): string => new TextDecoder().decode(b);

describeSerf('SerfClient on a 3-agent cluster', () => {
  let cluster: SerfCluster;
  let clients: SerfClient[];

  beforeAll(async () => {
    cluster = await startSerfCluster({ size: 3 });
    clients = await Promise.all(cluster.agents.map((agent) => SerfClient.connect({ address: agent.rpcAddress })));
  }, 60_000);
  afterAll(async () => {
    await Promise.all((clients ?? []).map((client) => client.close()));
    await cluster?.stop();
  });

  it('members: every agent, with IP addresses as text, tags and status', async () => {
    const members = await clients[0]!.members();
    expect(members.map((m) => m.name).sort()).toEqual(cluster.agents.map((a) => a.name).sort());
    for (const member of members) {
      expect(member.address).toBe('127.0.0.1');
      expect(member.status).toBe('alive');
      expect(member.protocol.current).toBeGreaterThan(0);
    }
  });

  it('tags and members-filtered', async () => {
    await clients[1]!.tags({ set: { role: 'db', zone: 'a' } });
    await waitUntil(async () => (await clients[0]!.membersFiltered({ tags: { role: 'db' } })).length === 1, 'the tag to spread', 15_000);
    const [member] = await clients[0]!.membersFiltered({ tags: { role: 'd.' }, status: 'alive' });
    expect(member!.name).toBe(cluster.agents[1]!.name);
    expect(member!.tags).toMatchObject({ role: 'db', zone: 'a' });
    await clients[1]!.tags({ delete: ['zone'] });
    await waitUntil(async () => !('zone' in ((await clients[0]!.membersFiltered({ name: cluster.agents[1]!.name }))[0]?.tags ?? { zone: 1 })), 'the tag to go', 15_000);
    expect(await clients[0]!.membersFiltered({ name: 'no-such-node' })).toEqual([]);
  });

  it('event and stream: user events reach every agent, uncoalesced, in order', async () => {
    const stream = await clients[2]!.stream('user:test.order');
    for (let i = 0; i < 10; i++) await clients[0]!.event('test.order', text(`m${i}`), { coalesce: false });
    const got: string[] = [];
    for await (const event of stream) {
      if (event.type === 'user') got.push(str(event.payload));
      if (got.length === 10) break;
    }
    expect(got).toEqual(Array.from({ length: 10 }, (_, i) => `m${i}`));
    expect(stream.ended).toBe(true);
  });

  it('query and respond: a round trip, ending at done', async () => {
    const listener = await clients[1]!.stream('query');
    const answering = (async () => {
      for await (const event of listener) {
        if (event.type === 'query' && event.name === 'ping-q') {
          await clients[1]!.respond(event.id, text(`pong:${str(event.payload)}`));
          break;
        }
      }
    })();
    const records = await clients[0]!.query({ name: 'ping-q', payload: text('hi'), filterNodes: [cluster.agents[1]!.name], requestAck: true, timeoutMs: 3000 });
    const seen: string[] = [];
    for await (const record of records) seen.push(record.type === 'response' ? `response ${record.from} ${str(record.payload)}` : `ack ${record.from}`);
    await answering;
    expect(seen).toContain(`response ${cluster.agents[1]!.name} pong:hi`);
    expect(seen).toContain(`ack ${cluster.agents[1]!.name}`);
  }, 20_000);

  it('monitor streams the agent log', async () => {
    const log = await clients[0]!.monitor('DEBUG');
    await clients[0]!.event('test.log', text('x'));
    let line = '';
    for await (const entry of log) {
      line = entry;
      break;
    }
    expect(line).toMatch(/\[(DEBUG|INFO|WARN|ERR)\]/);
  });

  it('stats and get-coordinate', async () => {
    const stats = await clients[0]!.stats();
    expect(stats.agent?.name).toBe(cluster.agents[0]!.name);
    expect(Number(stats.serf?.members)).toBe(3);
    await waitUntil(async () => (await clients[0]!.getCoordinate(cluster.agents[1]!.name)) !== undefined, 'a coordinate', 15_000);
    const coordinate = await clients[0]!.getCoordinate(cluster.agents[1]!.name);
    expect(coordinate!.vec.length).toBeGreaterThan(0);
    expect(await clients[0]!.getCoordinate('no-such-node')).toBeUndefined();
  });

  it('many calls in flight at once are answered in full', async () => {
    const results = await Promise.all(Array.from({ length: 64 }, (_, i) => (i % 2 ? clients[0]!.members() : clients[0]!.event('test.flight', text(String(i))))));
    expect(results.filter(Array.isArray)).toHaveLength(32);
  });

  it('agent errors are typed and keep the agent message', async () => {
    await expect(clients[0]!.stream('no-such-filter:x')).rejects.toBeInstanceOf(SerfAgentError);
    await expect(clients[0]!.respond(999_999, text('x'))).rejects.toThrow(/serf agent refused respond: .+/);
    expect(clients[0]!.connected).toBe(true);
  });

  it('a slow consumer gets an explicit overflow error, not a silent gap', async () => {
    const client = await SerfClient.connect({ address: cluster.agents[0]!.rpcAddress, streamBound: 5 });
    try {
      const stream = await client.stream('user:test.flood');
      for (let i = 0; i < 20; i++) await client.event('test.flood', text(String(i)), { coalesce: false });
      await new Promise((resolve) => setTimeout(resolve, 500));
      const got: string[] = [];
      await expect(
        (async () => {
          for await (const event of stream) if (event.type === 'user') got.push(str(event.payload));
        })(),
      ).rejects.toBeInstanceOf(SerfStreamOverflowError);
      expect(got).toEqual(['0', '1', '2', '3', '4']);
    } finally {
      await client.close();
    }
  });

  it('leave: the agent leaves the cluster gracefully and shuts down; close() never sends it', async () => {
    const single = await startSerfCluster({ size: 1, namePrefix: 'leaver' });
    try {
      const client = await SerfClient.connect({ address: single.agents[0]!.rpcAddress });
      await client.close();
      expect(single.agents[0]!.running).toBe(true);
      const leaver = await SerfClient.connect({ address: single.agents[0]!.rpcAddress });
      await leaver.leave();
      await waitUntil(() => !single.agents[0]!.running, 'the agent to exit', 20_000);
      await leaver.close();
    } finally {
      await single.stop();
    }
  }, 40_000);

  it('join and force-leave', async () => {
    const lonely = await startSerfCluster({ size: 1, namePrefix: 'lonely' });
    const client = await SerfClient.connect({ address: lonely.agents[0]!.rpcAddress });
    try {
      expect(await client.join([cluster.agents[0]!.bindAddress])).toBe(1);
      await waitUntil(async () => (await clients[0]!.members()).some((m) => m.name === 'lonely-0' && m.status === 'alive'), 'the join', 15_000);
      await lonely.agents[0]!.kill();
      await client.close();
      await waitUntil(async () => (await clients[0]!.members()).some((m) => m.name === 'lonely-0' && m.status === 'failed'), 'the failure', 30_000);
      await clients[0]!.forceLeave('lonely-0');
      await waitUntil(async () => (await clients[0]!.members()).some((m) => m.name === 'lonely-0' && m.status === 'left'), 'the force-leave', 15_000);
    } finally {
      await client.close();
      await lonely.stop();
    }
  }, 60_000);

  it('reconnects after the agent restarts, and re-opens its streams', async () => {
    const agent = cluster.agents[2]!;
    const client = await SerfClient.connect({ address: agent.rpcAddress, reconnect: { initialDelayMs: 100, maxDelayMs: 500 } });
    const events: string[] = [];
    client.on('disconnect', () => events.push('disconnect'));
    client.on('reconnect', () => events.push('reconnect'));
    try {
      const stream = await client.stream('user:test.again');
      await agent.kill();
      await waitUntil(() => events.includes('disconnect'), 'disconnect', 15_000);
      await expect(client.members()).rejects.toBeInstanceOf(SerfConnectionError);
      await agent.restart();
      await waitUntil(() => events.includes('reconnect'), 'reconnect', 20_000);
      await cluster.waitForMembers(agent, 3);
      const iterator = stream[Symbol.asyncIterator]();
      const deadline = Date.now() + 15_000;
      let got: SerfStreamEvent | undefined;
      while (!got && Date.now() < deadline) {
        await clients[0]!.event('test.again', text('after'), { coalesce: false });
        got = await Promise.race([iterator.next().then((r) => r.value as SerfStreamEvent), new Promise<undefined>((r) => setTimeout(() => r(undefined), 1000))]);
      }
      expect(got && got.type === 'user' && str(got.payload)).toBe('after');
      expect(events).toEqual(['disconnect', 'reconnect']);
    } finally {
      await client.close();
      clients[2] = await SerfClient.connect({ address: agent.rpcAddress }).catch(() => clients[2]!);
    }
  }, 60_000);
});

describeSerf('SerfClient on an encrypted cluster with RPC auth', () => {
  let cluster: SerfCluster;
  const key = serf && findBinary('serf') ? execFileSync(findBinary('serf')!, ['keygen']).toString().trim() : '';
  beforeAll(async () => {
    cluster = await startSerfCluster({ size: 3, encryptKey: key, rpcAuth: 'sekrit', namePrefix: 'enc' });
  }, 60_000);
  afterAll(async () => {
    await cluster?.stop();
  });

  it('refuses a wrong auth key and accepts the right one', async () => {
    await expect(SerfClient.connect({ address: cluster.agents[0]!.rpcAddress, authKey: 'wrong' })).rejects.toThrow(/Invalid authentication token/);
    const client = await SerfClient.connect({ address: cluster.agents[0]!.rpcAddress, authKey: 'sekrit' });
    expect((await client.members()).length).toBe(3);
    await client.close();
  });

  it('reconnects to a restarted agent with auth: handshake and auth again before any call', async () => {
    const agent = cluster.agents[1]!;
    const client = await SerfClient.connect({ address: agent.rpcAddress, authKey: 'sekrit', reconnect: { initialDelayMs: 100, maxDelayMs: 500 } });
    const events: string[] = [];
    client.on('disconnect', () => events.push('disconnect'));
    client.on('reconnect', () => events.push('reconnect'));
    try {
      await agent.kill();
      await waitUntil(() => events.includes('disconnect'), 'disconnect', 15_000);
      await agent.restart();
      await waitUntil(() => events.includes('reconnect'), 'reconnect', 20_000);
      // The agent answers commands only on an authenticated connection.
      expect((await client.stats()).agent).toMatchObject({ name: expect.stringMatching(/^enc/) as unknown });
      expect(events).toEqual(['disconnect', 'reconnect']);
    } finally {
      await client.close();
    }
  }, 60_000);

  it('install-key, use-key, list-keys, remove-key across the cluster', async () => {
    const client = await SerfClient.connect({ address: cluster.agents[0]!.rpcAddress, authKey: 'sekrit' });
    try {
      const second = execFileSync(findBinary('serf')!, ['keygen']).toString().trim();
      const installed = await client.installKey(second);
      expect(installed).toMatchObject({ numNodes: 3, numResponses: 3, numErrors: 0 });
      expect((await client.listKeys()).keys).toMatchObject({ [key]: 3, [second]: 3 });
      await client.useKey(second);
      const removed = await client.removeKey(key);
      expect(removed.numErrors).toBe(0);
      expect(Object.keys((await client.listKeys()).keys)).toEqual([second]);
      await expect(client.removeKey(second)).rejects.toBeInstanceOf(SerfAgentError);
    } finally {
      await client.close();
    }
  }, 30_000);
});
