/**
 * A map that keeps only its most recent entries: what the client remembers
 * of calls it gave up on, so that an agent that never answers cannot make it
 * remember without end.
 *
 * @module
 */

/** A `Map` of at most `capacity` entries; setting one more forgets the oldest. */
export class BoundedMap<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(readonly capacity: number) {}

  /** How many entries it holds. */
  get size(): number {
    return this.entries.size;
  }

  get(key: K): V | undefined {
    return this.entries.get(key);
  }

  has(key: K): boolean {
    return this.entries.has(key);
  }

  /** Remember `value` under `key` as the newest entry; forget the oldest beyond the capacity. */
  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as K);
  }

  delete(key: K): boolean {
    return this.entries.delete(key);
  }
}
