/**
 * A Serf agent that hangs (SIGSTOP: its sockets stay open, it answers
 * nothing, no one is told) under two actors (issue 15, safety row 2): each
 * takes a turn only once its own ping came back, so during a stall no new
 * turn starts (only one taken before it may run on), and once the agent
 * runs again two are tagged at once for no more than a gap.
 */
import { Actor } from '@asyncactor/core';
import { SerfClient, serfTransport } from '@asyncactor/serf';
import { delay, measure, waitUntil, type TraceEvent } from '@asyncactor/testing';
import { requireBinary, startSerfCluster, type SerfCluster } from '@asyncactor/testing/servers';

const serf = requireBinary('serf', 'apt-get install -y serf');
const describeSerf = serf ? describe : describe.skip;

const CONFIG = { cycle: 2, gap: 0.4 };
const STALL_SECONDS = 8;

/** Record the tags of `actors` as a trace (seconds since `origin`), for `measure`. */
function traceTags(actors: readonly Actor[], origin: number): TraceEvent[] {
  const trace: TraceEvent[] = [];
  const now = (): number => (Date.now() - origin) / 1000;
  for (const actor of actors) {
    const node = actor.name;
    actor.on('tag', () => trace.push({ t: now(), type: 'tag', node }));
    actor.on('untag', (event) => trace.push({ t: now(), type: 'untag', node, reason: event.reason }));
    actor.on('detag', (event) => trace.push({ t: now(), type: 'detag', node, by: event.node }));
  }
  return trace;
}

describeSerf('a Serf agent stopped with SIGSTOP under two actors', () => {
  let cluster: SerfCluster;
  const clients: SerfClient[] = [];
  beforeAll(async () => {
    cluster = await startSerfCluster({ size: 1, namePrefix: 'stall' });
  }, 60_000);
  afterAll(async () => {
    cluster?.agents[0]?.thaw();
    await Promise.all(clients.map((client) => client.close()));
    await cluster?.stop();
  });

  it(`three stalls of ${STALL_SECONDS} s: no new turn and never two tagged during each, two tagged for at most a gap after`, async () => {
    const agent = cluster.agents[0]!;
    const actors: Actor[] = [];
    for (const name of ['p1', 'p2']) {
      const client = await SerfClient.connect({ address: agent.rpcAddress, timeoutMs: 2000 });
      clients.push(client);
      actors.push(await Actor.start(serfTransport(client, ['actor', 'stall']), name, CONFIG));
    }
    const origin = Date.now();
    const seconds = (): number => (Date.now() - origin) / 1000;
    const trace = traceTags(actors, origin);
    const tags = (from: number, to = Infinity): number => trace.filter((e) => e.type === 'tag' && e.t > from && e.t < to).length;
    for (const actor of actors) {
      actor.setValue(1);
      actor.setReady();
    }
    const figures: string[] = [];
    // The stalled agent's calls time out: error events, counted here (the stall is the test).
    let errors = 0;
    for (const actor of actors) actor.on('error', () => void errors++);
    try {
      await waitUntil(() => tags(0) >= 3, 'the two actors to take turns', 30_000);
      for (let round = 0; round < 3; round++) {
        const stalledAt = seconds();
        agent.freeze();
        // The stall runs its course: the fault under test, not a wait for a result.
        await delay(STALL_SECONDS * 1000);
        agent.thaw();
        const thawedAt = seconds();
        // A turn confirmed just before the stall may start within its first gap; nothing after.
        const during = measure(trace, { config: actors[0]!.config, from: stalledAt, to: thawedAt });
        expect(tags(stalledAt + CONFIG.gap, thawedAt)).toBe(0);
        expect(during.mostTaggedAtOnce).toBeLessThanOrEqual(1);
        expect(during.multiTaggedSeconds).toBe(0);
        await waitUntil(() => tags(thawedAt) >= 2, 'turns again after the stall', 30_000);
        // Then watch a few more cycles.
        await delay(2 * CONFIG.cycle * 1000);
        const after = measure(trace, { config: actors[0]!.config, from: thawedAt, to: seconds() });
        figures.push(`stall ${round + 1}: tags during ${tags(stalledAt, thawedAt)}, 2+ tagged after ${after.multiTaggedSeconds.toFixed(2)} s (first turn ${(trace.find((e) => e.type === 'tag' && e.t > thawedAt)!.t - thawedAt).toFixed(2)} s after)`);
        expect(after.multiTaggedSeconds).toBeLessThanOrEqual(CONFIG.gap);
      }
      expect(actors.reduce((sum, actor) => sum + actor.stats.silentTurns, 0) + actors.reduce((sum, actor) => sum + actor.stats.sendErrors, 0)).toBeGreaterThan(0);
    } finally {
      console.log(`serf agent SIGSTOP ${STALL_SECONDS} s x3 under two actors (cycle ${CONFIG.cycle}, gap ${CONFIG.gap}): ${figures.join('; ')}; ${errors} error events (timed-out calls)`);
      await Promise.all(actors.map((actor) => actor.close()));
    }
  }, 120_000);
});
