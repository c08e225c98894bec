/**
 * When to send the next ping (PROTOCOL §6, "When to send"), as a pure
 * function of the node's view. The result `d` is in units of `gap`: the node
 * sends at `lastAcceptedPing + cycle + gap * d` unless a ping arrives first.
 *
 * The order of the slots is the reference's: nodes butting in first
 * (`d < 1/3`), then the chain oldest-first, then the last resort
 * (`1.5 <= d < 2`), which waits a cycle longer when the chain has at least
 * two members besides its last sender. Unlike the reference's halving gaps
 * (0.875, 0.9375, …), whose first gap of `gap/16` is below ordinary network
 * jitter (PROTOCOL §9): the oldest entry of any chain sends at 0.5–0.75
 * ({@link oldestSlot}), well before a reference node's second-oldest slot;
 * the next-oldest takes over {@link TAKEOVER_DELAY} after the oldest's slot
 * (or the slot the oldest was seen sending in, for slower nodes, and
 * {@link UNSEEN_OLDEST_SLOT} for one never seen there) if the oldest is
 * gone, so the next tag comes within `cycle + gap` once the oldest was seen
 * in its slot; the others,
 * and the last sender's fallback behind two or more entries, wait a cycle
 * more, so that a node that merely missed a ping hears the next one. After
 * the transport reported peers lost ({@link SendTimeView.peersLost}) they
 * send in this cycle instead (`hurriedSlot`).
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
/** How much later the oldest entry of a short chain sends per missing entry, at most. */
export const OLDEST_STEP = 0.05;
/** The oldest entry's slot is at most this much after {@link CHAIN_FIRST_SLOT}. */
export const OLDEST_SPAN = 0.25;
/**
 * How long after the oldest's slot the next-oldest takes over when the
 * oldest sent nothing: well beyond the jitter of two deliveries, and early
 * enough that the next tag comes within `cycle + gap` of the last.
 */
export const TAKEOVER_DELAY = 0.3;
/**
 * The slot assumed for an oldest entry never seen sending as the oldest:
 * the latest a node of either schedule sends in (a reference node's oldest
 * slot, 0.875), so that the next-oldest does not cut in on a slower node it
 * knows nothing of yet.
 */
export const UNSEEN_OLDEST_SLOT = 0.875;
/**
 * Added to the slots of those who wait a cycle more: two ordinary rounds
 * (oldest slots, or a take-over) end before `2 * cycle + 2 * gap`, and a
 * node that missed one ping must hear the next instead of crossing it.
 */
export const SECOND_CYCLE_SHIFT = 1.5;
/**
 * How long after the latest chain slot of the second cycle the last sender's
 * fallback comes: half a `gap`, so that the ping of the entry right behind
 * it (position 1, the latest slot, sent a delivery later since that entry
 * heard our ping a delivery after we sent it) reaches the last sender
 * first unless a round trip takes over half a `gap`. At `0.05` the two sent
 * within a delivery of each other and crossed: in a split half at cycle 2 s,
 * gap 0.6 s and latency 80 ± 80 ms, 28 of 400 halves went over 10 s without
 * a tag (none at half a `gap`).
 */
export const FALLBACK_MARGIN = 0.5;
/** The last sender's fallback behind two or more entries, a cycle later, after every chain slot of that cycle (3.45). */
export const SECOND_CYCLE_FALLBACK = CHAIN_FIRST_SLOT + CHAIN_SLOT_SPAN + SECOND_CYCLE_SHIFT + FALLBACK_MARGIN;

/**
 * After the transport reported peers lost, the chain's slots behind the
 * next-oldest's take-over are this far apart at most (`hurriedSlot`).
 */
export const HURRIED_STEP = 0.25;
/** ...and they end here, before `2.5` (the spacing shrinks for long chains); off the chain, the last resort follows. */
export const HURRIED_END = 2.0;

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
  /** The slot `node` was last seen sending in as the oldest entry (see `PeerTimes`), if known. */
  slotOf?(node: string): number | undefined;
  /**
   * Whether the transport reported peers lost lately, within a rotation and
   * a cycle (Serf: members failed or left; a partition may have cut the
   * chain's oldest entries off; see `ActorMachine.peersLost`). Chain members
   * then send in the cycle their ping is due instead of waiting a cycle more
   * (`hurriedSlot`); false when not given.
   */
  readonly peersLost?: boolean;
  /** How many nodes this node has heard of. */
  readonly knownNodes: number;
  /** The configured rough number of nodes (`nHosts`). */
  readonly nHosts: number;
  /** `forceIn` from the config. */
  readonly forceIn: boolean;
  /** How many times in a row this node found itself off a full chain. */
  readonly leftOutCount: number;
  /**
   * How many times in a row this node found itself off a chain with room
   * (see {@link SendDelay.waitsForRoom}); 0 when not given.
   */
  readonly roomCount?: number;
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
  /** True when the node is off a chain that has room (the caller counts these, see {@link SendTimeView.roomCount}). */
  readonly waitsForRoom?: boolean;
}

