/**
 * A real network partition between Serf agents: four test hosts in network
 * namespaces, an agent on each, two actors per agent. The link between the
 * two halves goes down for more than 10 cycles, then comes back.
 */
import { Actor, type HistoryMessage, type Message, type PingMessage } from '@asyncactor/core';
import { SerfClient, serfTransport, type SerfTransport } from '@asyncactor/serf';
import {
  comparedEntries,
  delay,
  longestGapWithin,
  waitUntil,
  watchTags,
} from '@asyncactor/testing';
import {
  createTestNetwork,
  requireBinary,
  requireNetworkNamespaces,
  startSerfCluster,
  type SerfCluster,
  type TestNetwork,
} from '@asyncactor/testing/servers';

const serf = requireBinary('serf', 'apt-get install -y serf');

/** The periods in which two or more of `actors` were tagged at once; `after(t)` sums them from wall time `t` (ms) on, one still open included. */
function watchOverlaps(actors: readonly Actor[]): { after(from: number): number } {
  const tagged = new Set<string>();
  const periods: { from: number; to: number }[] = [];
  let since: number | undefined;
  const update = (): void => {
    if (tagged.size >= 2 && since === undefined) since = Date.now();
    if (tagged.size < 2 && since !== undefined) {
      periods.push({ from: since, to: Date.now() });
      since = undefined;
    }
  };
  for (const actor of actors) {
    actor.on('tag', () => (tagged.add(actor.name), update()));
    actor.on('untag', () => (tagged.delete(actor.name), update()));
    actor.on('detag', () => (tagged.delete(actor.name), update()));
  }
  return {
    after: (from) => [...periods, ...(since === undefined ? [] : [{ from: since, to: Date.now() }])].reduce((sum, period) => sum + Math.max(0, period.to - Math.max(period.from, from)), 0),
  };
}
const netns = requireNetworkNamespaces();

/** Whether `message` carries a chain (a ping or `hist`). */
function isChainMessage(message: Message): message is PingMessage | HistoryMessage {
  return message.type === 'ping' || message.type === 'history';
}

const CYCLE = 2;
const GAP = 0.6;
/**
 * How long the halves stay apart: well beyond the fragment window (`nodes + 3` cycles, 16 s here),
 * so that a side's first messages after the heal are a healed split's, not a lost ping's. At
 * 12 cycles (24 s) Serf's replay of missed events at the heal sometimes made the other side's
 * members count as heard lately, and one side had no RecoverEvent.
 */
const SPLIT_CYCLES = 20;
/**
 * The longest a half may take to re-form after the cut, in cycles: the half that does not hold the
 * chain's oldest entries waits a cycle more, or for its last resort (measured: up to 10.7 s, about
 * 5 cycles, in 1 of 4 runs at 2026-12-02; up to 13.3 s, including Serf's failure detection, in 1 of
 * 11 runs at 2026-12-03). The test counts the tags of the whole split, so a half that re-forms a
 * cycle later than this still passes if it rotates from then on.
 */
const REFORM_CYCLES = 6;
/**
 * From Serf seeing every member alive again to one chain, at most, in cycles. The protocol's goal is 3;
 * simulated at this test's timing (`healAtSerfTiming` of @asyncactor/testing, seeds 1–400) 6 heals
 * take longer, the worst 9.4 s after the heal (4.7 cycles), when the two sides swap chains.
 */
const ONE_CHAIN_CYCLES = 5;
/** `hist` re-announcements per side at the heal, at most: one is the goal, 24 of 400 simulated heals send two, none three. */
const MOST_HIST_PER_SIDE = 2;
const ACTORS_PER_AGENT = 2;

