/**
 * Telling Serf's late replays from fresh user events by their Lamport times.
 *
 * When two parts of a Serf cluster meet again after a partition, the agents'
 * anti-entropy (push-pull) delivers the user events each part missed: every
 * ping the other side sent during the split arrives at once, long after it
 * was sent, in no particular order. An actor cannot tell a stale ping from a
 * fresh one, and following stale pings scrambles the chain for cycles.
 *
 * Serf stamps every user event with the cluster's Lamport time, and every
 * agent advances its clock past each event it hears. Within a connected
 * cluster an event is therefore sent with a time above those of all the
 * events its sender had heard, and every agent hears an event within the
 * gossip latency. An event whose time this channel had already seen reached
 * (or passed) more than `staleAfterMs` ago was sent by an agent that had not
 * heard from us for that long: it comes from the other side of a split, late.
 *
 * @module
 */

/** A new highest Lamport time, and when it was first seen. */
interface Mark {
  readonly time: number;
  readonly at: number;
}

/** Decides, event by event, whether a user event is a late replay. */
export class LateEventFilter {
  /** Each new highest time and when it was seen: ascending in both. Of those older than the window only the newest counts. */
  private marks: Mark[] = [];
  /** Marks before this index are forgotten (compacted away now and then). */
  private first = 0;

  /**
   * @param staleAfterMs how long after its Lamport time was overtaken an event counts as late
   * @param now the clock, in milliseconds: monotonic (`performance.now()` by
   *   default), so that a wall-clock jump neither lets stale replays through
   *   nor drops fresh events
   */
  constructor(
    private readonly staleAfterMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** True if the event stamped `lamportTime` is fresh; false if it is a late replay. */
  admit(lamportTime: number): boolean {
    const now = this.now();
    const cutoff = now - this.staleAfterMs;
    // The newest mark at or before the cutoff: every time up to it was
    // reached at least `staleAfterMs` ago. Older marks say less: drop them.
    while (this.first + 1 < this.marks.length && this.marks[this.first + 1]!.at <= cutoff) this.first++;
    if (this.first >= 1024 && this.first * 2 >= this.marks.length) {
      this.marks = this.marks.slice(this.first);
      this.first = 0;
    }
    const anchor = this.marks[this.first];
    const late = anchor !== undefined && anchor.at <= cutoff && lamportTime <= anchor.time;
    // The last mark holds the highest time seen.
    const last = this.marks[this.marks.length - 1];
    if (last === undefined || lamportTime > last.time) {
      // Marks closer together than a millisecond say nothing more: replace.
      if (last !== undefined && last.at === now) this.marks[this.marks.length - 1] = { time: lamportTime, at: now };
      else this.marks.push({ time: lamportTime, at: now });
    }
    return !late;
  }

  /** Forget every time seen: the agent may have restarted with its clock at zero. */
  reset(): void {
    this.marks = [];
    this.first = 0;
  }
}
