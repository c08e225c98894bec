/**
 * The history this node follows (PROTOCOL §4): newest first, bounded, and
 * when its newest entry last changed.
 *
 * @module
 */
import type { ActorConfig } from '../config';
import type { WireLimits } from '../wire';
import { boundHistory, pushHistory } from './history';
import type { ChainMessage } from './ping-events';
import { followPassively } from './verdict';

/** The most rounds of the bound counted in {@link FollowedHistory.unheardWithin}. */
const MAX_ROUNDS_UNHEARD = 10;

/** The followed history of one node. See the module comment. */
export class FollowedHistory {
  #list: string[] = [];
  #since = -Infinity;
  #announced = false;
  #repeatedAt = -Infinity;

  readonly #maxKnownNodes: number;
  readonly #limits: WireLimits;

  /**
   * @param maxKnownNodes the longest history kept whatever `nodes` says
   * @param limits the wire limits: a received history is at most `maxHistory` long
   */
  constructor(maxKnownNodes: number, limits: WireLimits) {
    this.#maxKnownNodes = maxKnownNodes;
    this.#limits = limits;
  }

  /** The history, newest first (not a copy: do not change it). */
  get entries(): readonly string[] {
    return this.#list;
  }

  /** Follow `history` from `now` on; `announced` when a `hist` (not a ping of its newest node) brought it. */
  follow(now: number, history: string[], announced = false): void {
    this.#list = history;
    this.#since = now;
    this.#announced = announced;
  }

  /**
   * Whether this node may repeat the history it follows as a reminder at
   * `now`: at most once per `spacing` seconds (true when it may, and then
   * not again within `spacing`).
   */
  mayRepeat(now: number, spacing: number): boolean {
    if (now - this.#repeatedAt < spacing) return false;
    this.#repeatedAt = now;
    return true;
  }

  /** Whether the newest entry came from a `hist`: its sender's next ping then tells its own chain. */
  get headAnnounced(): boolean {
    return this.#announced;
  }

  /** Our own ping at `now`: we move to the front. */
  pushOwn(now: number, name: string, config: ActorConfig): void {
    this.follow(now, pushHistory(this.#list, name, this.bound(config)));
  }

  /** When the newest entry last changed. */
  get changedAt(): number {
    return this.#since;
  }

  /**
   * Whether the newest entry changed more than a cycle and a gap ago: a ping
   * from its sender again is then its fallback ping (sent `2 * gap` after
   * the cycle at the earliest), not the reminder it sends during its turn
   * (which ends `gap / 2` after the cycle) nor a copy.
   */
  headIsOld(now: number, config: ActorConfig): boolean {
    return now - this.#since >= config.cycle + config.gap;
  }

  /** Whether the newest entry changed less than a `gap` ago: nobody can have answered it yet. */
  headIsFresh(now: number, config: ActorConfig): boolean {
    return now - this.#since < config.gap;
  }

  /** Forget the history (we start over as a newcomer). */
  forget(): void {
    this.#list = [];
  }

  /**
   * Cut the history to the bound of `config`. A smaller `nodes` cuts it at
   * once: the update rule (PROTOCOL §4) only keeps a list within its
   * bound, it never shrinks one that is over it.
   */
  fit(config: ActorConfig): void {
    this.#list = boundHistory(this.#list, this.bound(config));
  }

  /** A ping or `hist` while passive: follow it without taking part. False when nothing changed. */
  followPassively(message: ChainMessage): boolean {
    const history = followPassively(message, this.#list, this.#limits.maxHistory);
    if (history) this.#list = history;
    return history !== undefined;
  }

  /**
   * The longest history this node keeps while taking part: `nodes`, but
   * never more than `maxKnownNodes`, so that neither an unbounded `nodes`
   * nor a huge one from the network lets made-up names grow it for ever.
   */
  bound(config: ActorConfig): number {
    return config.nodes > 0 ? Math.min(config.nodes, this.#maxKnownNodes) : this.#maxKnownNodes;
  }

  /**
   * How long, in seconds, a member of a healthy chain that we follow may go
   * unheard: each member pings about once per `bound` rounds, and with lost
   * pings we may miss one of its turns, so three rounds more than the bound
   * (at most 10 of it), in cycles. A chain message naming only members heard
   * within this is a fragment of ours left by lost pings, not a healed split.
   */
  unheardWithin(config: ActorConfig): number {
    return (Math.min(this.bound(config), MAX_ROUNDS_UNHEARD) + 3) * config.cycle;
  }

  /** The entries a ping or `hist` carries: `splits`, but no more than a peer with our limits accepts. */
  sent(config: ActorConfig, history: readonly string[] = this.#list): string[] {
    return history.slice(0, Math.min(config.splits, this.#limits.maxHistory));
  }
}
