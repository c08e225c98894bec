/**
 * The demo as a table redrawn in place on a terminal, with the last few
 * events under it.
 *
 * @module
 */
import { describeEvent } from './describe-event';
import type { Display, Frame, NodeRow } from './frame';
import { Redraw } from './redraw';

/** How many events stay under the table. */
const LOG_LINES = 8;

/** A table redrawn in place. */
export class TableDisplay implements Display {
  private readonly log: string[] = [];
  private readonly screen: Redraw;
  constructor(write: (text: string) => void) {
    this.screen = new Redraw(write);
  }

  show(frame: Frame): void {
    for (const entry of frame.events) this.log.push(`${entry.at.toFixed(1).padStart(6)}s  ${describeEvent(entry)}`);
    this.log.splice(0, Math.max(0, this.log.length - LOG_LINES));
    const lines = [
      `asyncactor demo · cycle ${frame.cycle} · ${frame.elapsed.toFixed(1)} s · broadcasts per tag ${frame.broadcastsPerTag.toFixed(2)}${frame.note ? ' · ' + frame.note : ''}`,
      `it: ${frame.current.join(', ') || '(nobody)'}    history: ${frame.history.join(' ') || '-'}`,
      '',
      `${'node'.padEnd(12)} ${'state'.padEnd(8)} ${'tags'.padStart(5)}  history`,
      ...frame.rows.map(row),
      '',
      ...this.log,
    ];
    this.screen.draw(lines);
  }

  line(text: string): void {
    this.screen.line(text);
  }

  record(_type: string, _fields: Readonly<Record<string, unknown>>, lines: readonly string[]): void {
    for (const text of lines) this.line(text);
  }
}

function row(node: NodeRow): string {
  const state = node.state === 'it' ? '★ it' : node.state;
  return `${node.name.padEnd(12)} ${state.padEnd(8)} ${String(node.tags).padStart(5)}  ${node.history.join(' ')}`;
}
