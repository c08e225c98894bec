/**
 * When to send the next ping (PROTOCOL §6, "When to send"), as a pure
 * function of the node's view. The result `d` is in units of `gap`: the node
 * sends at `lastAcceptedPing + cycle + gap * d` unless a ping arrives first.
 *
 * The order of the slots is the reference's: nodes butting in first
 * (`d < 1/3`), then the chain oldest-first, then the last resort
 * (`1.5 <= d < 2`). The chain's slots are spaced evenly instead of the
 * reference's halving gaps (0.875, 0.9375, …), whose first gap of `gap/16`
 * is below ordinary network jitter and lets the second-oldest node collide
 * with the oldest and push it off the history (PROTOCOL §9).
 *
 * @module
 */

/** Earliest chain slot: after every butting-in slot (`d < 1/3`). */
export const CHAIN_FIRST_SLOT = 0.35;
/** The chain's slots all fall before this: the last resort starts at 1.5. */
export const CHAIN_SLOT_SPAN = 1.1;
/** Widest spacing between two successive chain slots. */
export const CHAIN_MAX_STEP = 0.25;

/**
 * The slot of a node on the chain, `rank` places after the oldest entry
 * (rank 0 sends first) out of `count` entries that may send.
 */
export function chainSlot(rank: number, count: number): number {
  const step = count > 1 ? Math.min(CHAIN_MAX_STEP, CHAIN_SLOT_SPAN / (count - 1)) : 0;
  return CHAIN_FIRST_SLOT + rank * step;
}

/** What the send-time rule needs to know about the node and its history. */
export interface SendTimeView {
  /** This node's name. */
  readonly self: string;
  /** The node's history, newest first. */
  readonly history: readonly string[];
  /** The configured history length (`nodes`); 0 or negative means unbounded. */
  readonly nodes: number;
  /** Whether the application called `setReady()`. */
  readonly ready: boolean;
  /** Whether the last value seen from `node` is not null. */
  hasValue(node: string): boolean;
  /** How many nodes this node has heard of. */
  readonly knownNodes: number;
  /** The configured rough number of nodes (`nHosts`). */
  readonly nHosts: number;
  /** `forceIn` from the config. */
  readonly forceIn: boolean;
  /** How many times in a row this node found itself off a full chain. */
  readonly notOnCount: number;
  /** A fresh uniform random number in [0, 1) per call. */
  random(): number;
}

/** The result of {@link sendDelay}. */
export interface SendDelay {
  /** The delay in units of `gap`, after `cycle`. */
  readonly factor: number;
  /** True when the node is off a full chain (the caller counts these). */
  readonly offFullChain: boolean;
}

/** The delay factor `d` for the next ping; see the module comment. */
export function sendDelay(view: SendTimeView): SendDelay {
  const { history, self, nodes } = view;
  if (history.length === 0) return { factor: 1.9 - view.random() / 5, offFullChain: false };
  if (history[0] === self) return { factor: 2, offFullChain: false };

  // Look at the first `nodes` entries: where the first ready node is, and where we are.
  const examined = nodes > 0 ? Math.min(history.length, nodes) : history.length;
  let firstReady = -1;
  let position = -1;
  for (let i = 0; i < examined; i++) {
    const name = history[i]!;
    if (firstReady < 0 && view.hasValue(name)) firstReady = i;
    if (name === self) position = i;
  }
  // L in the reference: one more than the number of entries looked at.
  const length = examined + 1;
  // Not ready, and the chain's first ready node is far back: hold back so
  // the chain does not fill up with nodes that do no work.
  if (!view.ready && firstReady + 1 > Math.floor(length / 2)) {
    return { factor: 2 + view.random() / 3, offFullChain: false };
  }
  if (position >= 0) {
    // Position 0 is handled above; positions 1 .. examined-1 may send, oldest first.
    const count = examined - 1;
    return { factor: chainSlot(count - position, count), offFullChain: false };
  }
  const total = Math.max(view.knownNodes, view.nHosts);
  if (view.forceIn) {
    if (view.notOnCount >= total) return { factor: view.random() / 4, offFullChain: false };
    if (view.random() > (view.notOnCount - 1) / total) return { factor: 0.5 + view.random() / 2, offFullChain: false };
    return { factor: view.random() / 2, offFullChain: false };
  }
  const missing = nodes > 0 ? nodes - history.length : 1;
  const offFullChain = missing <= 0;
  const f = offFullChain ? total : missing;
  const factor = view.random() < 1 / f / total ? view.random() / 3 : 1.5 + view.random() / 2;
  return { factor, offFullChain };
}
