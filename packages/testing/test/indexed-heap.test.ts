import { IndexedHeap, type HeapEntry } from '../src/indexed-heap';
import { createRandom } from '@asyncactor/testing';

interface Item extends HeapEntry {
  readonly id: number;
  at: number | undefined;
  setOrder: number;
}

const item = (id: number): Item => ({ id, at: undefined, setOrder: 0, dueAt: 0, dueOrder: 0, heapIndex: -1 });

const drain = (heap: IndexedHeap<Item>): number[] => {
  const ids: number[] = [];
  for (let next = heap.pop(); next; next = heap.pop()) ids.push(next.id);
  return ids;
};

describe('IndexedHeap', () => {
  it('always yields the earliest due time (ties: the one set first), through random moves and removals', () => {
    const random = createRandom(8);
    const heap = new IndexedHeap<Item>();
    const items = Array.from({ length: 200 }, (_, id) => item(id));
    let order = 0;
    for (let round = 0; round < 20_000; round++) {
      const chosen = items[Math.floor(random.next() * items.length)]!;
      const at = random.next() < 0.2 ? undefined : Math.floor(random.next() * 30);
      if (at !== chosen.at) chosen.setOrder = order++;
      chosen.at = at;
      heap.set(chosen, at);
      const live = items.filter((i) => i.at !== undefined);
      expect(heap.size).toBe(live.length);
      const best = live.reduce<Item | undefined>((a, b) => (a === undefined || b.at! < a.at! || (b.at === a.at && b.setOrder < a.setOrder) ? b : a), undefined);
      expect(heap.peek()?.id).toBe(best?.id);
    }
  });

  it('pops equal times first-in, first-out; a moved time goes last among its equals, an unchanged one keeps its place', () => {
    const heap = new IndexedHeap<Item>();
    const [a, b, c, d] = [item(0), item(1), item(2), item(3)];
    heap.set(a, 5);
    heap.set(b, 5);
    heap.set(c, 1);
    heap.set(d, 5);
    heap.set(a, 5); // unchanged: stays first among the 5s
    heap.set(c, 5); // moved: after every entry already due at 5
    expect(drain(heap)).toEqual([0, 1, 3, 2]);
    expect(heap.size).toBe(0);
    expect(heap.pop()).toBeUndefined();
  });

  it('takes out any entry, and marks popped and removed entries as out of the heap', () => {
    const heap = new IndexedHeap<Item>();
    const items = Array.from({ length: 10 }, (_, id) => item(id));
    for (const entry of items) heap.set(entry, 10 - entry.id);
    heap.remove(items[4]!);
    heap.set(items[7]!, undefined);
    heap.remove(items[4]!); // not in the heap any more: nothing happens
    expect(items[4]!.heapIndex).toBe(-1);
    const popped = heap.pop()!;
    expect(popped.id).toBe(9);
    expect(popped.heapIndex).toBe(-1);
    expect(drain(heap)).toEqual([8, 6, 5, 3, 2, 1, 0]);
  });
});
