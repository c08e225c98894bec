/**
 * When to send the next ping (PROTOCOL §6, "When to send"), as a pure
 * function of the node's view. The result `d` is in units of `gap`: the node
 * sends at `lastAcceptedPing + cycle + gap * d` unless a ping arrives first.
 *
 * The order of the slots is the reference's: nodes butting in first
 * (`d < 1/3`), then the chain oldest-first, then the last resort
 * (`1.5 <= d < 2`), which waits a cycle longer when the chain has at least
 * two members besides its last sender. The chain's slots are spaced evenly instead of the
 * reference's halving gaps (0.875, 0.9375, …), whose first gap of `gap/16`
 * is below ordinary network jitter and lets the second-oldest node collide
 * with the oldest and push it off the history (PROTOCOL §9).
 *
 * @module
 */

/**
 * Earliest chain slot: well after every butting-in slot (`d < 1/3`), so that
 * a node butting in late is heard before the oldest entry sends.
 */
export const CHAIN_FIRST_SLOT = 0.5;
/** The chain's slots span this much, ending before the last resort at 1.5. */
export const CHAIN_SLOT_SPAN = 0.95;
/** Widest spacing between two successive chain slots. */
export const CHAIN_MAX_STEP = 0.25;

/**
 * The slot of the node at `position` of the history (1 = the entry after the
 * last sender), where `lastPosition` is the furthest position that can send
 * (`nodes - 1`). It depends on the position counted from the newest entry,
 * not on the history's length, so nodes that hold histories of different
 * lengths (a received one carries only `splits` entries) still agree.
 */
export function chainSlot(position: number, lastPosition: number): number {
  const step = lastPosition > 1 ? Math.min(CHAIN_MAX_STEP, CHAIN_SLOT_SPAN / (lastPosition - 1)) : 0;
  return CHAIN_FIRST_SLOT + Math.max(0, lastPosition - position) * step;
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
  readonly leftOutCount: number;
  /** A fresh uniform random number in [0, 1) per call. */
  random(): number;
}

/** The result of {@link sendDelay}. */
export interface SendDelay {
  /** Whole cycles to wait before the `gap`-scaled part: 1, or 2 for a deferred last resort. */
  readonly cycles?: number;
  /** The delay in units of `gap`, after the cycles. */
  readonly factor: number;
  /** True when the node is off a full chain (the caller counts these). */
  readonly leftOut: boolean;
}

/** The delay factor `d` for the next ping; see the module comment. */
export function sendDelay(view: SendTimeView): SendDelay {
  const { history, self, nodes } = view;
  if (history.length === 0) return { factor: 1.9 - view.random() / 5, leftOut: false };
  if (history[0] === self) return { factor: 2, leftOut: false };

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
    return { factor: 2 + view.random() / 3, leftOut: false };
  }
  if (position >= 0) {
    // Position 0 is handled above. The oldest entry sends in its slot. The
    // others wait a cycle more: if the oldest is gone, the last sender's own
    // fallback (d = 2) drops it from the history within this cycle, and the
    // next oldest takes over from then on. A node that merely missed the
    // oldest's ping so hears the next one instead of sending a rival ping.
    const lastPosition = nodes > 0 ? nodes - 1 : history.length - 1;
    const oldest = position === examined - 1;
    return { cycles: oldest ? 1 : 2, factor: chainSlot(position, lastPosition), leftOut: false };
  }
  return offChainDelay(view, examined);
}

/** The delay of a node not on the history: butting in now and then, else the last resort. */
function offChainDelay(view: SendTimeView, examined: number): SendDelay {
  const { history, nodes } = view;
  const total = Math.max(view.knownNodes, view.nHosts);
  if (view.forceIn) {
    if (view.leftOutCount >= total) return { factor: view.random() / 4, leftOut: false };
    if (view.random() > (view.leftOutCount - 1) / total) return { factor: 0.5 + view.random() / 2, leftOut: false };
    return { factor: view.random() / 2, leftOut: false };
  }
  const missing = nodes > 0 ? nodes - history.length : 1;
  const leftOut = missing <= 0;
  // Butt in early with probability 1/total² off a full chain (the reference's
  // rule). While the chain has room, spread its free places over the nodes
  // that might want them (the reference used 1/(missing·total), which makes
  // a group of five take dozens of cycles to fill its rotation).
  const candidates = Math.max(1, total - history.length);
  const chance = leftOut ? 1 / total / total : Math.min(1, missing / (2 * candidates));
  if (view.random() < chance) return { factor: view.random() / 3, leftOut };
  // The last resort. With at least two chain members besides the last sender,
  // one of them sends first unless all are gone, so wait a whole cycle more:
  // a node that merely missed the last ping then hears the next one instead
  // of sending a needless ping of its own (PROTOCOL §9, lost pings).
  const cycles = examined >= 3 ? 2 : 1;
  return { cycles, factor: 1.5 + view.random() / 2, leftOut };
}
