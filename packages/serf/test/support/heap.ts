/**
 * Memory, as tests of a hostile agent measure it: the JS heap plus the
 * memory of array buffers (where socket chunks and decode buffers live).
 */
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const MB = 1024 * 1024;

/** Heap and array buffers in use now, in MB. */
function inUse(): number {
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return (heapUsed + arrayBuffers) / MB;
}

/** What is still in use after a full garbage collection, in MB. */
export function retainedMb(): number {
  gc();
  return inUse();
}

/**
 * Run `work`, sampling memory every few milliseconds; resolve with its
 * result and the highest growth seen over the level before it started, in
 * MB (garbage not yet collected included: an upper bound).
 */
export async function peakGrowth<T>(work: () => Promise<T>): Promise<{ result: T; peakMb: number }> {
  const base = retainedMb();
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, inUse())), 2);
  try {
    const result = await work();
    peak = Math.max(peak, inUse());
    return { result, peakMb: peak - base };
  } finally {
    clearInterval(timer);
  }
}
