/**
 * Simulator scale: 1,000 nodes started at once, run for 1,000 cycles, in a
 * process of its own so that its peak memory is its own. Prints wall time,
 * peak RSS and microseconds per delivered message.
 * Run: pnpm --filter @asyncactor/testing bench
 */
import { Cluster } from '../src/index';

const nodes = Number(process.argv[2] ?? 1000);
const cycles = Number(process.argv[3] ?? 1000);

const started = performance.now();
const cluster = new Cluster({ seed: 7, nodes, startWindow: 0, latency: 0.05, jitter: 0.05 });
cluster.runCycles(3);
const startedUp = performance.now();
cluster.runCycles(cycles - 3);
const finished = performance.now();

const seconds = (finished - started) / 1000;
const { delivered, sent } = cluster.bus.stats;
const fails = cluster.trace.filter((e) => e.type === 'fail').length;
const peakMegabytes = process.resourceUsage().maxRSS / 1024;
console.log(
  `scale: ${nodes} nodes × ${cycles} cycles: ${seconds.toFixed(2)} s wall (start-up, 3 cycles: ${((startedUp - started) / 1000).toFixed(2)} s), ` +
    `peak RSS ${peakMegabytes.toFixed(0)} MB, ${sent} broadcasts, ${delivered} deliveries, ${((seconds * 1e6) / delivered).toFixed(2)} µs per delivered message, ` +
    `${fails} failed nodes`,
);
