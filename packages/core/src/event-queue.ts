/**
 * A bounded queue behind one async iterator of events.
 *
 * @module
 */

/**
 * Buffers pushed items for one consumer. When more than `limit` items wait,
 * the oldest is dropped and `onOverflow` called: a slow consumer never holds
 * the protocol back, and the loss is counted, not silent.
 */
export class EventQueue<T> {
  private readonly items: T[] = [];
  private head = 0;
  private waiter: { resolve: (result: IteratorResult<T>) => void; reject: (error: Error) => void } | undefined;
  private ended = false;
  private failure: Error | undefined;

  constructor(
    private readonly limit: number,
    private readonly onOverflow: () => void,
  ) {}

  /** Hand an item to the consumer, or buffer it. */
  push(item: T): void {
    if (this.ended) return;
    if (this.waiter) {
      const { resolve } = this.waiter;
      this.waiter = undefined;
      resolve({ value: item, done: false });
      return;
    }
    this.items.push(item);
    if (this.items.length - this.head > this.limit) {
      this.head++;
      this.onOverflow();
    }
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items.splice(0, this.head);
      this.head = 0;
    }
  }

  /** No more items: the consumer drains what is buffered, then ends (or gets `failure`). */
  end(failure?: Error): void {
    if (this.ended) return;
    this.ended = true;
    this.failure = failure;
    if (this.waiter) {
      const { resolve, reject } = this.waiter;
      this.waiter = undefined;
      if (failure) reject(failure);
      else resolve({ value: undefined, done: true });
    }
  }

  /** The consumer's side. `onReturn` runs when the consumer stops early. */
  iterator(onReturn: () => void): AsyncIterator<T> {
    return {
      next: () => {
        if (this.head < this.items.length) {
          const value = this.items[this.head++] as T;
          return Promise.resolve({ value, done: false });
        }
        if (this.ended) {
          return this.failure ? Promise.reject(this.failure) : Promise.resolve({ value: undefined, done: true });
        }
        return new Promise((resolve, reject) => {
          this.waiter = { resolve, reject };
        });
      },
      return: () => {
        this.end();
        this.items.length = 0;
        this.head = 0;
        onReturn();
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }
}
