/**
 * Serf client benchmark: ours against HashiCorp's Go client (see
 * `go-client.ts`) on one local agent (`-log-level=warn`, so that neither
 * client measures the agent's logging), in one run, 3 alternating rounds.
 * Figures per second: `event` calls sequential and 16 in flight (3 s each,
 * after 200 untimed calls), and the stream receive rate, received / (last
 * receive − first send), with 16 senders and with one, the receiver on a
 * worker thread of its own (Go's receives on goroutines of its own, in the
 * sender's process), after 2,000 untimed events through it. 64-byte payloads, coalesce off, event names of 8 bytes
 * as Go's `bench.go` (the name travels in every request and every streamed
 * record). Prints each round, the medians and the ratios ours / Go (median
 * of the rounds' ratios); the Go side is skipped with a message where Go is
 * missing.
 * Run: pnpm --filter @asyncactor/serf bench
 */
import { requireBinary, startSerfCluster } from '@asyncactor/testing/servers';
import { SerfClient } from '../src/index';
import { goBenchmark, runGo, type GoFigures } from './go-client';
import { startReceiver, wallMs } from './receiver';

const ROUNDS = 3;
const SECONDS = 3;
const STREAM_COUNT = 20_000;
/** Untimed events through the receiver before its timed ones, as the calls have 200 untimed calls: a new thread's JavaScript is not compiled yet. */
const STREAM_WARMUP = 2_000;
const FIGURES = ['sequential', 'inFlight16', 'stream16', 'stream1'] as const;
type Figures = GoFigures;

function payload(sequence: number): Uint8Array {
  const bytes = new Uint8Array(64).fill(7);
  new DataView(bytes.buffer).setUint32(0, sequence);
  return bytes;
}

/** `inFlight` callers on one client for `seconds` (or `total` calls, sequence numbers from `from`): calls per second, and when the first went out. */
async function calls(client: SerfClient, name: string, inFlight: number, limit: { seconds?: number; total?: number; from?: number }): Promise<{ rate: number; startedAt: number }> {
  let next = 0;
  let done = 0;
  const startedAt = wallMs();
  const stopAt = startedAt + (limit.seconds ?? Infinity) * 1000;
  const worker = async (): Promise<void> => {
    while (next < (limit.total ?? Infinity) && wallMs() < stopAt) {
      await client.event(name, payload((limit.from ?? 0) + next++), { coalesce: false });
      done++;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return { rate: (done * 1000) / (wallMs() - startedAt), startedAt };
}

/** Stream `STREAM_COUNT` events fired by `senders` callers to a receiver on its own thread: events per second. */
async function streamRate(client: SerfClient, address: string, senders: number): Promise<number> {
  const name = `bench.${String(senders).padStart(2, '0')}`;
  const receiver = await startReceiver({ address, name, count: STREAM_COUNT, warmup: STREAM_WARMUP, idle: 3000 });
  await calls(client, name, senders, { total: STREAM_WARMUP, from: STREAM_COUNT });
  await receiver.warmed;
  const { startedAt } = await calls(client, name, senders, { total: STREAM_COUNT });
  const report = await receiver.report;
  if (report.received < STREAM_COUNT) console.log(`  (stream, ${senders} sender(s): ${STREAM_COUNT - report.received} of ${STREAM_COUNT} lost)`);
  return (report.received * 1000) / (report.last - startedAt);
}

async function runOurs(address: string): Promise<Figures> {
  const client = await SerfClient.connect({ address });
  try {
    await calls(client, 'bench.ts', 4, { total: 200 });
    const sequential = (await calls(client, 'bench.ts', 1, { seconds: SECONDS })).rate;
    await calls(client, 'bench.ts', 16, { total: 200 });
    const inFlight16 = (await calls(client, 'bench.ts', 16, { seconds: SECONDS })).rate;
    return { sequential, inFlight16, stream16: await streamRate(client, address, 16), stream1: await streamRate(client, address, 1) };
  } finally {
    await client.close();
  }
}

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[values.length >> 1]!;
const show = (figures: Figures): string => FIGURES.map((key) => `${key} ${figures[key].toFixed(0)}/s`).join(', ');

function report(ours: readonly Figures[], go: readonly Figures[]): void {
  console.log('\nmedian of the rounds, per second (ours / Go = median of the rounds\' ratios):');
  for (const key of FIGURES) {
    const mine = median(ours.map((f) => f[key]));
    if (go.length === 0) {
      console.log(`  ${key.padEnd(11)} ours ${mine.toFixed(0).padStart(6)}`);
      continue;
    }
    const ratio = median(ours.map((f, i) => f[key] / go[i]![key]));
    console.log(`  ${key.padEnd(11)} ours ${mine.toFixed(0).padStart(6)}  Go ${median(go.map((f) => f[key])).toFixed(0).padStart(6)}  ratio ${ratio.toFixed(2)}${ratio >= 1 ? '' : '  (below Go)'}`);
  }
}

async function main(): Promise<void> {
  if (!requireBinary('serf', 'apt-get install -y serf')) return;
  const go = goBenchmark();
  if ('missing' in go) console.log(`Go side skipped: ${go.missing}`);
  const cluster = await startSerfCluster({ size: 1, namePrefix: 'bench' });
  const address = cluster.agents[0]!.rpcAddress;
  const ours: Figures[] = [];
  const theirs: Figures[] = [];
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      // Alternate who goes first, so that neither always meets a warm (or a tired) agent.
      const goFirst = round % 2 === 0 && 'path' in go;
      if (goFirst) theirs.push(runGo(go.path, address, STREAM_COUNT));
      ours.push(await runOurs(address));
      if (!goFirst && 'path' in go) theirs.push(runGo(go.path, address, STREAM_COUNT));
      console.log(`round ${round}: ours ${show(ours[round - 1]!)}`);
      if ('path' in go) console.log(`         Go   ${show(theirs[round - 1]!)}`);
    }
    report(ours, theirs);
  } finally {
    await cluster.stop();
  }
}

void main();
