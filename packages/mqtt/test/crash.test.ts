/**
 * An actor process killed with SIGKILL while it is tagged: the others take
 * over within cycle + gap.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Actor } from '@asyncactor/core';
import { connect, mqttTransport } from '@asyncactor/mqtt';
import { waitUntil, watchTags } from '@asyncactor/testing';
import { startAedes } from '@asyncactor/testing/servers';


it('a tagged actor process killed with SIGKILL: another node is tagged within cycle + gap', async () => {
  const broker = await startAedes();
  const clients = await Promise.all([connect(broker.url), connect(broker.url)]);
  const actors = await Promise.all(clients.map((c, i) => Actor.start(mqttTransport(c, ['crash', 'test']), `local-${i}`, { cycle: 1, gap: 0.2, nHosts: 3 })));
  for (const actor of actors) {
    actor.setValue(1);
    actor.setReady();
  }
  const watcher = watchTags(actors);
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=asyncactor-source', join(__dirname, 'support', 'child-actor.ts'), broker.url, 'victim'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  let taggedAt = 0;
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    if (!taggedAt && output.includes('tagged\n') && !child.killed) {
      taggedAt = Date.now();
      child.kill('SIGKILL');
    }
  });
  try {
    await waitUntil(() => taggedAt > 0, 'the child actor to be tagged', 30_000);
    const before = watcher.tags.length;
    await watcher.until((w) => w.tags.length > before, 'a local actor to take over', 5000);
    const takeover = (Date.now() - taggedAt) / 1000;
    if (process.env.REPORT_TAKEOVER) process.stderr.write(`takeover after ${takeover.toFixed(3)} s\n`);
    expect(takeover).toBeLessThanOrEqual(1 + 0.2 + 0.3); // cycle + gap, plus scheduling slack of this busy machine
  } finally {
    child.kill('SIGKILL');
    await exited;
    child.stdout.destroy();
    await Promise.all(actors.map((a) => a.close()));
    await Promise.all(clients.map((c) => c.endAsync(true)));
    await broker.close();
  }
}, 60_000);
