/**
 * A picture of a run: one row per node, its tag spans, its pings and `hist`
 * messages, kills, and the time the group was split. An SVG a person can
 * open in any browser.
 *
 * @module
 */
import type { TraceEvent } from './trace';

/** Options of {@link timelineSvg}. */
export interface TimelineOptions {
  /** Start of the window shown (seconds). Default: the first event. */
  readonly from?: number;
  /** End of the window shown. Default: the last event. */
  readonly to?: number;
  /** Width of the plot area in pixels. Default 1200. */
  readonly width?: number;
  /** A title over the picture. */
  readonly title?: string;
}

const ROW = 22;
const LEFT = 90;
const TOP = 40;

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Draw `trace` as an SVG document. */
export function timelineSvg(trace: readonly TraceEvent[], options: TimelineOptions = {}): string {
  const from = options.from ?? trace[0]?.t ?? 0;
  const to = options.to ?? trace[trace.length - 1]?.t ?? from + 1;
  const width = options.width ?? 1200;
  const nodes: string[] = [];
  for (const event of trace) {
    if ('node' in event && !nodes.includes(event.node)) nodes.push(event.node);
  }
  nodes.sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const row = new Map(nodes.map((node, i) => [node, i]));
  const x = (t: number): number => LEFT + ((Math.min(Math.max(t, from), to) - from) / Math.max(to - from, 1e-9)) * width;
  const y = (node: string): number => TOP + (row.get(node) ?? 0) * ROW;
  const height = TOP + nodes.length * ROW + 30;
  const parts: string[] = [];
  const tagStart = new Map<string, number>();
  const pauseStart = new Map<string, number>();
  let splitStart: number | undefined;
  const stall = (node: string, start: number, end: number): void => {
    if (end < from || start > to) return;
    parts.unshift(`<rect x="${x(start).toFixed(1)}" y="${y(node) + 1}" width="${Math.max(1, x(end) - x(start)).toFixed(1)}" height="${ROW - 2}" fill="#d5d8dc"><title>${escape(node)} paused ${start.toFixed(2)}–${end.toFixed(2)} s</title></rect>`);
  };

  const span = (node: string, start: number, end: number, colour: string): void => {
    if (end < from || start > to) return;
    parts.push(`<rect x="${x(start).toFixed(1)}" y="${y(node) + 4}" width="${Math.max(1, x(end) - x(start)).toFixed(1)}" height="${ROW - 8}" fill="${colour}"><title>${escape(node)} tagged ${start.toFixed(2)}–${end.toFixed(2)} s</title></rect>`);
  };
  for (const event of trace) {
    switch (event.type) {
      case 'tag':
        tagStart.set(event.node, event.t);
        break;
      case 'untag':
      case 'detag':
      case 'kill':
      case 'leave':
      case 'fail': {
        const start = tagStart.get(event.node);
        if (start !== undefined) span(event.node, start, event.t, event.type === 'detag' ? '#e8a33d' : '#4c9a5a');
        tagStart.delete(event.node);
        if (event.type === 'kill' || event.type === 'fail' || event.type === 'leave') {
          const mark = event.type === 'leave' ? '○' : '✕';
          parts.push(`<text x="${x(event.t).toFixed(1)}" y="${y(event.node) + ROW - 6}" fill="#c0392b" font-size="14">${mark}<title>${escape(event.node)} ${event.type} at ${event.t.toFixed(2)} s</title></text>`);
        }
        break;
      }
      case 'pause':
        pauseStart.set(event.node, event.t);
        break;
      case 'resume': {
        const start = pauseStart.get(event.node);
        if (start !== undefined) stall(event.node, start, event.t);
        pauseStart.delete(event.node);
        break;
      }
      case 'send':
        if (event.kind === 'ping' || event.kind === 'history') {
          const colour = event.kind === 'ping' ? '#2c3e50' : '#8e44ad';
          parts.push(`<line x1="${x(event.t).toFixed(1)}" x2="${x(event.t).toFixed(1)}" y1="${y(event.node) + 2}" y2="${y(event.node) + ROW - 2}" stroke="${colour}" stroke-width="${event.kind === 'ping' ? 1 : 2}"><title>${escape(event.node)} ${event.kind} at ${event.t.toFixed(2)} s</title></line>`);
        }
        break;
      case 'split':
        splitStart = event.t;
        break;
      case 'heal':
        if (splitStart !== undefined) {
          parts.unshift(`<rect x="${x(splitStart).toFixed(1)}" y="${TOP - 6}" width="${(x(event.t) - x(splitStart)).toFixed(1)}" height="${nodes.length * ROW + 6}" fill="#f4d8d8"><title>split ${splitStart.toFixed(2)}–${event.t.toFixed(2)} s</title></rect>`);
        }
        splitStart = undefined;
        break;
      default:
        break;
    }
  }
  for (const [node, start] of tagStart) span(node, start, to, '#4c9a5a');
  for (const [node, start] of pauseStart) stall(node, start, to);
  if (splitStart !== undefined) parts.unshift(`<rect x="${x(splitStart).toFixed(1)}" y="${TOP - 6}" width="${(x(to) - x(splitStart)).toFixed(1)}" height="${nodes.length * ROW + 6}" fill="#f4d8d8"/>`);
  const labels = nodes.map((node) => `<text x="${LEFT - 8}" y="${y(node) + ROW / 2 + 4}" text-anchor="end" font-size="12">${escape(node)}</text>`);
  const ticks: string[] = [];
  const step = niceStep((to - from) / 10);
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) {
    ticks.push(`<line x1="${x(t).toFixed(1)}" x2="${x(t).toFixed(1)}" y1="${TOP - 6}" y2="${height - 24}" stroke="#ddd"/>`);
    ticks.push(`<text x="${x(t).toFixed(1)}" y="${height - 10}" text-anchor="middle" font-size="11">${Number(t.toFixed(3))} s</text>`);
  }
  const title = options.title ? `<text x="${LEFT}" y="20" font-size="14" font-weight="bold">${escape(options.title)}</text>` : '';
  const legend = `<text x="${LEFT + width}" y="20" text-anchor="end" font-size="11">green: tagged · orange: detagged · | ping · purple: hist · ✕ killed · ○ left · grey: paused · pink: split</text>`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${LEFT + width + 20}" height="${height}" font-family="sans-serif">`,
    '<rect width="100%" height="100%" fill="white"/>',
    title,
    legend,
    ...ticks,
    ...parts,
    ...labels,
    '</svg>',
    '',
  ].join('\n');
}

function niceStep(raw: number): number {
  if (!(raw > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * power >= raw) return m * power;
  return 10 * power;
}
