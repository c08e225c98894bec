/**
 * The secrets this run knows (passwords read from a file or the
 * environment), so that no line the command prints can show one, whatever
 * produced the line: a last line of defence behind redacting URLs.
 *
 * @module
 */

/** Secrets shorter than this are not searched for in output (they would mangle ordinary text); URLs are redacted structurally anyway. */
const SHORTEST_SCRUBBED = 4;

/** The set of secrets to keep out of output. */
export class Secrets {
  private readonly known = new Set<string>();

  /** Never print `secret` from now on. */
  add(secret: string | undefined): void {
    if (secret !== undefined && secret.length >= SHORTEST_SCRUBBED) this.known.add(secret);
  }

  /** `text` with every known secret replaced by `***`. */
  scrub(text: string): string {
    let out = text;
    for (const secret of this.known) out = out.split(secret).join('***');
    return out;
  }
}
