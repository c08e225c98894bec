/**
 * The reconnection loop on jest's fake clock: when attempts run, that a
 * failure is followed by another attempt after a longer wait, and that stop
 * ends it.
 */
import { SerfError } from '@asyncactor/serf';
import { reconnectDelay, Reconnector } from '../src/reconnect';

describe('reconnectDelay', () => {
  it('starts at 100 ms and doubles up to 5 s by default', () => {
    expect([0, 1, 2, 5, 6, 10].map((attempt) => reconnectDelay(attempt, {}))).toEqual([100, 200, 400, 3200, 5000, 5000]);
  });

  it('follows the given initial and largest delays', () => {
    expect([0, 1, 2, 3].map((attempt) => reconnectDelay(attempt, { initialDelayMs: 50, maxDelayMs: 150 }))).toEqual([50, 100, 150, 150]);
  });
});

describe('Reconnector', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  /** A reconnector whose attempts fail `failures` times, then succeed; it logs attempts and reports at their fake times. */
  function reconnector(failures: number): { reconnector: Reconnector; log: string[] } {
    const log: string[] = [];
    const started = Date.now();
    let left = failures;
    const attempt = (): Promise<void> => {
      log.push(`attempt at ${Date.now() - started}`);
      return left-- > 0 ? Promise.reject(new Error('refused')) : Promise.resolve();
    };
    const listener = {
      reconnected: () => log.push('reconnected'),
      failed: (error: Error) => log.push(`failed: ${error.message}`),
    };
    return { reconnector: new Reconnector({ initialDelayMs: 100, maxDelayMs: 300 }, attempt, listener), log };
  }

  it('retries after each failure with the next delay, until an attempt succeeds', async () => {
    const { reconnector: retry, log } = reconnector(3);
    retry.start();
    await jest.advanceTimersByTimeAsync(10_000);
    expect(log).toEqual([
      'attempt at 100',
      'failed: refused',
      'attempt at 300',
      'failed: refused',
      'attempt at 600',
      'failed: refused',
      'attempt at 900',
      'reconnected',
    ]);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('ignores a second start while an attempt is pending, and starts again from the first delay after a success', async () => {
    const { reconnector: retry, log } = reconnector(0);
    retry.start();
    retry.start();
    await jest.advanceTimersByTimeAsync(1000);
    retry.start();
    await jest.advanceTimersByTimeAsync(100);
    expect(log).toEqual(['attempt at 100', 'reconnected', 'attempt at 1100', 'reconnected']);
  });

  it('stop cancels the waiting attempt, and no attempt follows a failure that ends after stop; stop resolves once none runs', async () => {
    const waiting = reconnector(0);
    waiting.reconnector.start();
    await waiting.reconnector.stop();
    await jest.advanceTimersByTimeAsync(1000);
    expect(waiting.log).toEqual([]);

    let fail: (error: Error) => void = () => undefined;
    const log: string[] = [];
    const running = new Reconnector({}, () => new Promise<void>((_, reject) => (fail = reject)), {
      reconnected: () => log.push('reconnected'),
      failed: () => log.push('failed'),
    });
    running.start();
    await jest.advanceTimersByTimeAsync(100);
    let stopped = false;
    const stopping = running.stop().then(() => (stopped = true));
    await jest.advanceTimersByTimeAsync(100);
    expect(stopped).toBe(false); // the attempt still runs
    fail(new Error('refused'));
    await stopping;
    await jest.advanceTimersByTimeAsync(10_000);
    expect(log).toEqual([]);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('reports a rejection with a non-error as a SerfError', async () => {
    const failures: Error[] = [];
    let attempts = 0;
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the case under test
    const retry = new Reconnector({}, () => (attempts++ === 0 ? Promise.reject('refused') : Promise.resolve()), {
      reconnected: () => undefined,
      failed: (error) => failures.push(error),
    });
    retry.start();
    await jest.advanceTimersByTimeAsync(1000);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toBeInstanceOf(SerfError);
    expect(failures[0]!.message).toBe('refused');
  });
});
