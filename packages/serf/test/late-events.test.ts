import { LateEventFilter } from '../src/late-events';

describe('LateEventFilter', () => {
  let now = 0;
  const filter = (): LateEventFilter => new LateEventFilter(2000, () => now);
  beforeEach(() => {
    now = 1_000_000;
  });

  it('admits events in order and events reordered within the window', () => {
    const late = filter();
    expect(late.admit(10)).toBe(true);
    now += 500;
    expect(late.admit(12)).toBe(true);
    now += 1000;
    // Time 11 was overtaken (by 12) 1 s ago: gossip may be that slow.
    expect(late.admit(11)).toBe(true);
    expect(late.admit(9)).toBe(true);
  });

  it('drops an event whose time was overtaken longer ago than the window', () => {
    const late = filter();
    late.admit(100);
    now += 2500;
    late.admit(101);
    expect(late.admit(100)).toBe(false);
    expect(late.admit(50)).toBe(false);
    // Newer than anything seen: fresh.
    expect(late.admit(102)).toBe(true);
  });

  it('judges by when each time was first passed, not by the newest time', () => {
    const late = filter();
    late.admit(100);
    now += 1500;
    late.admit(200); // passed 1.5 s after 100
    now += 1000; // 100 was passed 2.5 s ago, 200 only 1 s ago
    expect(late.admit(150)).toBe(true);
    expect(late.admit(99)).toBe(false);
    now += 1500; // now 200 too is older than the window
    expect(late.admit(150)).toBe(false);
    expect(late.admit(201)).toBe(true);
  });

  it('a Serf heal: the other side replays its split-time events at once, the fresh ones go through', () => {
    const late = filter();
    // Our side: an event every 2 s for 20 s, times 1..10.
    for (let t = 1; t <= 10; t++) {
      late.admit(t);
      now += 2000;
    }
    // The other side's events of the split, same clock rate, arrive together.
    const replayed = [3, 9, 1, 7, 5, 8, 2, 6, 4].map((t) => late.admit(t));
    expect(replayed.filter(Boolean)).toEqual([]);
    // After the push-pull both clocks are past 10: fresh events are newer.
    expect(late.admit(11)).toBe(true);
  });

  it('reset forgets everything (an agent restarted with its clock at zero)', () => {
    const late = filter();
    late.admit(1000);
    now += 5000;
    late.admit(1001);
    late.reset();
    expect(late.admit(1)).toBe(true);
    now += 5000;
    expect(late.admit(2)).toBe(true);
  });

  it('keeps its memory bounded by the window', () => {
    const late = filter();
    for (let t = 0; t < 100_000; t++) {
      now += 1;
      late.admit(t);
    }
    // One mark per millisecond inside a 2 s window, and the forgotten ones
    // until the next compaction (at most as many again, and 1024).
    const { marks, first } = late as unknown as { marks: unknown[]; first: number };
    expect(marks.length - first).toBeLessThanOrEqual(2002);
    expect(marks.length).toBeLessThanOrEqual(2 * 2002 + 1024);
    expect(late.admit(100_000 - 2500)).toBe(false);
  });
});

describe('LateEventFilter on its default clock', () => {
  const hour = 3_600_000;
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  /** Our side's events 1..10, one every 2 s, as in the heal above. */
  function ourSide(late: LateEventFilter): void {
    for (let t = 1; t <= 10; t++) {
      late.admit(t);
      jest.advanceTimersByTime(2000);
    }
  }

  it('a wall clock set back an hour does not let stale replays through', () => {
    const late = new LateEventFilter(2000);
    ourSide(late);
    jest.setSystemTime(Date.now() - hour);
    const replayed = [3, 9, 1, 7, 5, 8, 2, 6, 4].map((t) => late.admit(t));
    expect(replayed.filter(Boolean)).toEqual([]);
  });

  it('a wall clock set forward an hour does not drop a fresh event that crossed another', () => {
    const late = new LateEventFilter(2000);
    late.admit(100);
    jest.advanceTimersByTime(500);
    late.admit(101);
    jest.setSystemTime(Date.now() + hour);
    jest.advanceTimersByTime(500);
    // 100 was overtaken 500 ms ago: gossip may reorder that much.
    expect(late.admit(100)).toBe(true);
    // What is dropped still follows the monotonic clock.
    jest.advanceTimersByTime(2500);
    expect(late.admit(100)).toBe(false);
  });
});
