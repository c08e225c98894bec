/**
 * An indexed min-heap of items that each have at most one deadline, which
 * moves often (a simulated node's next wake-up moves with every ping it
 * hears). Moving a deadline re-sorts the item in place: no allocation and
 * no cancelled leftovers, unlike one clock timer per deadline. Equal times
 * come out in the order they were set, so runs stay deterministic.
 *
 * @module
 */

/** An item of a {@link DeadlineQueue}; the fields belong to the queue. */
export interface Deadlined {
  /** When the item is due (valid while queued). */
  dueAt: number;
  /** Tie-breaker: the order deadlines were set. */
  dueOrder: number;
  /** Where the item sits in the heap; -1 when not queued. */
  queueIndex: number;
}

/** A min-heap of {@link Deadlined} items by `dueAt`, then `dueOrder`. */
export class DeadlineQueue<T extends Deadlined> {
  private readonly items: T[] = [];
  private order = 0;

  /** How many items have a deadline. */
  get size(): number {
    return this.items.length;
  }

  /** The earliest item, if any. */
  peek(): T | undefined {
    return this.items[0];
  }

  /** Give `item` the deadline `at`, or none (`undefined`). Unchanged deadlines keep their place. */
  set(item: T, at: number | undefined): void {
    if (at === undefined) {
      this.remove(item);
      return;
    }
    if (item.queueIndex >= 0) {
      if (item.dueAt === at) return;
      item.dueAt = at;
      item.dueOrder = this.order++;
      this.up(this.down(item.queueIndex));
      return;
    }
    item.dueAt = at;
    item.dueOrder = this.order++;
    item.queueIndex = this.items.length;
    this.items.push(item);
    this.up(item.queueIndex);
  }

  /** Take `item` out of the queue (nothing happens if it is not queued). */
  remove(item: T): void {
    const index = item.queueIndex;
    if (index < 0) return;
    item.queueIndex = -1;
    const last = this.items.pop()!;
    if (last === item) return;
    this.items[index] = last;
    last.queueIndex = index;
    this.up(this.down(index));
  }

  private before(a: T, b: T): boolean {
    return a.dueAt < b.dueAt || (a.dueAt === b.dueAt && a.dueOrder < b.dueOrder);
  }

  /** Move the item at `index` towards the root; returns its final index. */
  private up(index: number): number {
    const items = this.items;
    const item = items[index]!;
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = items[parentIndex]!;
      if (!this.before(item, parent)) break;
      items[index] = parent;
      parent.queueIndex = index;
      index = parentIndex;
    }
    items[index] = item;
    item.queueIndex = index;
    return index;
  }

  /** Move the item at `index` towards the leaves; returns its final index. */
  private down(index: number): number {
    const items = this.items;
    const count = items.length;
    const item = items[index]!;
    for (;;) {
      let child = 2 * index + 1;
      if (child >= count) break;
      if (child + 1 < count && this.before(items[child + 1]!, items[child]!)) child++;
      const smaller = items[child]!;
      if (!this.before(smaller, item)) break;
      items[index] = smaller;
      smaller.queueIndex = index;
      index = child;
    }
    items[index] = item;
    item.queueIndex = index;
    return index;
  }
}
