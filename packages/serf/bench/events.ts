/**
 * Serf client benchmark: ours against HashiCorp's Go client (see
 * `go-client.ts`) on one local agent (`-log-level=warn`, so that neither
 * client measures the agent's logging), in one run, 3 rounds. In each round
 * every figure is measured by both clients one right after the other, who
 * goes first alternating from figure to figure and round to round (Go as a
 * process per figure), so that each ratio compares two windows seconds
 * apart on the same agent.
 *
 * Figures per second: `event` calls sequential and 16 in flight (3 s each,
 * after 200 untimed calls), and the stream receive rate, received / (last
 * receive − first send), with 16 senders (60,000 events) and with one
 * (20,000), about 3 s each. Our receiver has an event loop of its own: a
 * process of its own (as issue 11 asks), or a worker thread with
 * `SERF_BENCH_RECEIVER=thread` (as Go's receives on goroutines of the
 * sender's process); it takes 2,000 untimed events first. 64-byte payloads, coalesce off, event
 * names of 8 bytes as Go's `bench.go` (the name travels in every request and
 * every streamed record). Prints each round, the medians and the ratios
 * ours / Go (median of the rounds' ratios); the Go side is skipped with a
 * message where Go is missing.
 *
 * Run: pnpm --filter @asyncactor/serf bench
 */
import { requireBinary, startSerfCluster } from '@asyncactor/testing/servers';
import { SerfClient } from '../src/index';
import { goBenchmark, runGo, type Figure, type GoFigures } from './go-client';
import { receiverPlacement, startReceiver, wallMs, type ReceiverPlacement } from './receiver';

const ROUNDS = 3;
const SECONDS = 3;
/** Events per stream figure: about 3 s at each figure's rate, as the call figures' 3 s windows. */
const STREAM_COUNT = { stream16: 60_000, stream1: 20_000 } as const;
/** How many events a stream figure fires (none for the call figures). */
const streamCount = (figure: Figure): number | undefined => (figure === 'stream16' || figure === 'stream1' ? STREAM_COUNT[figure] : undefined);
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

/** Stream `count` events fired by `senders` callers to a receiver with an event loop of its own: events per second. */
async function streamRate(client: SerfClient, address: string, senders: number, count: number, placement: ReceiverPlacement): Promise<number> {
  const name = `bench.${String(senders).padStart(2, '0')}`;
  const receiver = await startReceiver({ address, name, count, warmup: STREAM_WARMUP, idle: 3000 }, placement);
  await calls(client, name, senders, { total: STREAM_WARMUP, from: count });
  await receiver.warmed;
  const { startedAt } = await calls(client, name, senders, { total: count });
  const report = await receiver.report;
  if (report.received < count) console.log(`  (stream, ${senders} sender(s): ${count - report.received} of ${count} lost)`);
  return (report.received * 1000) / (report.last - startedAt);
}

/** One figure with our client (connected once for the whole run), after its untimed calls. */
async function ours(client: SerfClient, address: string, figure: Figure, placement: ReceiverPlacement): Promise<number> {
  switch (figure) {
    case 'sequential':
      await calls(client, 'bench.ts', 4, { total: 200 });
      return (await calls(client, 'bench.ts', 1, { seconds: SECONDS })).rate;
    case 'inFlight16':
      await calls(client, 'bench.ts', 16, { total: 200 });
      return (await calls(client, 'bench.ts', 16, { seconds: SECONDS })).rate;
    case 'stream16':
      return streamRate(client, address, 16, STREAM_COUNT.stream16, placement);
    case 'stream1':
      return streamRate(client, address, 1, STREAM_COUNT.stream1, placement);
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
  const placement = receiverPlacement();
  console.log(`our stream receiver: on a ${placement === 'thread' ? 'worker thread' : 'process of its own'} (SERF_BENCH_RECEIVER=thread|process)`);
  const go = goBenchmark();
  if ('missing' in go) console.log(`Go side skipped: ${go.missing}`);
  const cluster = await startSerfCluster({ size: 1, namePrefix: 'bench' });
  const address = cluster.agents[0]!.rpcAddress;
  const client = await SerfClient.connect({ address });
  const mine: Figures[] = [];
  const theirs: Figures[] = [];
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const ourRound: Partial<Record<Figure, number>> = {};
      const goRound: Partial<Record<Figure, number>> = {};
      for (const [index, figure] of FIGURES.entries()) {
        // Each figure by both clients one right after the other, who goes first alternating, so that
        // the two meet the same agent: its event queue grows between its prunes (every 30 s), and
        // this VM's speed drifts over seconds.
        const goFirst = (round + index) % 2 === 1 && 'path' in go;
        if (goFirst) goRound[figure] = runGo(go.path, address, figure, streamCount(figure));
        ourRound[figure] = await ours(client, address, figure, placement);
        if (!goFirst && 'path' in go) goRound[figure] = runGo(go.path, address, figure, streamCount(figure));
      }
      mine.push(ourRound as Figures);
      console.log(`round ${round + 1}: ours ${show(mine[round]!)}`);
      if ('path' in go) {
        theirs.push(goRound as Figures);
        console.log(`         Go   ${show(theirs[round]!)}`);
      }
    }
    report(mine, theirs);
  } finally {
    await client.close();
    await cluster.stop();
  }
}

void main();
