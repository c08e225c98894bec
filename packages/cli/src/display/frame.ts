/**
 * What the demo shows of a running group at one moment, and the interface
 * of the displays that show it.
 *
 * @module
 */
import type { LoggedEvent } from '../recorder';

/** One row of the live table. */
export interface NodeRow {
  readonly name: string;
  readonly state: 'it' | 'up' | 'down' | 'passive';
  readonly tags: number;
  readonly history: readonly string[];
}

/** Everything shown for one moment of the run. */
export interface Frame {
  /** Tags so far. */
  readonly cycle: number;
  readonly elapsed: number;
  readonly current: readonly string[];
  readonly history: readonly string[];
  readonly broadcastsPerTag: number;
  readonly rows: readonly NodeRow[];
  readonly events: readonly LoggedEvent[];
  readonly note?: string;
}

/** Something that shows frames. */
export interface Display {
  show(frame: Frame): void;
  /** Print a line that stays (not redrawn). */
  line(text: string): void;
  /** Show a finished figure (the summary): as lines, or as one JSON object. */
  record(type: string, fields: Readonly<Record<string, unknown>>, lines: readonly string[]): void;
}
