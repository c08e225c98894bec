/**
 * The calls of one connection that wait for their reply, by `Seq`, and
 * their time limits.
 *
 * One timer serves every call: it is set for the earliest deadline and, when
 * it fires, fails the calls that are due and is set again for the earliest
 * of the rest. A call answered in time costs no timer of its own (no
 * `setTimeout` and `clearTimeout` per call); while calls keep being answered
 * the timer fires about once per time limit, finds nothing due and moves on.
 *
 * @module
 */
import type { SerfCommand } from './rpc/commands';

/** Receives the records of a streaming command (`stream`, `monitor`, `query`). */
export interface RecordSink {
  record(body: unknown): void;
  /** The stream is over: the connection closed, or the agent refused it. */
  fail(error: Error): void;
}

/** A call waiting for its reply. */
export interface PendingCall {
  readonly command: SerfCommand;
  readonly resolve: (body: unknown) => void;
  readonly reject: (error: Error) => void;
  /** For streaming commands: where the records go after the acknowledgement. */
  readonly sink: RecordSink | undefined;
  /** For streaming commands: the acknowledgement came, records follow. */
  acknowledged: boolean;
  /** Its time limit, in ms. */
  readonly timeoutMs: number;
  /** When it times out, on the monotonic clock; never once a stream is acknowledged. */
  deadline: number;
}

/** A timer fires up to a millisecond before the time asked for (its clock counts whole ms); a call that close to its deadline is due. */
const TIMER_SLACK_MS = 1;

/** The pending calls of a connection, with one timer for their deadlines. See the module comment. */
export class PendingCalls {
  private readonly calls = new Map<number, PendingCall>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The deadline the timer is set for (Infinity: no timer). */
  private timerAt = Infinity;
  private readonly onTimer = (): void => this.expireDue();

  /**
   * @param timedOut called for each call whose deadline passed, after it left the table
   * @param now the monotonic clock, in ms
   */
  constructor(
    private readonly timedOut: (seq: number, call: PendingCall) => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** How many calls wait. */
  get size(): number {
    return this.calls.size;
  }

  /** The call waiting on `seq`, if any. */
  get(seq: number): PendingCall | undefined {
    return this.calls.get(seq);
  }

  /** A call was sent on `seq`; it times out `call.timeoutMs` from now (this sets its `deadline`). */
  add(seq: number, call: PendingCall): void {
    const deadline = this.now() + call.timeoutMs;
    call.deadline = deadline;
    this.calls.set(seq, call);
    if (deadline < this.timerAt) this.arm(deadline);
  }

  /** The call on `seq` is over (answered, stopped or given up on). True if it was waiting. */
  delete(seq: number): boolean {
    return this.calls.delete(seq);
  }

  /** A stream's acknowledgement came: its records follow, and it no longer times out. */
  acknowledge(call: PendingCall): void {
    call.acknowledged = true;
    call.deadline = Infinity;
  }

  /** Take out every call (the connection ended), and stop the timer. */
  takeAll(): PendingCall[] {
    const all = [...this.calls.values()];
    this.calls.clear();
    this.disarm();
    return all;
  }

  private arm(at: number): void {
    this.disarm();
    this.timerAt = at;
    this.timer = setTimeout(this.onTimer, Math.max(0, at - this.now()));
    // Only a live socket keeps the process running, never a time limit.
    this.timer.unref();
  }

  private disarm(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Infinity;
  }

  private expireDue(): void {
    this.timer = undefined;
    this.timerAt = Infinity;
    const due = this.now() + TIMER_SLACK_MS;
    let next = Infinity;
    for (const [seq, call] of this.calls) {
      if (call.deadline <= due) {
        this.calls.delete(seq);
        this.timedOut(seq, call);
      } else if (call.deadline < next) next = call.deadline;
    }
    if (next < this.timerAt) this.arm(next);
  }
}
