/**
 * Three actors on an in-memory channel take turns being "it".
 * Run: pnpm exec tsx examples/memory-channel.ts
 */
import { Actor, type Transport, type TransportListener } from '@asyncactor/core';

// A channel that hands every payload to every member, the sender included.
const members = new Set<TransportListener>();
function memoryTransport(): Transport {
  let mine: TransportListener | undefined;
  return {
    open(listener) {
      mine = listener;
      members.add(listener);
      return Promise.resolve();
    },
    send(payload) {
      for (const listener of members) listener({ type: 'message', payload });
      return Promise.resolve();
    },
    close() {
      if (mine) members.delete(mine);
      return Promise.resolve();
    },
  };
}

async function main(): Promise<void> {
  const config = { cycle: 1, gap: 0.1, nHosts: 3 }; // seconds: fast, for the demo; 3 nodes
  const actors = await Promise.all(['a', 'b', 'c'].map((name) => Actor.start(memoryTransport(), name, config)));
  for (const actor of actors) {
    actor.setValue(1);
    actor.setReady();
    actor.on('tag', (event) => console.log(`${actor.name} is it for ${event.duration} s`));
    actor.on('untag', () => console.log(`${actor.name} stops`));
  }
  setTimeout(() => void Promise.all(actors.map((actor) => actor.close())), 8_000);
}

void main();
