/**
 * An actor in its own process, for crash tests: `child-actor.ts URL NAME`.
 * Prints `tagged` and `untagged` lines as its turns begin and end.
 */
import { Actor } from '@asyncactor/core';
import { connect, mqttTransport } from '../../src/index';

async function main(): Promise<void> {
  const [url, name] = process.argv.slice(2);
  const client = await connect(url!);
  const actor = await Actor.start(mqttTransport(client, ['crash', 'test']), name!, { cycle: 1, gap: 0.2, nHosts: 3 });
  actor.setValue(1);
  actor.setReady();
  actor.on('tag', () => process.stdout.write('tagged\n'));
  actor.on('untag', () => process.stdout.write('untagged\n'));
  process.stdout.write('started\n');
}

void main();
