/**
 * Groups that mix nodes of the shipping protocol with nodes that follow the
 * Python reference (see `REFERENCE_RULES`) on one channel, and how
 * fairly they share the turns.
 *
 * @module
 */
import { Cluster, type ClusterOptions } from './cluster';
import type { Metrics } from './metrics';

/** How to build a mixed group: the cluster's options, less the node list, plus the two counts. */
export interface MixedGroupOptions extends Omit<ClusterOptions, 'nodes' | 'kind'> {
  /** Nodes that follow the reference, named `ref0`, `ref1`, …. */
  readonly references: number;
  /** Nodes of the shipping protocol, named `ours0`, `ours1`, …. */
  readonly ours: number;
}

/** A cluster of `references` reference nodes and `ours` shipping nodes. */
export function mixedGroup(options: MixedGroupOptions): Cluster {
  const { references, ours, ...rest } = options;
  const names = [...Array.from({ length: references }, (_, i) => `ref${i}`), ...Array.from({ length: ours }, (_, i) => `ours${i}`)];
  return new Cluster({ ...rest, nodes: names, kind: (node) => (node.startsWith('ref') ? 'reference' : 'shipping') });
}

/**
 * Each node's share of the tags in `metrics` as a multiple of the fair
 * share (1 = exactly its share; 0.8–1.2 is within ±20 %).
 */
export function turnShares(metrics: Metrics, names: readonly string[]): Record<string, number> {
  const fair = metrics.tags / names.length;
  return Object.fromEntries(names.map((node) => [node, fair > 0 ? (metrics.tagsPerNode[node] ?? 0) / fair : 0]));
}

/** The share furthest from fair (as in {@link turnShares}), and whose it is. */
export function worstShare(metrics: Metrics, names: readonly string[]): { readonly node: string; readonly share: number } {
  let worst = { node: '', share: 1 };
  for (const [node, share] of Object.entries(turnShares(metrics, names))) if (Math.abs(share - 1) >= Math.abs(worst.share - 1)) worst = { node, share };
  return worst;
}
