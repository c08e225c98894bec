// ESM TypeScript consumer (module/moduleResolution nodenext), compiled by the
// consumer's own tsc against the installed tarballs, then run: three actors
// on an aedes broker, on clients of two different mqtt 5.x versions.
import { Actor, TransportError, defaultPriority } from '@asyncactor/core';
import { connect, mqttTransport, topicOf } from '@asyncactor/mqtt';
import { Bus, waitUntil, watchTags } from '@asyncactor/testing';
import { startAedes } from '@asyncactor/testing/servers';
import { systemClock } from '@asyncactor/core';
import * as mqttPeer from 'mqtt';
import * as mqttOther from 'mqtt-other';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const versions = [require('mqtt/package.json').version, require('mqtt-other/package.json').version] as string[];
if (versions[0] === versions[1]) throw new Error(`the consumer should hold two mqtt versions, got ${versions.join(' and ')}`);

// The testing package's bus rejects with core's own TransportError class.
const bus = new Bus({ clock: systemClock });
const rejected = await bus.transport('x').send(new Uint8Array(1)).then(() => undefined, (error: unknown) => error);
if (!(rejected instanceof TransportError)) throw new Error(`expected a TransportError, got ${String(rejected)}`);
if (defaultPriority('a', 1, 'b', 1) === defaultPriority('b', 1, 'a', 1)) throw new Error('defaultPriority is not a strict order');

const broker = await startAedes();
const clients = [
  await connect(broker.url), // @asyncactor/mqtt's connect: the peer mqtt
  await mqttPeer.connectAsync(broker.url),
  await mqttOther.connectAsync(broker.url), // another version's MqttClient type-checks too
];
const topic = ['consumer', 'smoke'];
const actors = await Promise.all(
  clients.map((client, i) => Actor.start(mqttTransport(client, topic), `node-${i}`, { cycle: 0.5, gap: 0.1, nHosts: 3 })),
);
const watch = watchTags(actors);
for (const actor of actors) {
  actor.setValue(1);
  actor.setReady();
}
try {
  await watch.until((w) => w.everTagged.size >= 2, 'two actors to take a turn', 20_000);
  if (watch.mostAtOnce !== 1) throw new Error(`${watch.mostAtOnce} actors were tagged at once`);
  await waitUntil(() => actors.every((actor) => actor.history.length > 0), 'every actor to know the history', 5_000);
} finally {
  await Promise.all(actors.map((actor) => actor.close()));
  await Promise.all(clients.map((client) => client.endAsync()));
  await broker.close();
}
console.log(`esm ok: mqtt ${versions.join(' and ')} on ${topicOf(topic)}, tags ${watch.tags.join(' ')}`);
