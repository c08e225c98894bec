/**
 * A flapping broker (issue 15, liveness): mosquitto killed and restarted 10
 * times, down for 1 to 5 s each time, under three actors (cycle 2 s, gap
 * 0.4 s). Each time the broker has been back for a cycle, a turn must come
 * within `cycle + 2.5 gap` (the protocol's longest gap between turns on a
 * working channel), and never two tagged at once.
 */
import { Actor, cycleTimeMax, makeConfig } from '@asyncactor/core';
import { mqttTransport } from '@asyncactor/mqtt';
import { delay, watchTags } from '@asyncactor/testing';
import { requireBinary } from '@asyncactor/testing/servers';
import { useMosquitto } from './support/mosquitto-suite';

const mosquitto = requireBinary('mosquitto', 'apt-get install -y mosquitto');
const describeWithMosquitto = mosquitto ? describe : describe.skip;

const CONFIG = { cycle: 2, gap: 0.4 };
/** Seconds down per flap: 10 flaps, 1 to 5 s. */
const DOWN = [1, 5, 1, 3, 1, 1, 2, 1, 4, 1];

describeWithMosquitto('a broker that flaps', () => {
  const suite = useMosquitto();

  it('10 flaps of 1-5 s: a turn within cycle + 2.5 gap of each time the broker has been back for a cycle', async () => {
    const names = ['b1', 'b2', 'b3'];
    const actors = await Promise.all(
      names.map(async (name) => {
        const client = await suite.connect({ reconnectPeriod: 200 });
        return Actor.start(mqttTransport(client, ['actor', 'flap']), name, CONFIG);
      }),
    );
    const watcher = watchTags(actors);
    const tagTimes: number[] = [];
    for (const actor of actors) {
      actor.on('tag', () => tagTimes.push(Date.now()));
      actor.setValue(1);
      actor.setReady();
    }
    const bound = cycleTimeMax(makeConfig(CONFIG)) * 1000;
    const late: number[] = [];
    try {
      await watcher.until((w) => w.tags.length >= 3, 'the group to take turns', 20_000);
      for (const seconds of DOWN) {
        await suite.broker.kill();
        // The broker stays down for this long: the fault under test, not a wait for a result.
        await delay(seconds * 1000);
        await suite.broker.restart();
        const backForACycle = Date.now() + CONFIG.cycle * 1000;
        await watcher.until(() => tagTimes.some((t) => t > backForACycle - CONFIG.cycle * 1000) && Date.now() >= backForACycle, 'a turn after the broker came back', 30_000);
        // The first turn after the broker came back, counted from the moment it had been back for a cycle (0 if it came before).
        const first = tagTimes.find((t) => t > backForACycle - CONFIG.cycle * 1000)!;
        late.push(Math.max(0, first - backForACycle));
      }
      console.log(
        `flapping mosquitto (down ${DOWN.join(', ')} s): first turn after the broker had been back for a cycle, per flap ${late.map((ms) => (ms / 1000).toFixed(2)).join(', ')} s; worst ${(Math.max(...late) / 1000).toFixed(2)} s (bound cycle + 2.5 gap = ${(bound / 1000).toFixed(2)} s)`,
      );
    } finally {
      await Promise.all(actors.map((a) => a.close()));
    }
    expect(Math.max(...late)).toBeLessThanOrEqual(bound);
    expect(watcher.mostAtOnce).toBeLessThanOrEqual(1);
  }, 120_000);
});
