/**
 * The stream receiver of the Serf benchmark, with an event loop of its own,
 * never the sender's: in a process of its own by default (as issue 11 asks;
 * it pays a switch of address space at every wake-up that the Go receiver
 * never does), or on a worker thread with `SERF_BENCH_RECEIVER=thread`
 * (HashiCorp's Go client receives on goroutines of the sender's process,
 * and a worker thread is the same, a thread of the same process).
 *
 * Streams `user:<name>` from the agent at `address`, posts `ready`, then
 * `warm` once the `warmup` untimed events (sequence numbers from `count` on)
 * arrived, then one {@link ReceiverReport} once the `count` timed events
 * arrived or none came for `idle` ms (checked every 5 ms, as the Go
 * client's receiver does, so that no timer is set per event).
 *
 * Started by {@link startReceiver}.
 */
import { fork } from 'node:child_process';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { SerfClient } from '../src/index';

/** What the receiver was asked to do. */
interface ReceiverTask {
  readonly address: string;
  readonly name: string;
  readonly count: number;
  readonly warmup: number;
  readonly idle: number;
}

/** How many distinct sequence numbers arrived, duplicates, and the first and last receive times ({@link wallMs}). */
export interface ReceiverReport {
  readonly received: number;
  readonly duplicates: number;
  readonly first: number;
  readonly last: number;
}

/** The sequence number the sender puts in the first 4 bytes of each payload. */
export function sequenceOf(payload: Uint8Array): number {
  return new DataView(payload.buffer, payload.byteOffset, payload.byteLength).getUint32(0);
}

/** Absolute time in ms, the same clock on every thread. */
export const wallMs = (): number => performance.timeOrigin + performance.now();

/** Where the receiver runs: a worker thread of this process, or a process of its own. */
export type ReceiverPlacement = 'thread' | 'process';

/** The placement `SERF_BENCH_RECEIVER` asks for (`process` unless it says `thread`). */
export function receiverPlacement(): ReceiverPlacement {
  const asked = process.env.SERF_BENCH_RECEIVER ?? 'process';
  if (asked !== 'thread' && asked !== 'process') throw new Error(`SERF_BENCH_RECEIVER must be thread or process, not ${JSON.stringify(asked)}`);
  return asked;
}

/** The receiver's messages and its failure, wherever it runs. */
interface ReceiverChannel {
  onMessage(listener: (message: unknown) => void): void;
  readonly failed: Promise<never>;
}

/** The environment variable that hands a process receiver its task. */
const TASK_VARIABLE = 'ASYNCACTOR_SERF_BENCH_RECEIVER_TASK';

/**
 * Start the receiver where `placement` says. Either way it loads this file
 * through tsx (the main thread's loader does not reach workers or children),
 * without tsx's disk cache: with it, tsx walks the cache folder (thousands of
 * files) in the background just after it starts, in the receiver's timed
 * window.
 */
function launch(task: ReceiverTask, placement: ReceiverPlacement): ReceiverChannel {
  const env = { ...process.env, TSX_DISABLE_CACHE: '1' };
  if (placement === 'process') {
    const child = fork(__filename, [], { execArgv: ['--require', require.resolve('tsx/cjs')], env: { ...env, [TASK_VARIABLE]: JSON.stringify(task) } });
    const failed = new Promise<never>((_, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`the receiver process exited (${code}) before its report`)));
    });
    return { onMessage: (listener) => child.on('message', listener), failed };
  }
  const load = `require(${JSON.stringify(require.resolve('tsx/cjs'))}); require(${JSON.stringify(__filename)});`;
  const worker = new Worker(load, { eval: true, workerData: task, env });
  const failed = new Promise<never>((_, reject) => worker.once('error', reject));
  return { onMessage: (listener) => worker.on('message', listener), failed };
}

/**
 * Start a receiver (on a worker thread unless `placement` says `process`);
 * resolves once its stream is open, with the promises of its warm-up and of
 * its report.
 */
export async function startReceiver(task: ReceiverTask, placement: ReceiverPlacement = 'thread'): Promise<{ readonly warmed: Promise<void>; readonly report: Promise<ReceiverReport> }> {
  const { onMessage, failed } = launch(task, placement);
  // Awaited only while a message is awaited: a failure after the report is no one's to handle.
  failed.catch(() => undefined);
  const messages: unknown[] = [];
  let waiting: ((message: unknown) => void) | undefined;
  onMessage((message: unknown) => {
    const waiter = waiting;
    waiting = undefined;
    if (waiter) waiter(message);
    else messages.push(message);
  });
  const nextMessage = (): Promise<unknown> =>
    messages.length > 0 ? Promise.resolve(messages.shift()) : Promise.race([new Promise((resolve) => (waiting = resolve)), failed]);
  if ((await nextMessage()) !== 'ready') throw new Error('the receiver did not start');
  const warmed = nextMessage().then((message) => {
    if (message !== 'warm') throw new Error(`the receiver sent ${JSON.stringify(message)} before its warm-up ended`);
  });
  return { warmed, report: warmed.then(() => nextMessage() as Promise<ReceiverReport>) };
}

async function receive({ address, name, count, warmup, idle }: ReceiverTask, post: (message: unknown) => void): Promise<ReceiverReport> {
  const client = await SerfClient.connect({ address, streamBound: 1 << 20 });
  const stream = await client.stream(`user:${name}`);
  // As the Go receiver does: a flag per sequence number, and a progress check every 5 ms (no timer per event).
  const seen = new Uint8Array(count);
  let received = 0;
  let duplicates = 0;
  let warmed = 0;
  let first = 0;
  let last = 0;
  let checked = { received: 0, at: wallMs() };
  const progress = setInterval(() => {
    const now = wallMs();
    if (received !== checked.received) checked = { received, at: now };
    else if (now - checked.at > (received === 0 ? 4 * idle : idle)) void stream.stop();
  }, 5);
  post('ready');
  for await (const event of stream) {
    if (event.type !== 'user' || event.name !== name) continue;
    const sequence = sequenceOf(event.payload);
    if (sequence >= count) {
      if (++warmed === warmup) post('warm');
      continue;
    }
    last = wallMs();
    if (first === 0) first = last;
    if (seen[sequence] === 1) {
      duplicates++;
      continue;
    }
    seen[sequence] = 1;
    if (++received >= count) break;
  }
  clearInterval(progress);
  await stream.stop();
  await client.close();
  return { received, duplicates, first, last };
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  void receive(workerData as ReceiverTask, (message) => port.postMessage(message)).then((report) => port.postMessage(report));
} else if (process.send && process.env[TASK_VARIABLE]) {
  const post = (message: unknown): void => void process.send!(message);
  void receive(JSON.parse(process.env[TASK_VARIABLE]) as ReceiverTask, post).then((report) => process.send!(report, () => process.disconnect()));
}
