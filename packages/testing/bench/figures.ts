/**
 * The figures of issue 11, ours against the reference node (the same
 * scenarios, seeds and metric definitions applied to both traces), each
 * with its goal: cycle 10 s, gap 1.5 s, nodes 5, latency 50 ± 50 ms, 200
 * cycles, figures after 10 cycles of warm-up. Printed by `simulate.ts`.
 */
import { Cluster, longestGapAfterKill, mixedGroup, worstShare, type ClusterOptions, type Metrics, type NodeKind } from '../src/index';

const JITTER = { latency: 0.05, jitter: 0.05 } as const;
const WARM_UP = 100;
const CYCLES = 200;

/** Per-seed values of one figure, for one kind of node. */
type Measure = (kind: NodeKind, seed: number) => number;

interface Figure {
  readonly label: string;
  readonly measure: Measure;
  readonly unit: string;
  readonly digits: number;
  readonly summary: 'max' | 'range' | 'median-max';
  readonly goal: string;
  /** Whether the per-seed values of ours meet the goal. */
  readonly met?: (values: readonly number[]) => boolean;
}

/** Runs of the plain machines already measured (several figures come from one run), by kind, seed and options. */
const steadyRuns = new Map<string, Metrics>();

/**
 * The metrics after warm-up of one steady run (no faults but `options`'
 * loss), measured once per kind, seed and options; a run with
 * `options.machine` is not kept (its rules, under a symbol, are not in the key).
 */
export function steady(kind: NodeKind, seed: number, options: Omit<ClusterOptions, 'seed'>): Metrics {
  const key = options.machine ? undefined : `${kind}/${seed}/${JSON.stringify(options)}`;
  const known = key === undefined ? undefined : steadyRuns.get(key);
  if (known) return known;
  const cluster = new Cluster({ ...JITTER, ...options, seed, kind: () => kind });
  cluster.runCycles(CYCLES);
  const metrics = cluster.metrics({ from: WARM_UP });
  if (key !== undefined) steadyRuns.set(key, metrics);
  return metrics;
}

/** N = 10, 50 cycles, then the tagged node is killed: the longest gap between tags from its tag on, over 20 cycles. */
function afterKill(kind: NodeKind, seed: number): number {
  const cluster = new Cluster({ ...JITTER, seed, nodes: 10, kind: () => kind });
  cluster.runCycles(50);
  return longestGapAfterKill(cluster);
}

/** The median of `values` (of the two middle ones, their mean). */
export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const FIGURES: readonly Figure[] = [
  { label: 'kill the tagged node (N=10, at cycle 50): longest gap between tags after', measure: afterKill, unit: ' s', digits: 2, summary: 'max', goal: '≤ C + G = 11.5 s in every seed', met: (v) => Math.max(...v) <= 11.5 },
  { label: 'N = 3 (nodes 5): longest gap between tags', measure: (k, s) => steady(k, s, { nodes: 3 }).longestGap, unit: ' s', digits: 2, summary: 'range', goal: '≤ 11.5 s', met: (v) => Math.max(...v) <= 11.5 },
  { label: 'no loss, N = 10: broadcasts per cycle', measure: (k, s) => steady(k, s, { nodes: 10 }).broadcastsPerCycle, unit: '', digits: 3, summary: 'range', goal: '(figures only)' },
  { label: '5 % loss, N = 10: time with 2+ tagged', measure: (k, s) => 100 * steady(k, s, { nodes: 10, loss: 0.05 }).multiTaggedFraction, unit: ' %', digits: 2, summary: 'median-max', goal: '< 0.25 % in every seed', met: (v) => Math.max(...v) < 0.25 },
  { label: '5 % loss: broadcasts per cycle', measure: (k, s) => steady(k, s, { nodes: 10, loss: 0.05 }).broadcastsPerCycle, unit: '', digits: 3, summary: 'range', goal: '≤ 1.05', met: (v) => Math.max(...v) <= 1.05 },
  { label: '5 % loss: longest gap between tags', measure: (k, s) => steady(k, s, { nodes: 10, loss: 0.05 }).longestGap, unit: ' s', digits: 2, summary: 'max', goal: '≤ C + 2.5G = 13.75 s in every seed', met: (v) => Math.max(...v) <= 13.75 },
  { label: '20 % loss: time with 2+ tagged', measure: (k, s) => 100 * steady(k, s, { nodes: 10, loss: 0.2 }).multiTaggedFraction, unit: ' %', digits: 2, summary: 'range', goal: '< 4 %', met: (v) => Math.max(...v) < 4 },
  { label: '20 % loss: broadcasts per cycle', measure: (k, s) => steady(k, s, { nodes: 10, loss: 0.2 }).broadcastsPerCycle, unit: '', digits: 3, summary: 'range', goal: '≤ 1.35', met: (v) => Math.max(...v) <= 1.35 },
  { label: '20 % loss, no split: RecoverEvents', measure: (k, s) => steady(k, s, { nodes: 10, loss: 0.2 }).recoveries, unit: '', digits: 0, summary: 'median-max', goal: '0', met: (v) => Math.max(...v) === 0 },
];

