/**
 * The Python reference's send-time rule (PROTOCOL §6, "When to send"), as a
 * pure function with the shape of core's `sendDelay`: the delay factor `d`
 * in units of `gap` after a whole cycle. Chain slots halve their gaps
 * towards 1 (`d = 1 - 2^-(L-p) / 2`: 0.875 for the oldest of a full chain,
 * then 0.9375, …), butting in at `d < 1/3`, the last resort in [1.5, 2).
 *
 * @module
 */
import { forcedInDelay, type SendDelay, type SendTimeView } from '@asyncactor/core/internal';

/** The reference's chain slot of the entry at `position` (0 = newest) when `length` is one more than the entries looked at. */
export function referenceChainSlot(position: number, length: number): number {
  return 1 - 2 ** -(length - position) / 2;
}

/** The reference's delay factor for the next ping; see the module comment. */
export function referenceSendDelay(view: SendTimeView): SendDelay {
  const { history, self, nodes } = view;
  if (history.length === 0) return { factor: 1.9 - view.random() / 5, leftOut: false };
  if (history[0] === self) return { factor: 2, leftOut: false };
  const examined = nodes > 0 ? Math.min(history.length, nodes) : history.length;
  // 1-based places of the first ready node and of this node (0: none), as the reference counts them.
  let firstReady = 0;
  let place = 0;
  for (let i = 0; i < examined; i++) {
    if (firstReady === 0 && view.hasValue(history[i]!)) firstReady = i + 1;
    if (history[i] === self) place = i + 1;
  }
  const length = examined + 1;
  if (!view.ready && firstReady > Math.floor(length / 2)) return { factor: 2 + view.random() / 3, leftOut: false };
  if (place > 0) return { factor: referenceChainSlot(place - 1, length), leftOut: false };
  return referenceOffChain(view);
}

/** Off the chain: butting in now and then, else the last resort. */
function referenceOffChain(view: SendTimeView): SendDelay {
  const { history, nodes } = view;
  const total = Math.max(view.knownNodes, view.nHosts);
  if (view.forceIn) return forcedInDelay(view, total);
  const missing = nodes > 0 ? nodes - history.length : 1;
  const leftOut = missing <= 0;
  const f = leftOut ? total : missing;
  if (view.random() < 1 / f / total) return { factor: view.random() / 3, leftOut };
  return { factor: 1.5 + view.random() / 2, leftOut };
}
