/**
 * The history agreement check of a simulated group: at a tag, every node
 * that hears the tagged node should hold the same history as it.
 *
 * @module
 */
import type { ActorConfig } from '@asyncactor/core';

/** A node's name and history, as the audit sees it. */
export interface AuditedHistory {
  readonly name: string;
  readonly history: readonly string[];
}

/** What {@link findDissenters} found. */
export interface Dissent {
  /** The first few nodes that disagree. */
  readonly dissenters: readonly string[];
  /** How many disagree in all. */
  readonly count: number;
}

/**
 * How many leading entries must agree. A newcomer adopts only the `splits`
 * entries a message carries; the rest of its history fills in as the
 * rotation goes on.
 */
export function comparedEntries(config: ActorConfig): number {
  return config.nodes > 0 ? Math.min(config.splits, config.nodes) : config.splits;
}

/**
 * The nodes of `others` whose history differs from `reference` in its first
 * `entries` entries. Nodes that have heard no ping yet (an empty history)
 * have nothing to agree on and are left out.
 */
export function findDissenters(reference: readonly string[], others: Iterable<AuditedHistory>, entries: number, named = 10): Dissent {
  const length = Math.min(entries, reference.length);
  const dissenters: string[] = [];
  let count = 0;
  for (const { name, history } of others) {
    if (history.length === 0) continue;
    let same = history.length >= length;
    for (let i = 0; same && i < length; i++) same = history[i] === reference[i];
    if (same) continue;
    count++;
    if (dissenters.length < named) dissenters.push(name);
  }
  return { dissenters, count };
}
