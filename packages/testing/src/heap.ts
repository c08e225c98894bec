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
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(items[i]!, items[parent]!)) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }

  /** Remove and return the earliest item. */
  pop(): T | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < items.length && this.before(items[l]!, items[m]!)) m = l;
        if (r < items.length && this.before(items[r]!, items[m]!)) m = r;
        if (m === i) break;
        [items[i], items[m]] = [items[m]!, items[i]!];
        i = m;
      }
    }
    return top;
  }

  private before(a: T, b: T): boolean {
    return a.at < b.at || (a.at === b.at && a.seq! < b.seq!);
  }
}
