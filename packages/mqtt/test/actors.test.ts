/**
 * Actors on the MQTT transport: the compliance suite on both brokers,
 * garbage on the topic, QoS 1 and MQTT 5, and a broker outage under
 * running actors.
 */
import { Actor, type ActorEvent } from '@asyncactor/core';
import { connect, mqttTransport } from '@asyncactor/mqtt';
import { waitUntil } from '@asyncactor/testing';
import { requireBinary, startAedes, startMosquitto, type EmbeddedBroker, type RunningMosquitto } from '@asyncactor/testing/servers';
import { transportCompliance } from '@asyncactor/testing/compliance';
import type { MqttClient } from 'mqtt';

const mosquittoBinary = requireBinary('mosquitto', 'apt-get install -y mosquitto');

let aedes: EmbeddedBroker | undefined;
transportCompliance('MQTT on aedes, with a 4 KiB payload limit', async () => {
  aedes ??= await startAedes();
  const [a, b] = await Promise.all([connect(aedes.url), connect(aedes.url)]);
  const topic = ['compliance', String(Math.random()).slice(2, 8)];
  const limit = { maxPayloadBytes: 4096 };
  return { transports: [mqttTransport(a, topic, limit), mqttTransport(b, topic, limit)], teardown: async () => void (await Promise.all([a.endAsync(), b.endAsync()])) };
});
afterAll(async () => {
  await aedes?.close();
});

if (mosquittoBinary) {
  let mosquitto: RunningMosquitto | undefined;
  transportCompliance('MQTT 5, QoS 1, on mosquitto', async () => {
    mosquitto ??= await startMosquitto();
    const [a, b] = await Promise.all([connect(mosquitto.url, { protocolVersion: 5 }), connect(mosquitto.url, { protocolVersion: 5 })]);
    const topic = ['compliance', String(Math.random()).slice(2, 8)];
    return {
      transports: [mqttTransport(a, topic, { qos: 1 }), mqttTransport(b, topic, { qos: 1 })],
      teardown: async () => void (await Promise.all([a.endAsync(), b.endAsync()])),
    };
  });
  afterAll(async () => {
    await mosquitto?.stop();
  });
}

describe('actors on MQTT', () => {
  let broker: EmbeddedBroker;
  const clients: MqttClient[] = [];
  beforeAll(async () => {
    broker = await startAedes();
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.endAsync(true)));
    await broker.close();
  });

  it('garbage published on the topic by a raw client is counted and dropped; the actor runs on', async () => {
    const client = await connect(broker.url);
    clients.push(client);
    const actor = await Actor.start(mqttTransport(client, ['garbage', 'test']), 'victim', { cycle: 1, gap: 0.1 });
    const raw = await connect(broker.url);
    clients.push(raw);
    await raw.publishAsync('garbage/test', Buffer.from([0xc1, 0xff, 0x00]));
    await raw.publishAsync('garbage/test', Buffer.from('{"t":"ping"}'));
    await raw.publishAsync('garbage/test', Buffer.from([0x81, 0xa1, 0x74, 0xa3, 0x62, 0x61, 0x64]));
    await waitUntil(() => Object.values(actor.stats.dropped).reduce((a, b) => a + b, 0) >= 3, 'the drops to be counted', 15_000);
    expect(actor.stats.dropped).toMatchObject({ 'unknown-type': 1 });
    expect(actor.closed).toBe(false);
    await actor.close();
  });
});

(mosquittoBinary ? describe : describe.skip)('actors through a Mosquitto outage', () => {
  it('tagged actors are untagged at once when the broker dies, and the group carries on when it is back', async () => {
    const mosquitto = await startMosquitto();
    const clients = await Promise.all([1, 2, 3].map(() => connect(mosquitto.url, { reconnectPeriod: 200 })));
    const actors = await Promise.all(clients.map((c, i) => Actor.start(mqttTransport(c, ['outage', 'test']), `n${i}`, { cycle: 0.6, gap: 0.1, nHosts: 3 })));
    const events: { node: string; event: ActorEvent }[] = [];
    const tagged = new Set<string>();
    for (const actor of actors) {
      actor.setValue(1);
      actor.setReady();
      for (const type of ['tag', 'untag', 'detag', 'disconnected', 'reconnected'] as const) {
        actor.on(type, (event) => {
          events.push({ node: actor.name, event });
          if (type === 'tag') tagged.add(actor.name);
          if (type === 'untag' || type === 'detag') tagged.delete(actor.name);
        });
      }
    }
    try {
      await waitUntil(() => tagged.size === 1, 'a first tag', 15_000);
      await mosquitto.kill();
      await waitUntil(() => actors.every((a) => events.some((e) => e.node === a.name && e.event.type === 'disconnected')), 'every actor to see the outage', 15_000);
      expect(tagged.size).toBe(0);
      expect(events.some((e) => e.event.type === 'untag' && e.event.reason === 'disconnected')).toBe(true);
      const outageEnd = events.length;
      await mosquitto.restart();
      await waitUntil(() => actors.every((a) => events.some((e) => e.node === a.name && e.event.type === 'reconnected')), 'every actor to reconnect', 15_000);
      await waitUntil(() => events.slice(outageEnd).some((e) => e.event.type === 'tag'), 'a tag after the outage', 20_000);
    } finally {
      await Promise.all(actors.map((a) => a.close()));
      await Promise.all(clients.map((c) => c.endAsync(true)));
      await mosquitto.stop();
    }
  }, 60_000);
});

(mosquittoBinary ? describe : describe.skip)('a read-only user (Mosquitto ACL)', () => {
  it('cannot take part (a clear timeout error), but can watch passively', async () => {
    const mosquitto = await startMosquitto({
      users: { writer: 'w', reader: 'r' },
      acl: 'user writer\ntopic readwrite acl/test\n\nuser reader\ntopic read acl/test\n',
    });
    const writerClient = await connect(mosquitto.url, { username: 'writer', password: 'w' });
    const readerClient = await connect(mosquitto.url, { username: 'reader', password: 'r' });
    const config = { cycle: 0.6, gap: 0.1 };
    try {
      await expect(Actor.start(mqttTransport(readerClient, ['acl', 'test']), 'reader', config)).rejects.toThrow(/may this node publish on the channel/);
      const watcher = await Actor.start(mqttTransport(readerClient, ['acl', 'test']), 'watcher', config, { silent: true, enabled: false });
      const pings: string[] = [];
      watcher.on('ping', (event) => pings.push(event.node));
      const writer = await Actor.start(mqttTransport(writerClient, ['acl', 'test']), 'writer', config);
      writer.setValue(1);
      writer.setReady();
      await waitUntil(() => pings.includes('writer'), 'the watcher to see the writer', 10_000);
      expect(watcher.stats.sent).toEqual({ init: 0, config: 0, ping: 0, history: 0 });
      await writer.close();
      await watcher.close();
    } finally {
      await Promise.all([writerClient.endAsync(), readerClient.endAsync()]);
      await mosquitto.stop();
    }
  }, 30_000);
});
