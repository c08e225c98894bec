/**
 * The application value a node attaches to its pings.
 *
 * @module
 */

/**
 * Any value MessagePack carries: what a Python node may send as its value.
 * `null` means "not ready". Integers beyond 2^53 arrive as `bigint`.
 */
export type Value =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | Date
  | readonly Value[]
  | { readonly [key: string]: Value };
