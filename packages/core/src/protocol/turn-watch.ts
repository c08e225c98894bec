/**
 * A guard rail: how many of this node's turns in a row were superseded
 * (a pending turn cancelled, or a tag ended by a `detag`) before one ran
 * its course. When `gap` is below the channel's latency every ping lands in
 * the others' pending window and nobody is ever tagged for long; after
 * {@link SUPERSEDED_TURNS_WARNING} such turns in a row the node warns once,
 * and again only after a turn has run its course.
 *
 * @module
 */
import type { WarningEvent } from '../events';

/** Superseded turns in a row before the `gap-below-latency` warning. */
export const SUPERSEDED_TURNS_WARNING = 8;

/** The run of superseded turns. See the module comment. */
export class TurnWatch {
  #streak = 0;

  /** A turn of ours was superseded: the warning to emit, if this run reached the threshold. */
  superseded(): WarningEvent | undefined {
    this.#streak++;
    if (this.#streak !== SUPERSEDED_TURNS_WARNING) return undefined;
    return {
      type: 'warning',
      reason: 'gap-below-latency',
      count: this.#streak,
      message: `the last ${this.#streak} turns of this node were superseded before they ran their course: is gap below the channel's latency? Raise gap above the worst delivery time`,
    };
  }

  /** A turn of ours ran its course. */
  completed(): void {
    this.#streak = 0;
  }
}
