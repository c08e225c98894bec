/**
 * Serf client benchmark against one local agent: `event` calls per second,
 * sequential and 16 in flight (p50/p99 latency), and the stream receive rate
 * with the loss count. 64-byte payloads, coalesce off.
 * Run: pnpm --filter @asyncactor/serf bench
 */
import { SerfClient } from '../src/index';
import { requireBinary, startSerfCluster } from '@asyncactor/testing/servers';

const PAYLOAD = new Uint8Array(64).fill(7);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function calls(client: SerfClient, total: number, inFlight: number, name = 'bench.calls'): Promise<{ rate: number; p50: number; p99: number }> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async (): Promise<void> => {
    while (next < total) {
      next++;
      const t = performance.now();
      await client.event(name, PAYLOAD, { coalesce: false });
      latencies.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { rate: total / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

async function main(): Promise<void> {
  if (!requireBinary('serf', 'apt-get install -y serf')) return;
  const cluster = await startSerfCluster({ size: 1, namePrefix: 'bench' });
  const client = await SerfClient.connect({ address: cluster.agents[0]!.rpcAddress });
  const receiver = await SerfClient.connect({ address: cluster.agents[0]!.rpcAddress, streamBound: 100_000 });
  try {
    await calls(client, 500, 4); // warm-up
    const sequential = await calls(client, 5000, 1);
    const pipelined = await calls(client, 20_000, 16);
    console.log(`event, sequential:   ${sequential.rate.toFixed(0)} calls/s, p50 ${sequential.p50.toFixed(3)} ms, p99 ${sequential.p99.toFixed(3)} ms`);
    console.log(`event, 16 in flight: ${pipelined.rate.toFixed(0)} calls/s, p50 ${pipelined.p50.toFixed(3)} ms, p99 ${pipelined.p99.toFixed(3)} ms`);

    const total = 20_000;
    const stream = await receiver.stream('user:bench.stream');
    let received = 0;
    let first = 0;
    let last = 0;
    const consuming = (async () => {
      for await (const event of stream) {
        if (event.type !== 'user') continue;
        if (received === 0) first = performance.now();
        received++;
        last = performance.now();
        if (received === total) break;
      }
    })();
    await calls(client, total, 16, 'bench.stream');
    await Promise.race([consuming, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    await stream.stop();
    const seconds = (last - first) / 1000;
    console.log(`stream: ${received} of ${total} events received (${total - received} lost), ${(received / seconds).toFixed(0)} events/s`);
  } finally {
    await client.close();
    await receiver.close();
    await cluster.stop();
  }
}

void main();
