/**
 * The bounded maps of a node's memory (values, peer times, announced
 * chains) keep the most recently heard entries: a `Map` iterates in
 * insertion order, so re-inserting an entry makes it the newest and the
 * first one is the oldest.
 *
 * @module
 */

/** Set `key` to `value` in `map` as its newest entry, and drop the oldest once there are more than `limit`. */
export function setNewest<K, V>(map: Map<K, V>, key: K, value: V, limit: number): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > limit) map.delete(map.keys().next().value!);
}
