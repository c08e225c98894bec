/**
 * Who holds the turn, as far as this node can tell from the pings it
 * accepted: the sender of the last one, if that ping takes the turn (see
 * {@link takesTurn}), from the ping until its turn is due to end
 * (`cycle + gap/2` after it: `gap` pending, then `cycle - gap/2` tagged).
 *
 * @module
 */
import type { ActorConfig } from '../config';
import type { ChainMessage } from './ping-events';

/**
 * Whether the sender of `message` takes the turn with it: a ping whose
 * sender followed a chain (PROTOCOL §6, "Sending a ping": the history was
 * not empty before it added itself). Its history names a predecessor, or
 * the sender pinged again on a chain of its own (it is our newest entry,
 * `previousHead`). The first ping of a new chain takes no turn, nor does a
 * `hist`.
 */
export function takesTurn(message: ChainMessage, previousHead: string | undefined): boolean {
  return message.type === 'ping' && (message.history.length > 1 || message.history[0] === previousHead);
}

/** The holder of the turn, as far as this node knows. See the module comment. */
export class TurnHolder {
  #node: string | undefined;
  #since = -Infinity;
  #until = -Infinity;

  /**
   * A chain message from `node` was accepted at `now`; `takes` says whether
   * it takes the turn. A copy of the holder's ping (within half a cycle)
   * changes nothing.
   */
  accepted(now: number, node: string, takes: boolean, config: ActorConfig): void {
    if (takes && node === this.#node && now - this.#since < config.cycle / 2) return;
    this.#node = takes ? node : undefined;
    this.#since = now;
    this.#until = now + config.cycle + config.gap / 2;
  }

  /** The holder at `now`, if its turn has not ended. */
  at(now: number): string | undefined {
    return now < this.#until ? this.#node : undefined;
  }
}
