/**
 * A small, fast, seeded random number generator (sfc32), so that a seed
 * replays a whole simulation exactly.
 *
 * @module
 */

/** A deterministic source of uniform numbers in [0, 1). */
export interface SeededRandom {
  /** The next number in [0, 1). */
  next(): number;
  /** An independent generator derived from this one (one per node, say). */
  fork(): SeededRandom;
  /** `next` as a plain function, for `ActorMachine`'s `random` option. */
  readonly fn: () => number;
}

/** A generator for `seed` (any integer). */
export function createRandom(seed: number): SeededRandom {
  // Spread the seed over the state with splitmix32, then run sfc32.
  let s = seed >>> 0;
  const split = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = split();
  let b = split();
  let c = split();
  let d = split();
  const next = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  return {
    next,
    fn: next,
    fork: () => createRandom(Math.floor(next() * 4294967296)),
  };
}
