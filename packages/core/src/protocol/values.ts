/**
 * The last value heard from each node, bounded: anyone on the channel can
 * send pings under made-up names, so beyond `limit` names the one heard
 * least recently is forgotten first.
 *
 * @module
 */
import type { Value } from '../value';
import { setNewest } from './newest';

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
    setNewest(this.#values, node, value, this.#limit);
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
