/**
 * A bounded queue behind one async iterator of events.
 *
 * @module
 */

/**
 * Buffers pushed items for one consumer, at most `limit` of them. When one
 * more arrives, `onOverflow` decides: return nothing to drop the oldest item
 * (a slow consumer never holds the producer back; count the loss there), or
 * return an Error to end the queue with it after the buffered items (nothing
 * is ever lost silently).
 */
export class EventQueue<T> {
  readonly #items: T[] = [];
  #head = 0;
  #waiter: { resolve: (result: IteratorResult<T>) => void; reject: (error: Error) => void } | undefined;
  #closed = false;
  #failure: Error | undefined;

  readonly #limit: number;
  readonly #onOverflow: () => Error | void;

  constructor(limit: number, onOverflow: () => Error | void) {
    this.#limit = limit;
    this.#onOverflow = onOverflow;
  }

  /** Hand an item to the consumer, or buffer it. */
  push(item: T): void {
    if (this.#closed) return;
    if (this.#waiter) {
      const { resolve } = this.#waiter;
      this.#waiter = undefined;
      resolve({ value: item, done: false });
      return;
    }
    if (this.#items.length - this.#head >= this.#limit) {
      const failure = this.#onOverflow();
      if (failure) {
        this.end(failure);
        return;
      }
      this.#head++;
    }
    this.#items.push(item);
    if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items.splice(0, this.#head);
      this.#head = 0;
    }
  }

  /** Whether the queue has ended (no more items will be added). */
  get ended(): boolean {
    return this.#closed;
  }

  /** No more items: the consumer drains what is buffered, then ends (or gets `failure`). */
  end(failure?: Error): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#failure = failure;
    if (this.#waiter) {
      const { resolve, reject } = this.#waiter;
      this.#waiter = undefined;
      if (failure) reject(failure);
      else resolve({ value: undefined, done: true });
    }
  }

  /** The consumer's side. `onReturn` runs when the consumer stops early. */
  iterator(onReturn: () => void): AsyncIterator<T> {
    return {
      next: () => {
        if (this.#head < this.#items.length) {
          const value = this.#items[this.#head++] as T;
          return Promise.resolve({ value, done: false });
        }
        if (this.#closed) {
          return this.#failure ? Promise.reject(this.#failure) : Promise.resolve({ value: undefined, done: true });
        }
        return new Promise((resolve, reject) => {
          this.#waiter = { resolve, reject };
        });
      },
      return: () => {
        this.end();
        this.#items.length = 0;
        this.#head = 0;
        onReturn();
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }
}
