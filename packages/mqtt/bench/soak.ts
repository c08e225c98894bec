/**
 * Soak: 50 actors on an embedded aedes broker for 500 cycles at cycle 0.5 s.
 * Prints the heap after warm-up and at the end, unhandled rejections, the
 * handles left open after shutdown, and the group's figures.
 * Run: pnpm --filter @asyncactor/mqtt soak
 */
import { Actor } from '@asyncactor/core';
import { watchTags } from '@asyncactor/testing';
import { startAedes } from '@asyncactor/testing/servers';
import { connect, mqttTransport } from '../src/index';

const ACTORS = Number(process.env.SOAK_ACTORS ?? 50);
const CYCLES = Number(process.env.SOAK_CYCLES ?? 500);
const CONFIG = { cycle: 0.5, gap: 0.1, nHosts: ACTORS };

let unhandled = 0;
process.on('unhandledRejection', (reason) => {
  unhandled++;
  console.error('unhandled rejection:', reason);
});

function heapMB(): number {
  global.gc?.();
  return process.memoryUsage().heapUsed / 1e6;
}

async function main(): Promise<void> {
  const broker = await startAedes();
  const clients = await Promise.all(Array.from({ length: ACTORS }, () => connect(broker.url)));
  const actors = await Promise.all(clients.map((client, i) => Actor.start(mqttTransport(client, ['soak']), `n${i}`, CONFIG)));
  for (const actor of actors) {
    actor.setValue(1);
    actor.setReady();
  }
  const watcher = watchTags(actors);
  const started = Date.now();
  await watcher.until((w) => w.tags.length >= 20, 'warm-up', 120_000);
  const warm = heapMB();
  const samples: number[] = [];
  const sampler = setInterval(() => samples.push(process.memoryUsage().heapUsed / 1e6), 5000);
  await watcher.until((w) => w.tags.length >= CYCLES, `${CYCLES} tags`, CYCLES * 2000);
  clearInterval(sampler);
  const end = heapMB();
  const seconds = (Date.now() - started) / 1000;
  let pings = 0;
  let dropped = 0;
  for (const actor of actors) {
    pings += actor.stats.sent.ping;
    dropped += Object.values(actor.stats.dropped).reduce((a, b) => a + b, 0);
  }
  await Promise.all(actors.map((actor) => actor.close()));
  await Promise.all(clients.map((client) => client.endAsync()));
  await broker.close();
  await new Promise((resolve) => setTimeout(resolve, 200));
  // stdin/stdout/stderr are the process's own; anything else was left behind.
  const handles = (process as unknown as { _getActiveHandles(): object[] })._getActiveHandles().filter(
    (handle) => ![process.stdin, process.stdout, process.stderr].includes(handle as never),
  ).length;
  console.log(`soak: ${ACTORS} actors, ${watcher.tags.length} tags in ${seconds.toFixed(0)} s (cycle ${CONFIG.cycle} s)`);
  console.log(`heap after warm-up ${warm.toFixed(1)} MB, at the end ${end.toFixed(1)} MB (${(((end - warm) / warm) * 100).toFixed(1)} %), max sampled ${Math.max(...samples).toFixed(1)} MB`);
  console.log(`most tagged at once ${watcher.mostAtOnce}, pings per tag ${(pings / watcher.tags.length).toFixed(3)}, invalid dropped ${dropped}`);
  console.log(`unhandled rejections ${unhandled}, handles left open after shutdown ${handles}`);
}

void main();
