/**
 * The history: a bounded list of unique node names, newest first (PROTOCOL §4).
 *
 * Every node must compute exactly the same list from the same pings, so the
 * update rule below matches the Python reference bit for bit, including its
 * habit of shrinking by one when a node re-sends from the middle.
 *
 * @module
 */

/**
 * Return a new history with `name` moved to (or added at) the front.
 *
 * @param history newest first; not modified
 * @param bound maximum length; 0 or negative means unbounded
 */
export function pushHistory(history: readonly string[], name: string, bound: number): string[] {
  const next = history.slice();
  const index = next.indexOf(name);
  if (index >= 0) next.splice(index, 1);
  // Drop the oldest entry when the list is bounded and non-empty, and either
  // `name` was taken out of its middle, or the list is (still) full.
  const fromMiddle = index >= 0 && index < next.length;
  if (bound > 0 && next.length > 0 && (fromMiddle || next.length === bound)) next.pop();
  next.unshift(name);
  return next;
}

/**
 * A history received from the network or adopted from a rival chain:
 * duplicates removed (first occurrence kept) and cut to `bound` entries.
 */
export function boundHistory(history: readonly string[], bound: number): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const name of history) {
    if (seen.has(name)) continue;
    seen.add(name);
    out.push(name);
    if (bound > 0 && out.length >= bound) break;
  }
  return out;
}
