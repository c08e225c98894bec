/**
 * The machine's timers: one absolute time per named purpose, in one table.
 *
 * When several are due at the same moment they fire one at a time in the
 * order of {@link TIMER_NAMES}, and each firing may set or clear others, so
 * the caller asks again after each one ({@link TimerTable.due}).
 *
 * @module
 */

/** Every timer of the machine, in the order they fire when due together. */
export const TIMER_NAMES = [
  /** The start-up check: our own `init` must have come back by then. */
  'startup',
  /** This node's turn moves on: pending to tagged, or tagged to over. */
  'turn',
  /** The batched `ping` event for the pings heard lately. */
  'pingEvent',
  /** Our answer to a lower config version. */
  'versionAnswer',
  /** The earliest re-announcement (`hist`) of a chain after a split. */
  'reannounce',
  /** This node's next ping, unless one arrives first. */
  'ping',
  /** The member heard least recently falls silent for longer than the members window. */
  'members',
] as const;

/** The name of one of the machine's timers. */
export type TimerName = (typeof TIMER_NAMES)[number];

const SLOT: Readonly<Record<TimerName, number>> = Object.fromEntries(TIMER_NAMES.map((name, slot) => [name, slot])) as Record<TimerName, number>;

/** The named timers of one machine (absolute times in seconds). See the module comment. */
export class TimerTable {
  readonly #times: (number | undefined)[] = TIMER_NAMES.map(() => undefined);

  /** Arm `name` for time `at`, or clear it when `at` is undefined. */
  set(name: TimerName, at: number | undefined): void {
    this.#times[SLOT[name]] = at;
  }

  /** Disarm `name`. */
  clear(name: TimerName): void {
    this.#times[SLOT[name]] = undefined;
  }

  /** When `name` fires, or undefined when it is not armed. */
  get(name: TimerName): number | undefined {
    return this.#times[SLOT[name]];
  }

  /** The earliest armed time, or undefined. */
  next(): number | undefined {
    let earliest: number | undefined;
    for (const at of this.#times) if (at !== undefined && (earliest === undefined || at < earliest)) earliest = at;
    return earliest;
  }

  /**
   * The timer to fire now, if the earliest one is due by `now`: of the
   * timers armed for that earliest time, the first in {@link TIMER_NAMES}
   * order. It stays armed; the caller clears or re-arms it as it fires it.
   */
  due(now: number): { readonly name: TimerName; readonly at: number } | undefined {
    const at = this.next();
    if (at === undefined || at > now) return undefined;
    const slot = this.#times.indexOf(at);
    return { name: TIMER_NAMES[slot]!, at };
  }

  /** Disarm every timer. */
  clearAll(): void {
    this.#times.fill(undefined);
  }
}
