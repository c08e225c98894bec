/**
 * An indexed binary min-heap: each entry has at most one due time and knows
 * where it sits, so it can be moved or taken out in O(log n) without
 * searching and without leaving cancelled leftovers behind. Entries due at
 * the same time come out in the order their times were set, so runs stay
 * deterministic.
 *
 * The one heap of the simulator: the virtual clock's timers, the cluster's
 * node wake-ups (which move with every ping a node hears) and the bus's
 * broadcasts in flight.
 *
 * @module
 */

/**
 * An entry of an {@link IndexedHeap}; the fields belong to the heap. A new
 * entry starts outside any heap: `dueAt: 0, dueOrder: 0, heapIndex: -1`.
 * Write the three fields out in the object literal that makes the entry
 * rather than spreading them in from a shared object: spread entries made
 * the simulator about three times slower (1,000 nodes starting at once).
 */
export interface HeapEntry {
  /** When the entry is due (valid while in the heap). */
  dueAt: number;
  /** Tie-breaker: the order due times were set. */
  dueOrder: number;
  /** Where the entry sits in the heap; -1 when it is not in it. */
  heapIndex: number;
}

/** A min-heap of {@link HeapEntry} items by `dueAt`, then `dueOrder`. */
export class IndexedHeap<T extends HeapEntry> {
  private readonly entries: T[] = [];
  private order = 0;

  /** How many entries are in the heap. */
  get size(): number {
    return this.entries.length;
  }

  /** The earliest entry, if any, left in place. */
  peek(): T | undefined {
    return this.entries[0];
  }

  /** Take out and return the earliest entry, if any. */
  pop(): T | undefined {
    const earliest = this.entries[0];
    if (earliest) this.remove(earliest);
    return earliest;
  }

  /**
   * Make `entry` due at `at`, or take it out (`undefined`). A new or moved
   * time goes after every entry already due then; an unchanged time keeps
   * its place.
   */
  set(entry: T, at: number | undefined): void {
    if (at === undefined) {
      this.remove(entry);
      return;
    }
    if (entry.heapIndex >= 0) {
      if (entry.dueAt === at) return;
      entry.dueAt = at;
      entry.dueOrder = this.order++;
      this.up(this.down(entry.heapIndex));
      return;
    }
    entry.dueAt = at;
    entry.dueOrder = this.order++;
    entry.heapIndex = this.entries.length;
    this.entries.push(entry);
    this.up(entry.heapIndex);
  }

  /** Take `entry` out of the heap (nothing happens if it is not in it). */
  remove(entry: T): void {
    const index = entry.heapIndex;
    if (index < 0) return;
    entry.heapIndex = -1;
    const last = this.entries.pop()!;
    if (last === entry) return;
    this.entries[index] = last;
    last.heapIndex = index;
    this.up(this.down(index));
  }

  private before(a: T, b: T): boolean {
    return a.dueAt < b.dueAt || (a.dueAt === b.dueAt && a.dueOrder < b.dueOrder);
  }

  /** Move the entry at `index` towards the root; returns its final index. */
  private up(index: number): number {
    const entries = this.entries;
    const entry = entries[index]!;
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = entries[parentIndex]!;
      if (!this.before(entry, parent)) break;
      entries[index] = parent;
      parent.heapIndex = index;
      index = parentIndex;
    }
    entries[index] = entry;
    entry.heapIndex = index;
    return index;
  }

  /** Move the entry at `index` towards the leaves; returns its final index. */
  private down(index: number): number {
    const entries = this.entries;
    const count = entries.length;
    const entry = entries[index]!;
    for (;;) {
      let child = 2 * index + 1;
      if (child >= count) break;
      if (child + 1 < count && this.before(entries[child + 1]!, entries[child]!)) child++;
      const smaller = entries[child]!;
      if (!this.before(smaller, entry)) break;
      entries[index] = smaller;
      smaller.heapIndex = index;
      index = child;
    }
    entries[index] = entry;
    entry.heapIndex = index;
    return index;
  }
}
