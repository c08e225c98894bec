/**
 * The stream receiver of the Serf benchmark, in a process of its own so that
 * it does not share an event loop with the sender (as HashiCorp's Go client
 * has its receiver on threads of its own). Streams `user:<name>` from the
 * agent at `address`, prints `ready`, then one JSON line once `count`
 * events arrived or none came for `idle` ms (checked every 5 ms, as the Go
 * client's receiver does, so that no timer is set per event): how many
 * distinct sequence numbers arrived, duplicates, and the first and last
 * receive times (ms since the epoch, comparable with the parent's clock).
 *
 * Usage: receiver.ts ADDRESS NAME COUNT IDLE_MS
 */
import { SerfClient } from '../src/index';

/** The sequence number the sender puts in the first 4 bytes of each payload. */
export function sequenceOf(payload: Uint8Array): number {
  return new DataView(payload.buffer, payload.byteOffset, payload.byteLength).getUint32(0);
}

/** Absolute time in ms, the same clock in every process. */
export const wallMs = (): number => performance.timeOrigin + performance.now();

async function main(): Promise<void> {
  const [address, name, countText, idleText] = process.argv.slice(2);
  const count = Number(countText);
  const idle = Number(idleText);
  const client = await SerfClient.connect({ address: address!, streamBound: 1 << 20 });
  const stream = await client.stream(`user:${name}`);
  // As the Go receiver does: a flag per sequence number, and a progress check every 5 ms (no timer per event).
  const seen = new Uint8Array(count);
  let received = 0;
  let duplicates = 0;
  let first = 0;
  let last = 0;
  let checked = { received: 0, at: wallMs() };
  const progress = setInterval(() => {
    const now = wallMs();
    if (received !== checked.received) checked = { received, at: now };
    else if (now - checked.at > (received === 0 ? 4 * idle : idle)) void stream.stop();
  }, 5);
  process.stdout.write('ready\n');
  for await (const event of stream) {
    if (event.type !== 'user' || event.name !== name) continue;
    const sequence = sequenceOf(event.payload);
    if (sequence >= count) continue;
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
  process.stdout.write(`${JSON.stringify({ received, duplicates, first, last })}\n`);
}

if (require.main === module) void main();
