/**
 * The last value heard from each node, bounded: anyone on the channel can
 * send pings under made-up names, so beyond `limit` names the one heard
 * least recently is forgotten first.
 *
 * @module
 */
import type { Value } from '../value';

/** The bounded memory of node values. See the module comment. */
export class ValueMemory {
  /** By name, least recently heard first (a name is re-inserted when heard). */
  readonly #values = new Map<string, Value>();

  readonly #limit: number;

  /** @param limit most names remembered */
  constructor(limit: number) {
    this.#limit = limit;
  }

  /** `node` was heard with `value`. */
  remember(node: string, value: Value): void {
    this.#values.delete(node);
    this.#values.set(node, value);
    if (this.#values.size > this.#limit) {
      const oldest = this.#values.keys().next().value;
      if (oldest !== undefined) this.#values.delete(oldest);
    }
  }

  /** The last value heard from `node`, or undefined if it is not remembered. */
  get(node: string): Value | undefined {
    return this.#values.get(node);
  }

  /** Whether the last value heard from `node` is known and not null (the node is ready). */
  isReady(node: string): boolean {
    return (this.#values.get(node) ?? null) !== null;
  }

  /** How many nodes are remembered. */
  get size(): number {
    return this.#values.size;
  }
}
