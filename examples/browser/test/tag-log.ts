/**
 * Tag and untag events of a whole group, Node actors and the browser's alike,
 * in the order this process heard them: who holds a tag now, the most that
 * held one at once, and how often each node was tagged.
 */

/** The group's tags as heard so far. */
export class TagLog {
  private readonly holding = new Set<string>();
  private readonly counts = new Map<string, number>();
  private readonly lines: string[] = [];
  private peak = 0;
  private readonly start = performance.now();

  /** Record `type` (`tag`, `untag`, `detag`) for `node`. */
  record(node: string, type: string): void {
    this.lines.push(`${((performance.now() - this.start) / 1000).toFixed(2)}s ${node} ${type}`);
    if (type === 'tag') {
      this.holding.add(node);
      this.counts.set(node, this.tagsOf(node) + 1);
      this.peak = Math.max(this.peak, this.holding.size);
    } else {
      this.holding.delete(node);
    }
  }

  /** How often `node` was tagged. */
  tagsOf(node: string): number {
    return this.counts.get(node) ?? 0;
  }

  /** The most nodes that held a tag at the same time. */
  get mostAtOnce(): number {
    return this.peak;
  }

  /** Every event, one line each, with the seconds since the log started. */
  toString(): string {
    return this.lines.join('\n');
  }
}