/** The delay factor `d` for the next ping; see the module comment. */
export function sendDelay(view: SendTimeView): SendDelay {
  const { history, self, nodes } = view;
  if (history.length === 0) return { factor: 1.9 - view.random() / 5, leftOut: false };
  // The last sender's fallback. With two or more entries behind it, the
  // oldest sends first and the next-oldest takes over if the oldest is gone,
  // so wait a cycle more: a last sender that merely missed the oldest's ping
  // then hears the next one instead of sending a stale ping of its own.
  if (history[0] === self) {
    const examined = examinedOf(history, nodes);
    if (examined < 3) return { cycles: 1, factor: 2, leftOut: false };
    if (view.peersLost) return { factor: hurriedSlot(view, 0, examined, lastPositionOf(view)), leftOut: false };
    return { cycles: 2, factor: SECOND_CYCLE_FALLBACK, leftOut: false };
  }

  // Look at the first `nodes` entries: where the first ready node is, and where we are.
  const examined = examinedOf(history, nodes);
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
  if (position >= 0) return onChainDelay(view, position, examined, lastPositionOf(view));
  return offChainDelay(view, examined);
}

/** The furthest position of the history that can send: `nodes - 1` (with `nodes` unbounded, the history's last). */
function lastPositionOf(view: SendTimeView): number {
  return view.nodes > 0 ? view.nodes - 1 : view.history.length - 1;
}

/** How many entries of `history` the rule looks at: the first `nodes` (all when unbounded). */
function examinedOf(history: readonly string[], nodes: number): number {
  return nodes > 0 ? Math.min(history.length, nodes) : history.length;
}

/**
 * The slot of the oldest entry, at `position` of a history whose furthest
 * sending position is `lastPosition`: {@link CHAIN_FIRST_SLOT} for a full
 * chain, a little later for a shorter one, and never later than
 * `CHAIN_FIRST_SLOT + OLDEST_SPAN`. So the oldest of any chain sends well
 * before the reference's second-oldest (0.9375), and two nodes that hold
 * histories of different lengths, each oldest in its own, still send apart.
 */
export function oldestSlot(position: number, lastPosition: number): number {
  const step = lastPosition > 1 ? Math.min(OLDEST_STEP, OLDEST_SPAN / (lastPosition - 1)) : 0;
  return CHAIN_FIRST_SLOT + Math.max(0, lastPosition - position) * step;
}

/**
 * A chain member other than the last sender: the oldest sends in its slot
 * ({@link oldestSlot}); the next-oldest takes over {@link TAKEOVER_DELAY}
 * later in the same cycle if the oldest is gone (its ping would have come
 * first); the others wait a cycle more, in {@link chainSlot} order.
 */
function onChainDelay(view: SendTimeView, position: number, examined: number, lastPosition: number): SendDelay {
  const oldest = examined - 1;
  if (position === oldest) return { factor: oldestSlot(position, lastPosition), leftOut: false };
  if (position === oldest - 1) return { factor: takeOverSlot(view, examined, lastPosition), leftOut: false };
  if (view.peersLost) return { factor: hurriedSlot(view, position, examined, lastPosition), leftOut: false };
  return { cycles: 2, factor: chainSlot(position, lastPosition) + SECOND_CYCLE_SHIFT, leftOut: false };
}

/**
 * The next-oldest's slot: {@link TAKEOVER_DELAY} after the oldest's own,
 * which is ours ({@link oldestSlot}) or later if the oldest was seen sending
 * later (a reference node, at 0.875); one never seen sending as the oldest
 * may be a reference node ({@link UNSEEN_OLDEST_SLOT}).
 */
function takeOverSlot(view: SendTimeView, examined: number, lastPosition: number): number {
  const oldest = examined - 1;
  return Math.max(oldestSlot(oldest, lastPosition), view.slotOf?.(view.history[oldest]!) ?? UNSEEN_OLDEST_SLOT) + TAKEOVER_DELAY;
}

