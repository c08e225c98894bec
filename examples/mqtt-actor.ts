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
  const actor = Actor.create(mqttTransport(client, ['actor', 'example']), name, { cycle: 2, gap: 0.2 });
  actor.on('tag', (event) => console.log(`${name}: I am it for ${event.duration} s`));
  actor.on('untag', (event) => console.log(`${name}: my turn is over (${event.reason})`));
  actor.on('ping', (event) => console.log(event.takesTurn ? `${name}: ${event.node} is it` : `${name}: ${event.node} started a new chain, nobody is it`));
  actor.on('members', () => console.log(membersView(actor)));
  actor.on('error', (event) => console.error(`${name}: ${event.error.message}`));
  actor.setValue(1);
  actor.setReady();
  // However it ends (closed, or failed: another node already uses this name, say), release the client.
  void actor.done.then(async (end) => {
    console.log(`${name}: ${end.reason}${end.error ? `: ${end.error.message}` : ''}`);
    await client.endAsync();
    await broker?.close();
  });
  process.once('SIGINT', () => {
    console.log(membersView(actor));
    void actor.close();
  });
  if (!url) setTimeout(() => void actor.close(), 10_000);
  // A failed start is reported by `done` above.
  await actor.start().catch(() => undefined);
}

/** The members view as a small table. */
function membersView(actor: Actor): string {
  const now = performance.now() / 1000;
  const rows = actor.members.map((m) => `  ${m.node.padEnd(10)} ${(m.it ? 'it' : m.position === undefined ? 'off chain' : `chain ${m.position + 1}`).padEnd(10)} value=${(JSON.stringify(m.value) ?? '-').padEnd(5)} ready=${String(m.ready).padEnd(5)} heard ${(now - m.lastHeard).toFixed(1)} s ago`);
  return [`${actor.name}: members (it: ${actor.it ?? 'nobody'})`, ...rows].join('\n');
}

void main();
