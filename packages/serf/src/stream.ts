/**
 * Streams of records from the agent (`stream`, `monitor`, `query`) as async
 * iterables with a bounded buffer: a consumer that falls too far behind gets
 * an explicit {@link SerfStreamOverflowError}, never a silent gap.
 *
 * @module
 */
import { EventQueue } from '@asyncactor/core/internal';
import { SerfStreamOverflowError } from './errors';

/** Records of one streaming command. Stop it by ending the iteration or with {@link SerfStream.stop}. */
export class SerfStream<T> implements AsyncIterable<T> {
  private readonly queue: EventQueue<T>;
  private stopping: Promise<void> | undefined;

  /**
   * @param bound most records buffered for a slow consumer
   * @param onStop tells the agent to stop sending (idempotent)
   */
  constructor(
    readonly bound: number,
    private readonly onStop: () => Promise<void>,
  ) {
    this.queue = new EventQueue<T>(bound, () => {
      void this.stopAgent();
      return new SerfStreamOverflowError(bound);
    });
  }

  /** True once the stream has ended (stopped, failed, or finished). */
  get ended(): boolean {
    return this.queue.ended;
  }

  /** A record arrived. */
  push(record: T): void {
    this.queue.push(record);
  }

  /** The stream is over: the consumer drains the buffer, then ends (or gets `error`). */
  end(error?: Error): void {
    this.queue.end(error);
  }

  /** Stop receiving (sends `stop` to the agent once). */
  stop(): Promise<void> {
    this.queue.end();
    return this.stopAgent();
  }

  private stopAgent(): Promise<void> {
    this.stopping ??= this.onStop().catch(() => undefined);
    return this.stopping;
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return this.queue.iterator(() => void this.stop());
  }
}
