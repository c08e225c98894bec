/**
 * The golden-trace scenarios: fixed runs of the simulator whose complete
 * output (every send, every protocol event, every trace event, and each
 * node's final history and counters) is hashed. A refactoring must leave
 * every hash as it is; a change of behaviour changes them on purpose (see
 * `golden-traces.test.ts` for how to update them).
 */
import { createHash } from 'node:crypto';
import { Cluster, killTaggedRepeatedly, splitInHalves, traceToJsonLines, type ClusterOptions } from '@asyncactor/testing';

/** Latency 50 ms ± 50 ms, as in the simulation tests and the benchmark. */
const JITTER = { latency: 0.05, jitter: 0.05 } as const;

/** The seeds every scenario runs with. */
export const GOLDEN_SEEDS = [1, 2, 3] as const;

type Run = (options: Pick<ClusterOptions, 'seed' | 'onOutput'>) => Cluster;

function steady(options: Omit<ClusterOptions, 'seed'>, cycles: number): Run {
  return (base) => {
    const cluster = new Cluster({ ...JITTER, ...options, ...base });
    cluster.runCycles(cycles);
    return cluster;
  };
}

/** Every scenario by name. */
export const GOLDEN_SCENARIOS: Readonly<Record<string, Run>> = {
  'N=3': steady({ nodes: 3 }, 60),
  'N=10': steady({ nodes: 10 }, 60),
  'N=50': steady({ nodes: 50 }, 30),
  'N=10 loss 5%': steady({ nodes: 10, loss: 0.05 }, 100),
  'N=10 loss 20%': steady({ nodes: 10, loss: 0.2 }, 100),
  'N=5 kill tagged x3': (base) => {
    const cluster = steady({ nodes: 5 }, 15)(base);
    killTaggedRepeatedly(cluster, 3);
    return cluster;
  },
  'N=10 split and heal': (base) => {
    const cluster = steady({ nodes: 10 }, 20)(base);
    splitInHalves(cluster, 20);
    cluster.runCycles(10);
    return cluster;
  },
  'N=10 split, replayed heal': (base) => {
    const cluster = steady({ nodes: 10 }, 20)(base);
    splitInHalves(cluster, 20, { replayMissed: true });
    cluster.runCycles(10);
    return cluster;
  },
  'N=1000 start at once': steady({ nodes: 1000, startWindow: 0 }, 3),
};

/** Run one scenario with one seed and hash everything it produced. */
export function goldenHash(scenario: string, seed: number): string {
  const run = GOLDEN_SCENARIOS[scenario];
  if (!run) throw new Error(`no golden scenario ${scenario}`);
  const hash = createHash('sha256');
  const cluster = run({
    seed,
    onOutput: (t, node, sends, events) => {
      if (sends.length > 0 || events.length > 0) hash.update(JSON.stringify({ t, node, sends, events }) + '\n');
    },
  });
  hash.update(traceToJsonLines(cluster.trace));
  for (const node of cluster.names) {
    const machine = cluster.machine(node);
    const state = { node, phase: machine.phase, history: machine.history, tagged: machine.tagged, stats: machine.stats, config: machine.config };
    hash.update(JSON.stringify(state) + '\n');
  }
  return hash.digest('hex');
}
