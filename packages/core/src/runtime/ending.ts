/**
 * How an actor ends: the first reason given wins, `actor.done`
 * resolves with it once everything is released, and the end is logged.
 *
 * @module
 */
import type { DecisionLog } from './decision-log';

/** How an actor ended: what `actor.done` resolves with. */
export interface ActorDone {
  /**
   * `closed`: by `actor.close()` (or `await using`); `failed`: a name
   * collision, a start-up that failed, a callback that broke its contract,
   * a transport that closed for good; `aborted`: the `signal` aborted.
   */
  readonly reason: 'closed' | 'failed' | 'aborted';
  /** The failure, or the abort's reason. */
  readonly error?: Error;
}

/** The end of one actor. See the module comment. */
export class Ending {
  /** Resolves with how the actor ended, once it has released everything. Never rejects. */
  readonly done: Promise<ActorDone>;
  #end: ActorDone | undefined;
  #resolve!: (done: ActorDone) => void;

  constructor() {
    this.done = new Promise((resolve) => (this.#resolve = resolve));
  }

  /** The actor is to end for `end`, unless an earlier reason was given. */
  because(end: ActorDone): void {
    this.#end ??= end;
  }

  /** Everything is released: log how it ended (with a logger) and resolve {@link done}. */
  finish(log: DecisionLog | undefined): void {
    const end = this.#end ?? { reason: 'closed' };
    if (end.reason === 'failed') log?.write('error', `failed: ${end.error?.message ?? 'unknown error'}`);
    else log?.write('info', end.reason === 'aborted' ? `aborted: ${String(end.error?.message ?? end.error)}` : 'closed');
    this.#resolve(end);
  }
}
