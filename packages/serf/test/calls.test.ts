/**
 * The pending calls' one timer, on jest's fake clock: a call times out at
 * its deadline and not before, however many calls wait there is one timer,
 * an acknowledged stream never times out, and a table taken empty leaves no
 * timer behind.
 */
import { PendingCalls, type PendingCall } from '../src/calls';

describe('PendingCalls', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  /** A table on the fake clock that logs which `Seq`s timed out, and when. */
  function table(): { calls: PendingCalls; timedOut: string[] } {
    const started = Date.now();
    const timedOut: string[] = [];
    const calls = new PendingCalls((seq) => timedOut.push(`${seq} at ${Date.now() - started}`), () => Date.now());
    return { calls, timedOut };
  }

  const call = (timeoutMs: number, command: PendingCall['command'] = 'event'): PendingCall => ({
    command,
    resolve: () => undefined,
    reject: () => undefined,
    sink: undefined,
    acknowledged: false,
    timeoutMs,
    deadline: 0,
  });

  it('times a call out at its deadline, not before, and takes it out of the table', () => {
    const { calls, timedOut } = table();
    calls.add(7, call(100));
    jest.advanceTimersByTime(99);
    expect(timedOut).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(timedOut).toEqual(['7 at 100']);
    expect(calls.size).toBe(0);
    expect(calls.get(7)).toBeUndefined();
  });

  it('keeps one timer for many calls; answered calls are never timed out; the rest time out in order', () => {
    const { calls, timedOut } = table();
    for (let seq = 0; seq < 100; seq++) {
      calls.add(seq, call(1000));
      jest.advanceTimersByTime(1);
    }
    expect(jest.getTimerCount()).toBe(1);
    for (let seq = 0; seq < 100; seq += 2) calls.delete(seq);
    jest.advanceTimersByTime(900);
    expect(timedOut).toEqual(['1 at 1000']);
    jest.advanceTimersByTime(200);
    expect(timedOut).toHaveLength(50);
    expect(timedOut.at(-1)).toBe('99 at 1099');
    expect(jest.getTimerCount()).toBe(0);
  });

  it('sets the timer earlier for a call with a shorter limit sent later', () => {
    const { calls, timedOut } = table();
    calls.add(1, call(1000));
    calls.add(2, call(50));
    jest.advanceTimersByTime(60);
    expect(timedOut).toEqual(['2 at 50']);
    jest.advanceTimersByTime(1000);
    expect(timedOut).toEqual(['2 at 50', '1 at 1000']);
  });

  it('never times out a stream once it is acknowledged', () => {
    const { calls, timedOut } = table();
    const stream = call(100, 'stream');
    calls.add(3, stream);
    calls.acknowledge(stream);
    jest.advanceTimersByTime(10_000);
    expect(timedOut).toEqual([]);
    expect(calls.get(3)).toBe(stream);
    expect(stream.acknowledged).toBe(true);
  });

  it('takes every call out at once, and stops its timer', () => {
    const { calls, timedOut } = table();
    calls.add(1, call(100));
    calls.add(2, call(100));
    expect(calls.takeAll().map((c) => c.timeoutMs)).toEqual([100, 100]);
    expect(jest.getTimerCount()).toBe(0);
    jest.advanceTimersByTime(1000);
    expect(timedOut).toEqual([]);
  });
});
