import { DeadlineQueue, type Deadlined } from '../src/deadline-queue';
import { createRandom } from '@asyncactor/testing';

interface Item extends Deadlined {
  readonly id: number;
  at: number | undefined;
  setOrder: number;
}

describe('DeadlineQueue', () => {
  it('always yields the earliest deadline (ties: the one set first), through random moves and removals', () => {
    const random = createRandom(8);
    const queue = new DeadlineQueue<Item>();
    const items: Item[] = Array.from({ length: 200 }, (_, id) => ({ id, at: undefined, setOrder: 0, dueAt: 0, dueOrder: 0, queueIndex: -1 }));
    let order = 0;
    for (let round = 0; round < 20_000; round++) {
      const item = items[Math.floor(random.next() * items.length)]!;
      const at = random.next() < 0.2 ? undefined : Math.floor(random.next() * 30);
      if (at !== item.at) item.setOrder = order++;
      item.at = at;
      queue.set(item, at);
      const live = items.filter((i) => i.at !== undefined);
      expect(queue.size).toBe(live.length);
      const best = live.reduce<Item | undefined>((a, b) => (a === undefined || b.at! < a.at! || (b.at === a.at && b.setOrder < a.setOrder) ? b : a), undefined);
      expect(queue.peek()?.id).toBe(best?.id);
    }
  });
});