(serf && netns ? describe : describe.skip)('a network partition between real Serf agents', () => {
  let network: TestNetwork | undefined;
  let cluster: SerfCluster | undefined;
  const clients: SerfClient[] = [];
  const actors: Actor[] = [];
  const transports: SerfTransport[] = [];
  const observers: Actor[] = [];

  beforeAll(async () => {
    network = await createTestNetwork({ groups: [2, 2] });
    cluster = await startSerfCluster({ network, namePrefix: 'part', reconnectInterval: '1s' });
  }, 60_000);
  afterAll(async () => {
    await Promise.all(actors.map((actor) => actor.close()));
    await Promise.all(observers.map((actor) => actor.close()));
    await Promise.all(clients.map((client) => client.close()));
    await cluster?.stop();
    await network?.destroy();
  });

  it('both halves rotate on their own, and after the heal they recover into one chain', async () => {
    const hosts = network!.hosts;
    const sideOf = new Map<string, number>();
    for (const [index, agent] of cluster!.agents.entries()) {
      const client = await SerfClient.connect({ address: agent.rpcAddress, timeoutMs: 3000 });
      clients.push(client);
      for (let k = 0; k < ACTORS_PER_AGENT; k++) {
        const name = `h${index}a${k}`;
        sideOf.set(name, hosts[index]!.group);
        const transport = serfTransport(client, ['actor', 'partition']);
        transports.push(transport);
        actors.push(await Actor.start(transport, name, { cycle: CYCLE, gap: GAP, nHosts: hosts.length * ACTORS_PER_AGENT }, { rawMessages: true }));
      }
    }
    const describeHistories = (): string => actors.map((actor) => `${actor.name}: ${actor.history.join(' ')}`).join('\n');
    const sides = [0, 1].map((side) => actors.filter((actor) => sideOf.get(actor.name) === side));
    const recoveredAfterHeal = new Set<string>();
    let healed = false;
    let healedAt = 0;
    // Whether an actor of each side received the other side's chain (a ping or hist naming only its
    // members) from the heal until two cycles after the group was one chain again: the losing side
    // follows the winning chain at once, and its re-announcement comes up to three gaps later. (The
    // merged rotation takes more than `splits` turns to name only one side's members again.)
    const heardRivalChain = [false, false];
    let rivalWindowEnd = Infinity;
    for (const actor of actors) {
      const side = sideOf.get(actor.name)!;
      actor.on('raw', ({ message }) => {
        if (!healed || Date.now() > rivalWindowEnd || !isChainMessage(message)) return;
        if (message.history.every((name) => sideOf.get(name) === 1 - side)) heardRivalChain[side] = true;
      });
    }
    // A silent observer on each agent logs every ping and hist it hears after the heal, for the report.
    const histLog: string[] = [];
    // And every one it hears before the heal, for the report of a half that was slow to re-form.
    const beforeHeal: { readonly at: number; readonly line: string }[] = [];
    for (const [index, client] of clients.entries()) {
      const observer = await Actor.start(serfTransport(client, ['actor', 'partition']), `observer${index}`, {}, { silent: true, rawMessages: true });
      observer.on('raw', ({ message }) => {
        if (!isChainMessage(message)) return;
        const line = `at h${index}: ${message.type} ${message.history.join(' ')}`;
        if (healed) histLog.push(`${((Date.now() - healedAt) / 1000).toFixed(3)} ${line}`);
        else beforeHeal.push({ at: Date.now(), line });
      });
      observers.push(observer);
    }
    const recoverLog: string[] = [];
    for (const actor of actors) {
      actor.on('recover', (event) => {
        if (healed) recoveredAfterHeal.add(actor.name);
        recoverLog.push(`${((Date.now() - healedAt) / 1000).toFixed(2)} ${actor.name} local=${event.localNodes.join(' ')} remote=${event.remoteNodes.join(' ')} replaced=${event.replaced}`);
      });
    }
    const watcher = watchTags(actors);
    const overlaps = watchOverlaps(actors);
    for (const actor of actors) {
      actor.setValue(1);
      actor.setReady();
    }
    await watcher.until((w) => w.everTagged.size >= 3, 'the group to start rotating', 30_000);
    expect(watcher.mostAtOnce).toBe(1);

    // Split.
    const tagTimes = sides.map(() => [] as number[]);
    for (const [index, side] of sides.entries()) for (const actor of side) actor.on('tag', () => tagTimes[index]!.push(Date.now()));
    const historiesAtCut = describeHistories();
    await network!.split();
    const splitAt = Date.now();
    const splitTags = watcher.tags.length;
    await delay(SPLIT_CYCLES * CYCLE * 1000);
    const duringSplit = watcher.tags.slice(splitTags);
    // Serf reports the other half's members failed: every transport told its actor `peersLost`.
    expect(transports.map((transport) => transport.stats.peersLost).every((count) => count > 0)).toBe(true);
    const splitEnd = Date.now();
    const longestGaps = tagTimes.map((times) => longestGapWithin(times, splitAt, splitEnd) / 1000);
    process.stderr.write(`partition: longest gap between tags in each half during the split: ${longestGaps.map((g) => `${g.toFixed(2)} s`).join(', ')}; peersLost hints per transport: ${transports.map((t) => t.stats.peersLost).join(' ')}\n`);
    const tagsPerSide = sides.map((side) => {
      const names = new Set(side.map((actor) => actor.name));
      return duringSplit.filter((name) => names.has(name));
    });
    const minimumTags = (SPLIT_CYCLES - REFORM_CYCLES) / 2;
    // How each half re-formed, printed with REPORT_PARTITION and whenever the checks below fail.
    if (process.env.REPORT_PARTITION || tagsPerSide.some((tags) => tags.length < minimumTags || new Set(tags).size < 2)) {
      const sinceCut = (at: number): string => ((at - splitAt) / 1000).toFixed(3);
      const tagLines = tagTimes.map((times, index) => `side ${index}: tags at ${times.filter((t) => t >= splitAt).map(sinceCut).join(' ')} s after the cut`);
      const heard = beforeHeal.filter(({ at }) => at >= splitAt).map(({ at, line }) => `${sinceCut(at)} ${line}`);
      process.stderr.write(`histories at the cut:\n${historiesAtCut}\n${tagLines.join('\n')}\npings and hist heard during the split:\n${heard.join('\n')}\n`);
    }
    for (const tags of tagsPerSide) {
      // Each half rotates by itself: once re-formed, tags keep coming (one per two cycles at least), and from more than one node.
      expect(tags.length).toBeGreaterThanOrEqual(minimumTags);
      expect(new Set(tags).size).toBeGreaterThanOrEqual(2);
    }

    // Heal.
    const historiesAtHeal = describeHistories();
    const histBefore = sides.map((side) => side.reduce((sum, actor) => sum + actor.stats.sent.history - actor.stats.historyReminders, 0));
    healed = true;
    healedAt = Date.now();
    await network!.heal();
    // The channel is back when every agent sees every other one alive again:
    // Serf's reconnect interval (1 s) and gossip take that long, and more
    // on a loaded machine. The protocol's clock starts there.
    const everyoneAlive = async (): Promise<boolean> => {
      const views = await Promise.all(clients.map((client) => client.members()));
      return views.every((members) => members.filter((member) => member.status === 'alive').length === clients.length);
    };
    let serfHealedAt = 0;
    const watchSerf = (async () => {
      while (!(await everyoneAlive().catch(() => true))) await delay(20);
      serfHealedAt = Date.now();
    })();
    // One chain: a moment when every actor agrees on the newest entries: as many as a ping carries, or
    // as the shortest history holds (a recovered chain starts short and grows
    // back as the rotation goes on), and at least two.
    const entries = comparedEntries(actors[0]!.config);
    const oneChain = (): boolean => {
      const length = Math.min(entries, ...actors.map((actor) => actor.history.length));
      if (length < 2) return false;
      const reference = actors[0]!.history.slice(0, length).join(',');
      return actors.every((actor) => actor.history.slice(0, length).join(',') === reference);
    };
    await waitUntil(oneChain, 'one chain after the heal', ONE_CHAIN_CYCLES * CYCLE * 1000 + 5000, 10).catch((error: Error) => {
      throw new Error(`${error.message}; histories:\n${describeHistories()}`);
    });
    const oneChainAt = Date.now();
    rivalWindowEnd = oneChainAt + 2 * CYCLE * 1000;
    await watchSerf;
    const serfReconnect = (serfHealedAt - healedAt) / 1000;
    const convergence = (oneChainAt - Math.min(serfHealedAt, oneChainAt)) / 1000;
    if (process.env.REPORT_PARTITION) {
      const fromLink = (oneChainAt - healedAt) / 1000;
      process.stderr.write(`serf reconnected ${serfReconnect.toFixed(2)} s after the link came back; one chain ${fromLink.toFixed(2)} s after the link (${convergence.toFixed(2)} s after Serf):\n${describeHistories()}\n`);
    }
    // The bound the simulation holds, not the goal of 3 cycles (see ONE_CHAIN_CYCLES); the figure is printed below.
    expect(convergence).toBeLessThanOrEqual(ONE_CHAIN_CYCLES * CYCLE);

    // From here on the group is one again: one tagged at a time, and the
    // rotation goes on. (Entries behind the newest few may still differ
    // between nodes for a while; the rotation rewrites them.)
    const settled = watchTags(actors);
    await delay(3 * CYCLE * 1000);
    // Time with two or more tagged once Serf reported every member alive:
    // the transports tell the actors the peers came back (peersReturned),
    // and each chain's newest node re-announces its chain at once.
    const twoTagged = overlaps.after(serfHealedAt) / 1000;
    const hints = transports.map((transport) => transport.stats.peersReturned);
    const fromLink = `${(overlaps.after(healedAt) / 1000).toFixed(3)} s after the link came back, one chain ${((oneChainAt - healedAt) / 1000).toFixed(2)} s after it`;
    process.stderr.write(`partition: 2+ tagged for ${twoTagged.toFixed(3)} s after Serf reported every member alive (${serfReconnect.toFixed(2)} s after the link; ${fromLink}); peersReturned hints per transport: ${hints.join(' ')}\n`);
    expect(hints.every((count) => count > 0)).toBe(true);
    expect(twoTagged).toBeLessThanOrEqual(1);
    expect(settled.mostAtOnce).toBeLessThanOrEqual(1);
    expect(settled.tags.length).toBeGreaterThanOrEqual(2);
    // When the halves meet, Serf replays every user event each side missed;
    // the transports drop those (most of all: a ping of the other side
    // stamped later than anything this side saw still gets through).
    const lateDropped = transports.reduce((sum, transport) => sum + transport.stats.lateDropped, 0);
    expect(lateDropped).toBeGreaterThan(0);
    // Re-announcements only: a late crossing after the heal may also make a node repeat its chain as a `hist` (a reminder).
    const histPerSide = sides.map((side, index) => side.reduce((sum, actor) => sum + actor.stats.sent.history - actor.stats.historyReminders, 0) - histBefore[index]!);
    const recoveredSides = sides.map((side) => side.some((actor) => recoveredAfterHeal.has(actor.name)));
    // What the heal looked like, printed with REPORT_PARTITION and whenever the last checks fail (a failure in CI tells why).
    process.stderr.write(`partition: hist per side after the heal: ${histPerSide.join(', ')}; one chain ${convergence.toFixed(2)} s after Serf reported every member alive\n`);
    if (process.env.REPORT_PARTITION || !recoveredSides.every(Boolean) || !heardRivalChain.every(Boolean) || histPerSide.some((count) => count > 1)) {
      process.stderr.write(`partition: late replays dropped: ${transports.map((t) => t.stats.lateDropped).join(' ')}\nhistories at the heal:\n${historiesAtHeal}\nRecoverEvents (s after the heal):\n${recoverLog.join('\n')}\n`);
      for (const [index, side] of sides.entries()) {
        const recovered = side.filter((actor) => recoveredAfterHeal.has(actor.name)).map((actor) => actor.name);
        process.stderr.write(`side ${index}: ${histPerSide[index]} hist, RecoverEvents on ${recovered.join(' ') || 'none'}\n`);
      }
      const counts = actors.map(({ name, stats }) => `${name}: collisions ${stats.collisions}, stale ${stats.stale}, recoveries ${stats.recoveries}, hist sent ${stats.sent.history} (reminders ${stats.historyReminders})`);
      process.stderr.write(`${counts.join('\n')}\npings and hist heard after the heal:\n${histLog.join('\n')}\n`);
    }
    // Every side that heard the other side's chain reports the heal, and at least one side always does.
    // A side hears it from the other side's re-announcement or replays (a side whose chain won may
    // hear nothing else: the losing side follows its chain at once). A side that received none of
    // those cannot know; the report says so (the serf README's note on heals without `recover`).
    for (const [index, heard] of heardRivalChain.entries()) {
      if (!heard) process.stderr.write(`partition: no actor of side ${index} received the other side's chain after the heal (its transports dropped it as late, or none was sent)\n`);
    }
    expect(recoveredSides.some(Boolean)).toBe(true);
    for (const index of sides.keys()) {
      if (heardRivalChain[index]) expect(recoveredSides[index]).toBe(true);
      // A second when a side's newest node hears the rival chain (or the hint) while a newer ping of its chain is on its way to it.
      expect(histPerSide[index]).toBeLessThanOrEqual(MOST_HIST_PER_SIDE);
    }
  }, 120_000);
});
