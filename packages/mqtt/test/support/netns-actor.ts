/**
 * An actor in its own process, for tests across network namespaces:
 * `netns-actor.ts URL NAME CYCLE GAP`. Prints one line per event as it
 * happens: `started`, `tag`, `untag REASON`, `detag`, `disconnected`,
 * `reconnected`, each followed by the wall-clock time in ms.
 */
import { Actor } from '@asyncactor/core';
import { connect, mqttTransport } from '../../src/index';

async function main(): Promise<void> {
  const [url, name, cycle, gap] = process.argv.slice(2);
  // Keepalive 60 s: a cut shorter than that is not noticed by MQTT.
  const client = await connect(url!, { keepalive: 60, reconnectPeriod: 200 });
  const actor = await Actor.start(mqttTransport(client, ['actor', 'netns']), name!, { cycle: Number(cycle), gap: Number(gap) });
  const say = (line: string): void => void process.stdout.write(`${line} ${Date.now()}\n`);
  actor.on('tag', () => say('tag'));
  actor.on('untag', (event) => say(`untag ${event.reason}`));
  actor.on('detag', () => say('detag'));
  actor.on('disconnected', () => say('disconnected'));
  actor.on('reconnected', () => say('reconnected'));
  actor.on('error', () => undefined);
  actor.setValue(1);
  actor.setReady();
  say('started');
}

void main();
