/**
 * The demo as NDJSON: one object per actor event, per note and per finished
 * figure, each with a `type` field, for scripts.
 *
 * @module
 */
import type { Display, Frame } from './frame';

/** Turns an event into plain JSON (errors as their message, configs as they are). */
function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_, v: unknown) => (v instanceof Error ? v.message : typeof v === 'bigint' ? v.toString() : v))) as unknown;
}

/** One JSON object per line. */
export class JsonDisplay implements Display {
  constructor(private readonly out: (line: string) => void) {}

  show(frame: Frame): void {
    for (const entry of frame.events) {
      this.emit('event', { at: round(entry.at), node: entry.node, event: plain(entry.event) });
    }
    if (frame.note) this.emit('note', { at: round(frame.elapsed), note: frame.note });
  }

  line(text: string): void {
    if (text.trim() !== '') this.emit('message', { text });
  }

  record(type: string, fields: Readonly<Record<string, unknown>>): void {
    this.emit(type, fields);
  }

  private emit(type: string, fields: Readonly<Record<string, unknown>>): void {
    this.out(JSON.stringify({ type, time: new Date().toISOString(), ...fields }));
  }
}

function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}
