/**
 * The figures of the hostile-agent tests (memory, sockets, deliveries), on
 * stderr when `REPORT_FIGURES` is set: what a before/after comparison quotes.
 */

/** Print `line` when `REPORT_FIGURES` is set. */
export function reportFigure(line: string): void {
  if (process.env.REPORT_FIGURES) process.stderr.write(`${line}\n`);
}
