/**
 * The demo as one line per tag: for pipes, files and CI logs.
 *
 * @module
 */
import { describeEvent } from './describe-event';
import type { Display, Frame } from './frame';
import type { LoggedEvent } from '../recorder';

/** One line per cycle, with the events since the last one. */
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

  record(_type: string, _fields: Readonly<Record<string, unknown>>, lines: readonly string[]): void {
    for (const text of lines) this.line(text);
  }
}
