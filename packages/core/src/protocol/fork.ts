/**
 * How two histories relate (PROTOCOL §9, lost pings): where they meet, and
 * how to continue ours with a received one.
 *
 * Pings get lost. A node that missed some sends on an older state of the
 * chain, and a node that missed some receives a ping that seems to name the
 * wrong predecessor. Both are forks of one chain, not a network split, and
 * are told apart from a split by a shared run of entries.
 *
 * @module
 */
import { boundHistory } from './history';

/** Where two histories meet, as positions in each; see {@link findFork}. */
export interface Fork {
  /** Position in the received history. */
  readonly theirs: number;
  /** Position in our history. */
  readonly ours: number;
}

/**
 * Where two histories meet: positions `theirs` and `ours` of the same entry
 * such that the entries after it agree too. The positions count the pings
 * each branch holds since the chains parted.
 *
 * Names recur as the chain rotates, and a node that sends from the middle of
 * the history moves itself to the front, so the tails are compared without
 * the two senders, and a match confirmed by at least one agreeing entry
 * after it wins over one where the received history ran out. Undefined if
 * the histories share no such run: the chains grew apart (a healed split).
 */
export function findFork(theirs: readonly string[], ours: readonly string[]): Fork | undefined {
  const senders = new Set([theirs[0], ours[0]]);
  const after = (list: readonly string[], index: number): string[] => list.slice(index + 1).filter((n) => !senders.has(n));
  let weak: Fork | undefined;
  for (let i = 1; i < theirs.length; i++) {
    const j = ours.indexOf(theirs[i]!);
    if (j < 0) continue;
    const theirTail = after(theirs, i);
    const ourTail = after(ours, j);
    const overlap = Math.min(theirTail.length, ourTail.length);
    let agree = true;
    for (let k = 0; k < overlap && agree; k++) agree = theirTail[k] === ourTail[k];
    if (!agree) continue;
    if (overlap >= 1 || (j === 0 && ours.length === 1)) return { theirs: i, ours: j };
    // Nothing left to compare because the received history (only `splits`
    // long) ran out: a plausible match. Ours running out while theirs goes on
    // is not: that is an old entry of ours recurring in a newer history.
    if (theirTail.length === 0) weak ??= { theirs: i, ours: j };
  }
  if (weak) return weak;
  // An old ping of a node further back in our history, arriving late.
  const j = ours.indexOf(theirs[0]!);
  if (j < 1) return undefined;
  const tail = ours.slice(j + 1);
  const overlap = Math.min(theirs.length - 1, tail.length);
  for (let k = 0; k < overlap; k++) if (theirs[k + 1] !== tail[k]) return undefined;
  return overlap >= 1 ? { theirs: 0, ours: j } : undefined;
}

/**
 * A received history carries only `splits` entries. Where it continues ours
 * (`fork` says where they meet), keep our older entries behind it, so that
 * the rotation does not lose its oldest members to a truncated message.
 * Without a fork, the received history alone, cut to `bound`.
 */
export function mergeHistories(theirs: readonly string[], ours: readonly string[], fork: Fork | undefined, bound: number): string[] {
  if (!fork) return boundHistory(theirs, bound);
  const rest = ours.slice(fork.ours + theirs.length - fork.theirs);
  return boundHistory([...theirs, ...rest], bound);
}
