import { Actor, systemClock } from '@asyncactor/core';
import { Bus, createRandom, VirtualClock, watchTags } from '@asyncactor/testing';

const names = ['a', 'b', 'c', 'd'];

describe('real Actors on the bus', () => {
  it('in virtual time: they start, take turns, and never overlap, in 40 simulated cycles', async () => {
    const clock = new VirtualClock();
    const bus = new Bus({ clock, latency: 0.05, jitter: 0.05, random: createRandom(1).fn });
    const starting = Promise.all(names.map((name, i) => Actor.start(bus.transport(name), name, { nHosts: 4 }, { clock, random: createRandom(10 + i).fn })));
    await clock.advance(1);
    const actors = await starting;
    const watch = watchTags(actors);
    for (const actor of actors) {
      actor.setValue(1);
      actor.setReady();
    }
    await clock.advance(400);
    expect(watch.mostAtOnce).toBe(1);
    expect(watch.tags.length).toBeGreaterThan(30);
    expect(watch.everTagged.size).toBeGreaterThanOrEqual(3);
    await Promise.all(actors.map((actor) => actor.close()));
    expect(clock.pending).toBe(0);
  });

  it('in real time (systemClock): an application can run its own actors on it', async () => {
    const bus = new Bus({ clock: systemClock, latency: 0.002 });
    const config = { cycle: 0.3, gap: 0.05, nHosts: 3 };
    const actors = await Promise.all(names.slice(0, 3).map((name) => Actor.start(bus.transport(name), name, config)));
    try {
      const watch = watchTags(actors);
      for (const actor of actors) {
        actor.setValue(1);
        actor.setReady();
      }
      await watch.until((w) => w.tags.length >= 2, 'two tags', 10_000);
    } finally {
      await Promise.all(actors.map((actor) => actor.close()));
    }
  });
});
