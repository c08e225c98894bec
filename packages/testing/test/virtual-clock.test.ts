import { createRandom, VirtualClock } from '@asyncactor/testing';

describe('VirtualClock', () => {
  it('runs events in time order, equal times in scheduling order, and moves time only when told', () => {
    const clock = new VirtualClock();
    const seen: string[] = [];
    clock.schedule(2, () => seen.push('b'));
    clock.schedule(1, () => seen.push('a'));
    clock.schedule(2, () => seen.push('c'));
    const cancel = clock.schedule(1.5, () => seen.push('never'));
    cancel();
    expect(clock.pending).toBe(3);
    clock.runUntil(1.9);
    expect(seen).toEqual(['a']);
    expect(clock.now()).toBe(1.9);
    clock.runFor(10);
    expect(seen).toEqual(['a', 'b', 'c']);
    expect(clock.now()).toBeCloseTo(11.9, 9);
    expect(clock.pending).toBe(0);
  });

  it('schedules a past time at the present, and events scheduled by events run in the same run', () => {
    const clock = new VirtualClock(5);
    const seen: number[] = [];
    clock.schedule(1, () => {
      seen.push(clock.now());
      clock.schedule(clock.now() + 1, () => seen.push(clock.now()));
    });
    clock.runUntil(10);
    expect(seen).toEqual([5, 6]);
    expect(clock.step()).toBe(false);
  });

  it('cancelling twice, or after the event ran, changes nothing', () => {
    const clock = new VirtualClock();
    const seen: string[] = [];
    const cancelRun = clock.schedule(1, () => seen.push('ran'));
    const cancelTwice = clock.schedule(2, () => seen.push('never'));
    clock.schedule(3, () => seen.push('last'));
    cancelTwice();
    cancelTwice();
    expect(clock.pending).toBe(2);
    expect(clock.step()).toBe(true);
    cancelRun();
    expect(clock.pending).toBe(1);
    expect(clock.nextAt).toBe(3);
    clock.runFor(5);
    expect(seen).toEqual(['ran', 'last']);
  });
});

describe('VirtualClock.timer', () => {
  it('fires once, at the time set last, after the events already due then, as cancel and schedule would', () => {
    const seen: string[] = [];
    const moved = new VirtualClock();
    const timer = moved.timer(() => seen.push(`timer@${moved.now()}`));
    timer.set(3);
    moved.schedule(3, () => seen.push('first@3'));
    timer.set(4);
    timer.set(3);
    moved.schedule(3, () => seen.push('last@3'));
    moved.runUntil(10);

    const rescheduled: string[] = [];
    const plain = new VirtualClock();
    const cancelFirst = plain.schedule(3, () => rescheduled.push('timer@3, set first'));
    plain.schedule(3, () => rescheduled.push('first@3'));
    cancelFirst();
    plain.schedule(4, () => rescheduled.push('timer@4'))();
    plain.schedule(3, () => rescheduled.push(`timer@${plain.now()}`));
    plain.schedule(3, () => rescheduled.push('last@3'));
    plain.runUntil(10);

    expect(seen).toEqual(['first@3', 'timer@3', 'last@3']);
    expect(seen).toEqual(rescheduled);
  });

  it('set(undefined) cancels; a past time fires now; it can be set again after it fired', () => {
    const clock = new VirtualClock();
    const fired: number[] = [];
    const timer = clock.timer(() => fired.push(clock.now()));
    timer.set(2);
    timer.set(undefined);
    expect(clock.pending).toBe(0);
    clock.runUntil(5);
    timer.set(1);
    clock.runUntil(5);
    timer.set(7);
    clock.runUntil(10);
    expect(fired).toEqual([5, 7]);
    expect(clock.pending).toBe(0);
  });
});

describe('createRandom', () => {
  it('is deterministic per seed, uniform-ish in [0, 1), and forks independent streams', () => {
    const a = createRandom(42);
    const b = createRandom(42);
    const xs = Array.from({ length: 1000 }, () => a.next());
    expect(Array.from({ length: 1000 }, () => b.next())).toEqual(xs);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
    expect(createRandom(43).next()).not.toBe(createRandom(42).next());
    const f1 = createRandom(1).fork();
    const f2 = createRandom(1).fork();
    expect(f1.next()).toBe(f2.next());
  });
});

describe('VirtualClock ordering under load', () => {
  it('runs 5,000 events with many equal times in (time, scheduling) order, cancelled ones never', () => {
    const clock = new VirtualClock();
    const random = createRandom(3);
    const expected: [number, number][] = [];
    const seen: number[] = [];
    for (let i = 0; i < 5000; i++) {
      const at = Math.floor(random.next() * 50) / 10;
      const cancel = clock.schedule(at, () => seen.push(i));
      if (random.next() < 0.2) cancel();
      else expected.push([at, i]);
    }
    clock.runFor(10);
    expected.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
    expect(seen).toEqual(expected.map(([, i]) => i));
  });

  it('advance() lets awaited code run between events', async () => {
    const clock = new VirtualClock();
    const seen: string[] = [];
    const sleep = (seconds: number): Promise<void> => new Promise((resolve) => clock.schedule(clock.now() + seconds, resolve));
    const task = (async () => {
      for (let i = 0; i < 3; i++) {
        await sleep(1);
        seen.push(`tick ${clock.now()}`);
      }
    })();
    await clock.advance(10);
    await task;
    expect(seen).toEqual(['tick 1', 'tick 2', 'tick 3']);
    expect(clock.now()).toBe(10);
  });

  it('refuses NaN as a time: with a periodic timer it would run forever', async () => {
    const clock = new VirtualClock();
    const again = (): void => void clock.schedule(clock.now() + 1, again);
    again();
    expect(() => clock.runUntil(Number.NaN)).toThrow(new RangeError('VirtualClock.runUntil: expected a number of seconds, got NaN'));
    expect(() => clock.runFor(undefined as unknown as number)).toThrow(RangeError);
    await expect(clock.advance(Number.NaN)).rejects.toThrow(RangeError);
    expect(clock.now()).toBe(0);
    clock.runFor(3);
    expect(clock.now()).toBe(3);
  });
});
