/**
 * A newcomer with a running node's name, on a real Mosquitto broker on
 * loopback, each actor on its own MQTT connection: the newcomer fails with
 * `ActorCollisionError`, the running node keeps going and counts it.
 * Skips loudly without mosquitto; fails instead under CI=true.
 */
import { Actor } from '@asyncactor/core';
import { connect, mqttTransport } from '@asyncactor/mqtt';
import { delay, describeNameCollision, nameCollisionViolations, newcomerTakesRunningName } from '@asyncactor/testing';
import { requireBinary, startMosquitto, type RunningMosquitto } from '@asyncactor/testing/servers';
import type { MqttClient } from 'mqtt';

const mosquittoBinary = requireBinary('mosquitto', 'apt-get install -y mosquitto');
const describeMosquitto = mosquittoBinary ? describe : describe.skip;

describeMosquitto('name collision on mosquitto', () => {
  let mosquitto: RunningMosquitto;
  const clients: MqttClient[] = [];
  beforeAll(async () => {
    mosquitto = await startMosquitto();
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.endAsync()));
    await mosquitto?.stop();
  });

  it('the running node wins; the newcomer fails with ActorCollisionError', async () => {
    const topic = ['collision', String(Math.random()).slice(2, 8)];
    const outcome = await newcomerTakesRunningName({
      create: async (name, config) => {
        const client = await connect(mosquitto.url);
        clients.push(client);
        return Actor.create(mqttTransport(client, topic), name, config);
      },
      pass: (seconds) => delay(seconds * 1000),
    });
    if (process.env.REPORT_COLLISION) process.stderr.write(`mosquitto: ${describeNameCollision(outcome)}\n`);
    expect(nameCollisionViolations(outcome)).toEqual([]);
  }, 30_000);
});
