/**
 * One actor on an MQTT broker. Start several, in several terminals:
 *   pnpm --filter @asyncactor/examples run mqtt -- node-1 mqtt://localhost:1883
 * Without a URL it starts an embedded broker (aedes) for a quick look.
 */
import { Actor } from '@asyncactor/core';
import { connect, mqttTransport } from '@asyncactor/mqtt';
import { startAedes } from '@asyncactor/testing/servers';

async function main(): Promise<void> {
  const [name = `node-${process.pid}`, url] = process.argv.slice(2).filter((arg) => arg !== '--');
  const broker = url ? undefined : await startAedes();
  const client = await connect(url ?? broker!.url);
  const actor = await Actor.start(mqttTransport(client, ['actor', 'example']), name, { cycle: 2, gap: 0.2 });
  actor.setValue(1);
  actor.setReady();
  actor.on('tag', () => console.log(`${name}: I am it`));
  actor.on('untag', () => console.log(`${name}: my turn is over`));
  actor.on('ping', (event) => console.log(`${name}: ${event.node} is it`));
  const stop = async (): Promise<void> => {
    await actor.close();
    await client.endAsync();
    await broker?.close();
  };
  process.once('SIGINT', () => void stop());
  if (!url) setTimeout(() => void stop(), 10_000);
}

void main();
