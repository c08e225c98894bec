/**
 * The Serf transport: actors across a real 3-agent cluster, the compliance
 * suite, the event size limit, and an agent restart under a running actor.
 */
import { Actor, ActorCollisionError, PayloadTooLargeError } from '@asyncactor/core';
import { SERF_EVENT_ENCODING_OVERHEAD, SerfClient, serfTransport } from '@asyncactor/serf';
import { rotateUntilEveryoneTagged, waitUntil, watchTags } from '@asyncactor/testing';
import { requireBinary, startSerfCluster, type SerfCluster } from '@asyncactor/testing/servers';
import { transportCompliance } from '@asyncactor/testing/compliance';

const serf = requireBinary('serf', 'apt-get install -y serf');
const describeSerf = serf ? describe : describe.skip;

describeSerf('Serf transport on a 3-agent cluster', () => {
  let cluster: SerfCluster;
  const clients: SerfClient[] = [];
  const client = async (agent: number, reconnect = false): Promise<SerfClient> => {
    const c = await SerfClient.connect({ address: cluster.agents[agent]!.rpcAddress, timeoutMs: 2000, ...(reconnect ? { reconnect: { initialDelayMs: 100, maxDelayMs: 500 } } : {}) });
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    cluster = await startSerfCluster({ size: 3, namePrefix: 'tr' });
  }, 60_000);
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await cluster?.stop();
  });

  it('refuses a payload over the 512-byte event limit before sending, naming the limit', async () => {
    const transport = serfTransport(await client(0), ['actor', 'limit']);
    await transport.open(() => undefined);
    const largest = 512 - 'actor.limit'.length - SERF_EVENT_ENCODING_OVERHEAD;
    expect(transport.maxPayloadBytes).toBe(largest);
    // The agent itself accepts the largest payload we offer.
    await expect(transport.send(new Uint8Array(largest))).resolves.toBeUndefined();
    await expect(transport.send(new Uint8Array(600))).rejects.toBeInstanceOf(PayloadTooLargeError);
    await expect(transport.send(new Uint8Array(600))).rejects.toThrow(/512 bytes/);
    await transport.close();
  });

  it('sends on the user event named by the prefix joined with dots, never coalesced, the payload unchanged', async () => {
    const watcher = await client(1);
    // Only this event's name: the agents gossip the earlier tests' events too, and one can arrive late.
    const stream = await watcher.stream('user:actor.naming.x');
    const transport = serfTransport(await client(0), ['actor', 'naming', 'x']);
    const own: Uint8Array[] = [];
    await transport.open((event) => {
      if (event.type === 'message') own.push(event.payload);
    });
    const payload = Uint8Array.from([0x81, 0xa1, 0x74, 0xa4, 0x69, 0x6e, 0x69, 0x74]);
    await transport.send(payload);
    const iterator = stream[Symbol.asyncIterator]();
    const seen = await iterator.next();
    expect(seen.value).toMatchObject({ type: 'user', name: 'actor.naming.x', coalesce: false });
    expect(Buffer.from((seen.value as { payload: Uint8Array }).payload)).toEqual(Buffer.from(payload));
    await waitUntil(() => own.length === 1, 'the own echo', 5000);
    expect(transport.description).toBe('serf:actor.naming.x');
    await stream.stop();
    await transport.close();
  });

  // Serf gossips user events every 200 ms, so the gap must be well above that.
  it('5 actors across the 3 agents: everyone gets tagged, never two at once', async () => {
    const names = ['a1', 'a2', 'a3', 'a4', 'a5'];
    const actors = await Promise.all(
      names.map(async (name, i) => Actor.start(serfTransport(await client(i % 3), ['actor', 'rotate']), name, { cycle: 2, gap: 0.6, nHosts: 5 })),
    );
    // Until every one of 5 has had a turn: 15 s (median) and up to 46 s in
    // simulation (this config, seeds 1-3000), so the wait allows 80 s.
    const watcher = await rotateUntilEveryoneTagged(actors, 80_000);
    expect(watcher.mostAtOnce).toBe(1);
  }, 100_000);

  it('client.close() under a running actor: the transport reports closed, and the actor closes instead of tagging itself', async () => {
    const own = await SerfClient.connect({ address: cluster.agents[0]!.rpcAddress, timeoutMs: 2000 });
    const transport = serfTransport(own, ['actor', 'closed-under']);
    const actor = await Actor.start(transport, 'orphan', { cycle: 2, gap: 0.6, nHosts: 1 });
    const errors: Error[] = [];
    actor.on('error', (event) => errors.push(event.error));
    let tags = 0;
    actor.on('tag', () => tags++);
    actor.setValue(1);
    actor.setReady();
    try {
      await waitUntil(() => tags > 0, 'the lone actor to be tagged', 10_000);
      await own.close();
      const closedAt = tags;
      await waitUntil(() => actor.closed, 'the actor to close after its client did', 5000).catch((error: Error) => {
        throw new Error(`${error.message}: closed=${actor.closed}, ${tags - closedAt} tags since, errors ${errors.map(String).join('; ')}`);
      });
      expect(tags).toBe(closedAt);
      expect(actor.tagged).toBe(false);
      expect(errors.map(String).join('\n')).toMatch(/serf client was closed under the transport/);
    } finally {
      await actor.close();
    }
  }, 30_000);

  it('an actor survives a restart of its agent', async () => {
    // Timing as everywhere on Serf: a gap well above its gossip latency. (With
    // gap 0.1 s each node's ping reached the other within its pending time,
    // so both pinged every cycle and neither was ever tagged.)
    const timing = { cycle: 2, gap: 0.6, nHosts: 2 };
    const agent = cluster.agents[1]!;
    const otherTransport = serfTransport(await client(0), ['actor', 'restart']);
    const other = await Actor.start(otherTransport, 'steady', timing);
    const victimTransport = serfTransport(await client(1, true), ['actor', 'restart']);
    const victim = await Actor.start(victimTransport, 'phoenix', timing);
    const seen: string[] = [];
    victim.on('disconnected', () => seen.push('disconnected'));
    victim.on('reconnected', () => seen.push('reconnected'));

    let victimTags = 0;
    victim.on('tag', () => victimTags++);
    for (const actor of [other, victim]) {
      actor.setValue(1);
      actor.setReady();
    }
    try {
      await agent.kill();
      await waitUntil(() => seen.includes('disconnected'), 'the actor to see the outage', 10_000);
      await agent.restart();
      await waitUntil(() => seen.includes('reconnected'), 'the actor to reconnect', 30_000);
      await cluster.waitForMembers(agent, 3);
      const before = victimTags;
      await waitUntil(() => victimTags > before, 'a tag after the restart', 40_000).catch((error: Error) => {
        throw new Error(`${error.message}: phoenix (closed: ${victim.closed}) saw ${victim.history.join(' ')} (late replays dropped ${victimTransport.stats.lateDropped}, ${JSON.stringify(victim.stats.received)}), steady saw ${other.history.join(' ')} (late replays dropped ${otherTransport.stats.lateDropped}); phoenix ${JSON.stringify(victim.stats)}; steady ${JSON.stringify(other.stats)}`);
      });
      expect(victim.closed).toBe(false);
      expect(victim.stats.dropped).toMatchObject({ malformed: 0 });
    } finally {
      await Promise.all([other.close(), victim.close()]);
    }
  }, 90_000);

  it('kill -9 of the agent under the tagged actor: an actor on another agent takes over within cycle + gap, and the victim rejoins', async () => {
    const cycle = 2;
    const gap = 0.6;
    const agent = cluster.agents[2]!;
    const options = { cycle, gap, nHosts: 3 };
    const steady = await Promise.all([0, 1].map(async (i) => Actor.start(serfTransport(await client(i), ['actor', 'crash']), `steady${i}`, options)));
    const victim = await Actor.start(serfTransport(await client(2, true), ['actor', 'crash']), 'victim', options);
    const actors = [...steady, victim];
    const collisions: Error[] = [];
    victim.on('error', (event) => event.error instanceof ActorCollisionError && collisions.push(event.error));
    const watcher = watchTags(actors);
    for (const actor of actors) {
      actor.setValue(1);
      actor.setReady();
    }
    try {
      await watcher.until((w) => w.tagged.has('victim'), 'the victim to be tagged', 30_000);
      const killedAt = Date.now();
      const before = watcher.tags.length;
      await agent.kill();
      await waitUntil(() => !victim.tagged, 'the victim to lose its tag', 5000);
      await watcher.until((w) => w.tags.slice(before).some((name) => name !== 'victim'), 'another actor to take over', 10_000);
      const takeover = (Date.now() - killedAt) / 1000;
      if (process.env.REPORT_TAKEOVER) process.stderr.write(`serf takeover after ${takeover.toFixed(3)} s\n`);
      // cycle + gap, plus Serf's gossip interval (200 ms) and scheduling slack.
      expect(takeover).toBeLessThanOrEqual(cycle + gap + 0.5);

      await agent.restart();
      await cluster.waitForMembers(agent, 3);
      const rejoin = watcher.tags.length;
      await watcher.until((w) => w.tags.slice(rejoin).includes('victim'), 'the victim to be tagged again', 40_000);
      expect(victim.closed).toBe(false);
      expect(collisions).toEqual([]);
      expect(watcher.mostAtOnce).toBe(1);
    } finally {
      await Promise.all(actors.map((a) => a.close()));
    }
  }, 90_000);
});

if (serf) {
  let cluster: SerfCluster | undefined;
  transportCompliance(
    'Serf (2 agents)',
    async () => {
      cluster ??= await startSerfCluster({ size: 2, namePrefix: 'comp' });
      const [a, b] = await Promise.all(cluster.agents.map((agent) => SerfClient.connect({ address: agent.rpcAddress })));
      const topic = ['compliance', String(Math.random()).slice(2, 8)];
      return {
        transports: [serfTransport(a!, topic), serfTransport(b!, topic)],
        teardown: async () => {
          await Promise.all([a!.close(), b!.close()]);
        },
      };
    },
    // Serf's gossip may reorder the events of one sender.
    { deliveryTimeoutMs: 10_000, ordering: 'none' },
  );
  afterAll(async () => {
    await cluster?.stop();
  });
}