function summarize(figure: Figure, values: readonly number[]): string {
  const f = (x: number): string => `${x.toFixed(figure.digits)}${figure.unit}`;
  const max = Math.max(...values);
  if (figure.summary === 'max') return `max ${f(max)} (seed ${values.indexOf(max) + 1})`;
  if (figure.summary === 'median-max') return `median ${f(median(values))}, max ${f(max)}`;
  return `${f(median(values))} [${f(Math.min(...values))}–${f(max)}]`;
}

/** The issue's figures over `seeds`, ours and the reference's, as a Markdown table. */
export function issueFigures(seeds: readonly number[]): string {
  const lines = ['| figure | ours | reference | goal | met |', '|---|---|---|---|---|'];
  for (const figure of FIGURES) {
    const ours = seeds.map((seed) => figure.measure('shipping', seed));
    const reference = seeds.map((seed) => figure.measure('reference', seed));
    const met = figure.met ? (figure.met(ours) ? 'met' : 'NOT MET') : '–';
    lines.push(`| ${figure.label} | ${summarize(figure, ours)} | ${summarize(figure, reference)} | ${figure.goal} | ${met} |`);
  }
  return lines.join('\n');
}

/** A group's share furthest from fair over `seeds`, and the most nodes ever tagged at once. */
function worstOverSeeds(references: number, ours: number, nodes: number, seeds: readonly number[]): { readonly share: number; readonly node: string; readonly seed: number; readonly most: number } {
  let worst = { share: 1, node: '', seed: 0 };
  let most = 0;
  for (const seed of seeds) {
    const cluster = mixedGroup({ ...JITTER, references, ours, seed, config: { nodes } });
    cluster.runCycles(CYCLES);
    const metrics = cluster.metrics({ from: WARM_UP });
    most = Math.max(most, metrics.mostTaggedAtOnce);
    const found = worstShare(metrics, cluster.names);
    if (Math.abs(found.share - 1) >= Math.abs(worst.share - 1)) worst = { ...found, seed };
  }
  return { ...worst, most };
}

const shareOf = (found: { readonly share: number; readonly node: string; readonly seed: number }): string =>
  `${(found.share * 100).toFixed(0)} % (${found.node}, seed ${found.seed})`;

/**
 * Mixed groups (latency 50 ± 50 ms, 200 cycles): each group's worst share
 * of the turns over `seeds`, beside a group of as many reference nodes alone
 * and as many of ours alone.
 */
export function mixedFigures(seeds: readonly number[]): string {
  const lines = [
    '| group | worst share (node, seed) | never two tagged | as many reference nodes alone | as many of ours alone | goal | met |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const nodes of [5, 10]) {
    for (const [references, ours] of [[1, 2], [2, 1], [3, 3]] as const) {
      const mixed = worstOverSeeds(references, ours, nodes, seeds);
      const referencesAlone = worstOverSeeds(references + ours, 0, nodes, seeds);
      const oursAlone = worstOverSeeds(0, references + ours, nodes, seeds);
      const met = Math.abs(mixed.share - 1) <= 0.2 && mixed.most <= 1;
      lines.push(
        `| ${references} ref + ${ours} ours, nodes ${nodes} | ${shareOf(mixed)} | ${mixed.most <= 1 ? 'yes' : `no (${mixed.most})`} | ` +
          `${shareOf(referencesAlone)} | ${shareOf(oursAlone)} | ±20 % of fair, one tagged | ${met ? 'met' : 'NOT MET'} |`,
      );
    }
  }
  return lines.join('\n');
}
