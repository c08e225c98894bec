/**
 * Simulation benchmark: the metrics table for several group sizes and fault
 * scenarios, and the simulator's own speed. Run: pnpm --filter @asyncactor/testing bench
 */
import { Cluster, killTaggedRepeatedly, splitInHalves, type ClusterOptions, type Metrics } from '../src/index';

const JITTER = { latency: 0.05, jitter: 0.05 } as const;
const WARM_UP = 100;

function row(label: string, m: Metrics, extra = ''): string {
  const perNode = Object.values(m.tagsPerNode);
  return [
    label.padEnd(26),
    m.tags.toString().padStart(5),
    m.broadcastsPerTag.toFixed(3).padStart(7),
    ((m.messages.ping + m.messages.history) / (m.duration / 10)).toFixed(3).padStart(7),
    m.rotation.toFixed(2).padStart(6),
    `${Math.min(...perNode)}–${Math.max(...perNode)}`.padStart(8),
    m.mostTaggedAtOnce.toString().padStart(4),
    (m.multiTaggedFraction * 100).toFixed(2).padStart(7),
    m.longestGap.toFixed(2).padStart(7),
    m.recoveries.toString().padStart(5),
    m.messages.history.toString().padStart(5),
    extra,
  ].join(' ');
}

function scenario(options: ClusterOptions, cycles: number): Cluster {
  const cluster = new Cluster({ ...JITTER, ...options });
  cluster.runCycles(cycles);
  return cluster;
}

console.log('Defaults: cycle 10 s, gap 1.5 s, nodes 5; latency 50 ± 50 ms; 200 cycles; figures after 10 cycles of warm-up.');
console.log('scenario                    tags  b/tag b/10s  rotat  tags/nd most  2+tag%   gap s  recov hist  extra');
for (const n of [3, 5, 10, 20, 50, 200, 1000]) {
  const started = performance.now();
  const cluster = scenario({ seed: 1, nodes: n, startWindow: n >= 200 ? 0 : 2 }, 200);
  const fails = cluster.trace.filter((e) => e.type === 'fail').length;
  console.log(row(`N=${n}`, cluster.metrics({ from: WARM_UP }), `fails ${fails}, ${((performance.now() - started) / 1000).toFixed(1)} s wall`));
}
console.log(row('N=10 nodes=10', scenario({ seed: 1, nodes: 10, config: { nodes: 10 } }, 300).metrics({ from: 1000 })));
for (const loss of [0.05, 0.2]) {
  for (const seed of [1, 2, 3]) console.log(row(`N=10 loss ${loss * 100}% seed ${seed}`, scenario({ seed, nodes: 10, loss }, 300).metrics({ from: WARM_UP })));
}
console.log(row('N=10 20% loss+dup+reorder', scenario({ seed: 1, nodes: 10, loss: 0.2, duplicate: 0.1, reorder: true, jitter: 0.2 }, 300).metrics({ from: WARM_UP })));
{
  const cluster = scenario({ seed: 1, nodes: 5 }, 15);
  killTaggedRepeatedly(cluster, 10);
  const m = cluster.metrics();
  console.log(row('N=5 kill tagged x10', m, `failover s: max ${Math.max(...m.failoverTimes).toFixed(2)}, mean ${(m.failoverTimes.reduce((a, b) => a + b, 0) / m.failoverTimes.length).toFixed(2)}`));
}
for (const seed of [1, 2, 3]) {
  const cluster = scenario({ seed, nodes: 10 }, 20);
  const { healAt } = splitInHalves(cluster, 50);
  cluster.runCycles(10);
  const m = cluster.metrics({ from: healAt });
  console.log(row(`N=10 split 50 cyc seed ${seed}`, m, `one chain after ${m.convergenceTimes[0]?.toFixed(2)} s, hist per side ${JSON.stringify(m.histPerSidePerHeal[0])}`));
}

// Scale: 1,000 nodes for 1,000 cycles.
const started = performance.now();
let peak = 0;
const big = new Cluster({ seed: 7, nodes: 1000, startWindow: 0, ...JITTER });
for (let c = 0; c < 1000; c += 50) {
  big.runCycles(50);
  peak = Math.max(peak, process.memoryUsage().rss);
}
const seconds = (performance.now() - started) / 1000;
const delivered = big.bus.stats.delivered;
console.log(`\nscale: 1,000 nodes x 1,000 cycles: ${seconds.toFixed(1)} s wall, peak RSS ${(peak / 1e6).toFixed(0)} MB, ${delivered} deliveries, ${((seconds * 1e6) / delivered).toFixed(2)} µs per delivered message`);
