/**
 * A binary min-heap ordered by time, then by insertion order, so that equal
 * times come out first-in, first-out. Shared by the virtual clock and the bus.
 *
 * @module
 */

/** An item of a {@link TimeHeap}. */
export interface Timed {
  /** When it is due. */
  at: number;
  /** Insertion order; set by the heap. */
  seq?: number;
}

/** A min-heap of {@link Timed} items. */
export class TimeHeap<T extends Timed> {
  private readonly items: T[] = [];
  private seq = 0;

  /** How many items it holds. */
  get size(): number {
    return this.items.length;
  }

  /** The earliest item, without removing it. */
  peek(): T | undefined {
    return this.items[0];
  }

  /** Add an item (stamping its insertion order). */
  push(item: T): void {
    item.seq = this.seq++;
    const items = this.items;
    let i = items.length;
    items.push(item);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const above = items[parent]!;
      if (!this.before(item, above)) break;
      items[i] = above;
      i = parent;
    }
    items[i] = item;
  }

  /** Remove and return the earliest item. */
  pop(): T | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    const count = items.length;
    if (count > 0 && last) {
      let i = 0;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= count) break;
        if (child + 1 < count && this.before(items[child + 1]!, items[child]!)) child++;
        const below = items[child]!;
        if (!this.before(below, last)) break;
        items[i] = below;
        i = child;
      }
      items[i] = last;
    }
    return top;
  }

  private before(a: T, b: T): boolean {
    return a.at < b.at || (a.at === b.at && a.seq! < b.seq!);
  }
}
