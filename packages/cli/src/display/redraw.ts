/**
 * Drawing a block of lines in place on a terminal: each drawing moves up
 * over the previous one and clears it.
 *
 * @module
 */

/** The height of the block drawn last. */
export class Redraw {
  private drawn = 0;
  constructor(private readonly write: (text: string) => void) {}

  /** Replace the previous block with `lines`. */
  draw(lines: readonly string[]): void {
    const prefix = this.drawn > 0 ? `\x1b[${this.drawn}A\x1b[J` : '';
    this.write(prefix + lines.join('\n') + '\n');
    this.drawn = lines.length;
  }

  /** Print a line that stays; the next block is drawn under it. */
  line(text: string): void {
    this.write(text + '\n');
    this.drawn = 0;
  }
}
