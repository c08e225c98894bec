import { Actor, decodeMessage, type ActorEvent } from '@asyncactor/core';
import { FakeClock } from './support/fake-clock';
import { Loopback } from './support/loopback';

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('Actor on a loopback channel with a fake clock', () => {
  it('rotates tags among 3 actors, never two tagged at once', async () => {
    const clock = new FakeClock();
    const channel = new Loopback();
    const names = ['a', 'b', 'c'];
    const tagged = new Set<string>();
    const tagsBy = new Map<string, number>();
    let mostAtOnce = 0;
    const actors = await Promise.all(
      names.map(async (name, i) => {
        const start = Actor.start(channel.transport(), name, { cycle: 2, gap: 0.2, nodes: 3 }, { clock, random: seeded(i + 1) });
        return start;
      }),
    );
    for (const actor of actors) {
      actor.setValue(1);
      actor.setReady();
      actor.on('tag', () => {
        tagged.add(actor.name);
        tagsBy.set(actor.name, (tagsBy.get(actor.name) ?? 0) + 1);
        mostAtOnce = Math.max(mostAtOnce, tagged.size);
        expect(actor.tagged).toBe(true);
      });
      const end = (): void => {
        tagged.delete(actor.name);
      };
      actor.on('untag', end);
      actor.on('detag', end);
    }
    await clock.runUntil(200);
    expect(mostAtOnce).toBe(1);
    expect([...tagsBy.keys()].sort()).toEqual(names);
    for (const n of names) expect(tagsBy.get(n)!).toBeGreaterThan(15);
    const pings = channel.sent.map((p) => decodeMessage(p)).filter((r) => r.ok && r.message.type === 'ping').length;
    const tags = [...tagsBy.values()].reduce((x, y) => x + y, 0);
    expect(pings / tags).toBeLessThan(1.05);
    await Promise.all(actors.map((a) => a.close()));
    expect(clock.pending).toBe(0);
  });

  it('delivers events through the async iterator and ends it on close', async () => {
    const clock = new FakeClock();
    const channel = new Loopback();
    const actor = await Actor.start(channel.transport(), 'solo', { cycle: 1, gap: 0.1 }, { clock, random: () => 0.5 });
    actor.setValue('x');
    const seen: ActorEvent['type'][] = [];
    const consumer = (async () => {
      for await (const event of actor) seen.push(event.type);
    })();
    await clock.runUntil(10);
    await actor.close();
    await consumer;
    expect(seen).toContain('tag');
    expect(seen[seen.length - 1]).toBe('untag');
  });
});
