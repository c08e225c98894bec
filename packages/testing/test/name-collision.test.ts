/**
 * A newcomer with a running node's name, on the simulated bus: real `Actor`s
 * in virtual time, with latency and jitter. The newcomer fails with
 * `ActorCollisionError`; the running node keeps its name, its turns, and
 * counts the collision. (The same check runs on Mosquitto in
 * `@asyncactor/mqtt` and on Serf in `@asyncactor/serf`.)
 */
import { Actor, ActorCollisionError } from '@asyncactor/core';
import { Bus, createRandom, describeNameCollision, nameCollisionViolations, newcomerTakesRunningName, VirtualClock } from '@asyncactor/testing';

describe('name collision on the bus', () => {
  for (const seed of [1, 2, 3]) {
    it(`the running node wins; the newcomer fails with ActorCollisionError (seed ${seed})`, async () => {
      const clock = new VirtualClock();
      const bus = new Bus({ clock, latency: 0.05, jitter: 0.05, random: createRandom(seed).fn });
      const outcome = await newcomerTakesRunningName({
        create: (name, config) => Actor.create(bus.transport(name), name, config, { clock, random: createRandom(seed + 100).fork().fn }),
        pass: (seconds) => clock.advance(seconds),
      });
      expect(nameCollisionViolations(outcome)).toEqual([]);
      expect(outcome.newcomerDone.error).toBeInstanceOf(ActorCollisionError);
      expect(outcome.turnsAfter).toBeGreaterThanOrEqual(2);
      if (process.env.REPORT_COLLISION) process.stderr.write(`bus seed ${seed}: ${describeNameCollision(outcome)}\n`);
    });
  }
});
