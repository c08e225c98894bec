/**
 * A broker that hangs (mosquitto stopped with SIGSTOP: the TCP connections
 * stay open, nothing is delivered, no client notices) must not make several
 * actors "it": each takes a turn only once its own ping came back.
 */
import { Actor } from '@asyncactor/core';
import { connect, mqttTransport } from '@asyncactor/mqtt';
import { delay, waitUntil, watchTags } from '@asyncactor/testing';
import { requireBinary, startMosquitto, type RunningMosquitto } from '@asyncactor/testing/servers';
import type { MqttClient } from 'mqtt';

const mosquitto = requireBinary('mosquitto', 'apt-get install -y mosquitto');
const describeWithMosquitto = mosquitto ? describe : describe.skip;

describeWithMosquitto('mosquitto stopped with SIGSTOP under five actors', () => {
  let broker: RunningMosquitto;
  const clients: MqttClient[] = [];

  beforeAll(async () => {
    broker = await startMosquitto();
  });
  afterAll(async () => {
    broker.thaw();
    await Promise.all(clients.map((c) => c.endAsync(true)));
    await broker.stop();
  });

  it('three stalls of 6 s: at most one tagged during each, and turns again after', async () => {
    const names = ['s1', 's2', 's3', 's4', 's5'];
    const actors = await Promise.all(
      names.map(async (name) => {
        const client = await connect(broker.url, { reconnectPeriod: 200 });
        clients.push(client);
        return Actor.start(mqttTransport(client, ['actor', 'stall']), name, { cycle: 1, gap: 0.25, nHosts: 5 });
      }),
    );
    const watcher = watchTags(actors);
    for (const actor of actors) {
      actor.setValue(1);
      actor.setReady();
    }
    try {
      await watcher.until((w) => w.tags.length >= 3, 'the group to take turns', 20_000);
      for (let round = 0; round < 3; round++) {
        let mostDuring = watcher.tagged.size;
        const onTag = (): void => {
          mostDuring = Math.max(mostDuring, watcher.tagged.size);
        };
        const off = actors.map((actor) => actor.on('tag', onTag));
        const tagsBefore = watcher.tags.length;
        broker.freeze();
        // Watch the stall run its course (this is the fault under test, not a wait for a result).
        await delay(6_000);
        broker.thaw();
        for (const remove of off) remove();
        // A turn confirmed just before the stall may still start in its first gap; nothing more.
        expect(mostDuring).toBeLessThanOrEqual(1);
        expect(watcher.tags.length - tagsBefore).toBeLessThanOrEqual(1);
        const resumedAt = watcher.tags.length;
        await waitUntil(() => watcher.tags.length > resumedAt, 'a turn after the stall', 15_000);
      }
      expect(actors.reduce((sum, a) => sum + a.stats.silentTurns, 0)).toBeGreaterThan(0);
    } finally {
      await Promise.all(actors.map((a) => a.close()));
    }
    expect(watcher.mostAtOnce).toBeLessThanOrEqual(1);
  }, 90_000);
});
