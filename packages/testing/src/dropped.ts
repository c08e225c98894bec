/**
 * A machine's dropped-message counters summed, for the simulator's own
 * figures (not exported from the package).
 *
 * @module
 */
import type { ActorMachine } from '@asyncactor/core';

/** How many invalid messages `machine` dropped, all reasons together. */
export function droppedCount(machine: ActorMachine): number {
  let total = 0;
  for (const count of Object.values(machine.stats.dropped)) total += count;
  return total;
}
