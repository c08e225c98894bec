/**
 * One actor on a Serf agent (start one with `serf agent`):
 *   pnpm --filter @asyncactor/examples run serf -- node-1 127.0.0.1:7373
 */
import { Actor } from '@asyncactor/core';
import { SerfClient, serfTransport } from '@asyncactor/serf';

async function main(): Promise<void> {
  const [name = `node-${process.pid}`, address = '127.0.0.1:7373'] = process.argv.slice(2).filter((arg) => arg !== '--');
  const serf = await SerfClient.connect({ address, reconnect: true });
  // Serf gossips user events every 200 ms: keep `gap` well above that.
  const actor = await Actor.start(serfTransport(serf, ['actor', 'example']), name, { cycle: 5, gap: 1 });
  actor.setValue(1);
  actor.setReady();
  actor.on('tag', () => console.log(`${name}: I am it`));
  actor.on('untag', () => console.log(`${name}: my turn is over`));
  actor.on('ping', (event) => console.log(event.takesTurn ? `${name}: ${event.node} is it` : `${name}: ${event.node} started a new chain, nobody is it`));
  actor.on('members', () => console.log(`${name}: members ${actor.members.map((m) => m.node).join(', ')}; it: ${actor.it ?? 'nobody'}`));
  process.once('SIGINT', () => void actor.close().then(() => serf.close()));
}

void main();
