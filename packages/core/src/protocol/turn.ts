/**
 * This node's own turn (PROTOCOL §6, "Sending a ping"): after sending a ping
 * that continues a chain the node is *pending* for `gap`; if nothing
 * supersedes it by then it is *tagged* for `cycle - gap/2`, then idle again.
 *
 * @module
 */
import type { ActorConfig } from '../config';
import type { DetagEvent, TagEvent, UntagEvent, UntagReason } from '../events';
import type { Value } from '../value';
import type { TimerTable } from './timers';

/** Where this node's turn stands. */
export type TurnPhase = 'idle' | 'pending' | 'tagged';

/**
 * How a turn ends: normally (`untag` with a reason), or superseded by a
 * better ping from another node (`detag`).
 */
export type TurnEnd = { readonly reason: UntagReason } | { readonly supersededBy: string };

/** The event that ends a tag. */
export type TurnEndEvent = UntagEvent | DetagEvent;

/** This node's turn, with its timer `turn` in the machine's {@link TimerTable}. */
export class Turn {
  #current: TurnPhase = 'idle';

  readonly #timers: TimerTable;

  constructor(timers: TimerTable) {
    this.#timers = timers;
  }

  /** Where the turn stands. */
  get phase(): TurnPhase {
    return this.#current;
  }

  /** True between the `tag` event and the event that ends it. */
  get tagged(): boolean {
    return this.#current === 'tagged';
  }

  /** True while pending or tagged. */
  get active(): boolean {
    return this.#current !== 'idle';
  }

  /** Our ping continued a chain: we take the turn unless superseded within `gap`. */
  claim(now: number, gap: number): void {
    this.#current = 'pending';
    this.#timers.set('turn', now + gap);
  }

  /**
   * The `turn` timer fired: a pending turn becomes a tag lasting
   * `cycle - gap/2` (the `tag` event is returned); a tag that ran its course ends.
   */
  advance(now: number, config: ActorConfig, node: string, value: Value): TagEvent | TurnEndEvent | undefined {
    if (this.#current !== 'pending') return this.end({ reason: 'expired' });
    this.#current = 'tagged';
    const until = now + config.cycle - config.gap / 2;
    this.#timers.set('turn', until);
    return { type: 'tag', node, value, until, duration: config.cycle - config.gap / 2 };
  }

  /**
   * End the turn, whatever its phase. A tag ends with exactly one event,
   * which is returned; a pending turn just stops.
   */
  end(how: TurnEnd): TurnEndEvent | undefined {
    const wasTagged = this.#current === 'tagged';
    this.#current = 'idle';
    this.#timers.clear('turn');
    if (!wasTagged) return undefined;
    return 'reason' in how ? { type: 'untag', reason: how.reason } : { type: 'detag', node: how.supersededBy };
  }
}
