/**
 * How the demo shows a running group: a table redrawn in place on a
 * terminal, one line per cycle otherwise (so the output pipes and logs well).
 *
 * @module
 */
import type { ActorEvent } from '@asyncactor/core';
import type { LoggedEvent } from './recorder';

/** One row of the live table. */
export interface NodeRow {
  readonly name: string;
  readonly state: 'it' | 'up' | 'down' | 'passive';
  readonly tags: number;
  readonly history: readonly string[];
}

/** Everything shown for one moment of the run. */
export interface Frame {
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
  close(): void;
}

/** A short description of an event for the log. */
export function describeEvent(entry: LoggedEvent): string {
  const event: ActorEvent = entry.event;
  switch (event.type) {
    case 'tag':
      return `${entry.node} tagged`;
    case 'untag':
      return `${entry.node} untagged (${event.reason})`;
    case 'detag':
      return `${entry.node} detagged by ${event.node}`;
    case 'recover':
      return `${entry.node} recovers (priority ${event.priority})`;
    case 'disconnected':
      return `${entry.node} lost the channel`;
    case 'reconnected':
      return `${entry.node} is back on the channel`;
    case 'error':
      return `${entry.node} error: ${event.error.message}`;
    case 'setup':
      return `${entry.node} adopted config v${event.config.version}`;
    default:
      return `${entry.node} ${event.type}`;
  }
}

/** One line per cycle: for pipes, files and CI logs. */
export class LineDisplay implements Display {
  private lastCycle = 0;
  private readonly pending: LoggedEvent[] = [];
  private notes: string[] = [];
  constructor(private readonly write: (text: string) => void) {}

  show(frame: Frame): void {
    this.pending.push(...frame.events);
    if (frame.note) this.notes.push(frame.note);
    if (frame.cycle === this.lastCycle) return;
    this.lastCycle = frame.cycle;
    const events = this.pending.splice(0).map(describeEvent).join('; ');
    const note = this.notes.splice(0).join(', ');
    const it = frame.current.length > 0 ? frame.current.join('+') : '-';
    const parts = [
      `[${frame.elapsed.toFixed(1).padStart(6)}s] cycle ${frame.cycle}`,
      `it=${it}`,
      `history=${frame.history.join(',') || '-'}`,
      `broadcasts/tag=${frame.broadcastsPerTag.toFixed(2)}`,
    ];
    if (note) parts.push(note);
    if (events) parts.push(`| ${events}`);
    this.write(parts.join(' ') + '\n');
  }

  line(text: string): void {
    if (this.pending.length > 0) this.write(`  ${this.pending.splice(0).map(describeEvent).join('; ')}\n`);
    this.write(text + '\n');
  }

  close(): void {}
}

/** A table redrawn in place, with the last few events under it. */
export class TableDisplay implements Display {
  private drawn = 0;
  private readonly log: string[] = [];
  constructor(private readonly write: (text: string) => void) {}

  show(frame: Frame): void {
    for (const entry of frame.events) this.log.push(`${entry.at.toFixed(1).padStart(6)}s  ${describeEvent(entry)}`);
    this.log.splice(0, Math.max(0, this.log.length - 8));
    const lines = [
      `asyncactor demo · cycle ${frame.cycle} · ${frame.elapsed.toFixed(1)} s · broadcasts per tag ${frame.broadcastsPerTag.toFixed(2)}${frame.note ? ' · ' + frame.note : ''}`,
      `it: ${frame.current.join(', ') || '(nobody)'}    history: ${frame.history.join(' ') || '-'}`,
      '',
      `${'node'.padEnd(12)} ${'state'.padEnd(8)} ${'tags'.padStart(5)}  history`,
      ...frame.rows.map(
        (row) => `${row.name.padEnd(12)} ${(row.state === 'it' ? '★ it' : row.state).padEnd(8)} ${String(row.tags).padStart(5)}  ${row.history.join(' ')}`,
      ),
      '',
      ...this.log,
    ];
    // Move up over the previous drawing and clear it.
    const prefix = this.drawn > 0 ? `\x1b[${this.drawn}A\x1b[J` : '';
    this.write(prefix + lines.join('\n') + '\n');
    this.drawn = lines.length;
  }

  line(text: string): void {
    this.write(text + '\n');
    this.drawn = 0;
  }

  close(): void {}
}
