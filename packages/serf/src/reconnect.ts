/**
 * Reconnecting after a lost connection: retries with exponential backoff
 * (100 ms, doubling, at most 5 s by default) until one attempt succeeds or
 * the client closes. What an attempt does (connect, handshake, re-open the
 * streams) is the client's; when to try again is decided here.
 *
 * @module
 */
import { asError } from './errors';

/** The delays between attempts. */
export interface ReconnectBackoff {
  /** Before the first attempt, in ms. Default 100. */
  readonly initialDelayMs?: number;
  /** The longest wait between attempts, in ms. Default 5 000. */
  readonly maxDelayMs?: number;
}

/** What the {@link Reconnector} tells its owner. */
export interface ReconnectListener {
  /** An attempt succeeded; no more follow until {@link Reconnector.start} is called again. */
  reconnected(): void;
  /** An attempt failed; another follows after the next delay. */
  failed(error: Error): void;
}

/** The wait before attempt number `attempt` (0 for the first). */
export function reconnectDelay(attempt: number, backoff: ReconnectBackoff): number {
  const initial = backoff.initialDelayMs ?? 100;
  const max = backoff.maxDelayMs ?? 5000;
  return Math.min(max, initial * 2 ** attempt);
}

/** Runs `attempt` after each delay until it succeeds or {@link Reconnector.stop} is called. */
export class Reconnector {
  private timer: NodeJS.Timeout | undefined;
  /** An attempt is waiting for its delay or running: a second start is ignored. */
  private trying = false;
  private stopped = false;
  /** The attempt running now, if one is. */
  private running: Promise<void> | undefined;

  constructor(
    private readonly backoff: ReconnectBackoff,
    private readonly attempt: () => Promise<void>,
    private readonly listener: ReconnectListener,
  ) {}

  /** The connection was lost: start trying (ignored while trying already, or once stopped). */
  start(): void {
    this.schedule(0);
  }

  /**
   * Try no more: a waiting attempt is cancelled; one already running
   * finishes, and no other follows it. Resolves once no attempt runs.
   */
  stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    return this.running ?? Promise.resolve();
  }

  private schedule(attempt: number): void {
    if (this.stopped || this.trying) return;
    this.trying = true;
    this.timer = setTimeout(() => {
      this.running = this.attempt().then(
        () => {
          this.running = undefined;
          this.trying = false;
          this.listener.reconnected();
        },
        (error: unknown) => {
          this.running = undefined;
          this.trying = false;
          if (this.stopped) return;
          this.listener.failed(asError(error));
          this.schedule(attempt + 1);
        },
      );
    }, reconnectDelay(attempt, this.backoff));
  }
}
