/**
 * What this node saw of each peer's timing: when it last heard a chain
 * message from it, and the slot it was last seen sending in as the oldest
 * entry of the chain (in units of `gap` after the cycle, latency included).
 *
 * Our nodes send as the oldest at about 0.5, a Python reference node at
 * 0.875: the next-oldest waits for the oldest's own slot before it takes
 * over (see `sendDelay`), so that it does not cut in on a slower node that
 * is alive. And a rival chain whose members were heard lately is a
 * fragment of our own chain left by lost pings, not a healed split (see
 * `judge`). Bounded like the value memory: beyond `limit` names the one
 * heard least recently goes first.
 *
 * @module
 */
import type { ActorConfig } from '../config';
import { setNewest } from './newest';

interface PeerTime {
  heardAt: number;
  slot: number | undefined;
}

/** The peers' observed timing. See the module comment. */
export class PeerTimes {
  readonly #peers = new Map<string, PeerTime>();

  readonly #limit: number;

  /** @param limit most names remembered */
  constructor(limit: number) {
    this.#limit = limit;
  }

  /** A chain message from `node` arrived at `now`. */
  heard(node: string, now: number): void {
    const peer = this.#peers.get(node) ?? { heardAt: now, slot: undefined };
    peer.heardAt = now;
    setNewest(this.#peers, node, peer, this.#limit);
  }

  /** When `node` was last heard (-Infinity if never, or forgotten). */
  heardAt(node: string): number {
    return this.#peers.get(node)?.heardAt ?? -Infinity;
  }

  /**
   * `node` sent as the oldest entry `elapsed` seconds after the ping before
   * it was accepted. Elapsed times outside one cycle plus two gaps are not
   * slots (the ping before was missed, or the node waited a cycle more).
   */
  observeSlot(node: string, elapsed: number, config: ActorConfig): void {
    const slot = (elapsed - config.cycle) / config.gap;
    const peer = this.#peers.get(node);
    if (peer && slot >= 0 && slot < 2) peer.slot = slot;
  }

  /** The slot `node` was last seen sending in as the oldest entry, if any. */
  slotOf(node: string): number | undefined {
    return this.#peers.get(node)?.slot;
  }
}