/**
 * The slot, in the same cycle, of the chain member at `position` behind the
 * next-oldest (the last sender too, at position 0) once the transport
 * reported peers lost: after the take-over slot, oldest-first,
 * `HURRIED_STEP` apart (less for long chains, so that the last ends
 * by `HURRIED_END`). So when a partition cuts the chain's oldest
 * entries off, the part without them tags again within about
 * `cycle + 2 * gap` instead of a cycle later; where the oldest is there,
 * its ping comes first and the others hear it.
 */
export function hurriedSlot(view: SendTimeView, position: number, examined: number, lastPosition: number): number {
  const takeOver = takeOverSlot(view, examined, lastPosition);
  const behind = examined - 2;
  const step = Math.min(HURRIED_STEP, Math.max(0, HURRIED_END - takeOver) / Math.max(1, behind));
  return takeOver + (behind - position) * step;
}

/**
 * The delay of a node off the chain that was left out too often and now
 * forces its way in (the reference's rule, shared by every schedule): at
 * once if it was left out `total` times, else early in the cycle.
 *
 * @param total how many nodes may compete: known nodes or `nHosts`, the larger
 */
export function forcedInDelay(view: SendTimeView, total: number): SendDelay {
  if (view.leftOutCount >= total) return { factor: view.random() / 4, leftOut: false };
  if (view.random() > (view.leftOutCount - 1) / total) return { factor: 0.5 + view.random() / 2, leftOut: false };
  return { factor: view.random() / 2, leftOut: false };
}

/** The delay of a node not on the history: butting in now and then, else the last resort. */
function offChainDelay(view: SendTimeView, examined: number): SendDelay {
  const { history, nodes } = view;
  const total = Math.max(view.knownNodes, view.nHosts);
  if (view.forceIn) return forcedInDelay(view, total);
  const missing = nodes > 0 ? nodes - history.length : 1;
  const leftOut = missing <= 0;
  // Butt in early with probability 1/total² off a full chain (the reference's
  // rule). While the chain has room, spread its free places over the nodes
  // that might want them (the reference used 1/(missing·total), which makes
  // a group of five take dozens of cycles to fill its rotation).
  const candidates = Math.max(1, total - history.length);
  const chance = leftOut ? 1 / total / total : Math.min(1, (missing * roomFactor(view)) / (2 * candidates));
  const waitsForRoom = !leftOut;
  if (view.random() < chance) return { factor: view.random() / 3, leftOut, waitsForRoom };
  // The last resort. With at least two chain members besides the last sender,
  // one of them sends first unless all are gone, so wait a whole cycle more,
  // after the last sender's own fallback:
  // a node that merely missed the last ping then hears the next one instead
  // of sending a needless ping of its own (PROTOCOL §9, lost pings).
  if (examined < 3) return { factor: 1.5 + view.random() / 2, leftOut, waitsForRoom };
  // Peers were lost: the chain may be cut off whole, so the last resort comes in this cycle, after every hurried chain slot.
  if (view.peersLost) return { factor: Math.max(HURRIED_END, hurriedSlot(view, 0, examined, lastPositionOf(view))) + view.random() / 4, leftOut, waitsForRoom };
  return { cycles: 2, factor: SECOND_CYCLE_FALLBACK + view.random() / 2, leftOut, waitsForRoom };
}

/** Beyond this many doublings the chance is 1 for any count of known nodes (up to 2^20). */
const MAX_ROOM_DOUBLINGS = 20;

/**
 * How much more likely a node is to take a free place after waiting
 * `roomCount` times in a row off a chain with room, while it knows more
 * nodes than `nHosts`: twice as likely each time. Those known nodes include
 * names heard once and never again (nodes long gone, or a flood of made-up
 * names); every round the room stays free is evidence that half of them
 * will not come, so they age out of the count, and the chain fills within
 * about `log2(known nodes)` rounds however many names were made up. Where
 * the count is right the room fills in the first round or two, as before;
 * a group no larger than `nHosts` keeps the plain chance (that of the
 * rotation's fairness beside reference nodes).
 */
function roomFactor(view: SendTimeView): number {
  if (view.knownNodes <= view.nHosts) return 1;
  return 2 ** Math.min(view.roomCount ?? 0, MAX_ROOM_DOUBLINGS);
}
