/**
 * Decoding benchmark: core's MessagePack decoder (`decodeMsgpack`) against
 * @msgpack/msgpack's `decode(bytes, { useBigInt64: true })`, the decoder
 * core used before, in one run: 3 alternating rounds over the same mix of
 * messages (a `ping` with a 10-name history and a small value, an `init`,
 * a `vers`, a `hist`), 1 s each after an untimed warm-up. Prints each
 * round, the medians and the ratio ours / library (median of the rounds'
 * ratios). Both must give the same values first.
 * Run: pnpm --filter @asyncactor/core bench
 */
import { isDeepStrictEqual } from 'node:util';
import { decode, encode } from '@msgpack/msgpack';
import { decodeMsgpack } from '../src/internal';

const ROUNDS = 3;
const SECONDS = 1;

const history = Array.from({ length: 10 }, (_, i) => `node-${i}`);
const MESSAGES = [
  encode({ node: 'node-0', value: { load: 0.42, since: 1_733_000_000_123, tags: ['a', 'b'] }, history, t: 'ping' }),
  encode({ node: 'node-17', t: 'init' }),
  encode({ node: 'node-3', version: 3, cycle: 10, gap: 1.5, nodes: 5, splits: 4, n_hosts: 3, force_in: false, t: 'vers' }),
  encode({ value: 7, history, t: 'hist' }),
];

type Decoder = (bytes: Uint8Array) => unknown;
const DECODERS: Record<'ours' | 'library', Decoder> = {
  ours: decodeMsgpack,
  library: (bytes) => decode(bytes, { useBigInt64: true }),
};

/** Messages decoded per second by `decoder` over `seconds`. */
function rate(decoder: Decoder, seconds: number): number {
  let count = 0;
  const start = performance.now();
  const stop = start + seconds * 1000;
  while (performance.now() < stop) {
    for (let i = 0; i < 1000; i++) decoder(MESSAGES[i % MESSAGES.length]!);
    count += 1000;
  }
  return count / ((performance.now() - start) / 1000);
}

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const kps = (value: number): string => `${(value / 1000).toFixed(0)} k/s`;

for (const bytes of MESSAGES) {
  if (!isDeepStrictEqual(DECODERS.ours(bytes), DECODERS.library(bytes))) throw new Error('the decoders disagree on a message');
}
for (const decoder of Object.values(DECODERS)) rate(decoder, 0.3);

const rounds: { ours: number; library: number }[] = [];
for (let round = 1; round <= ROUNDS; round++) {
  // Alternate which goes first, so that neither always runs on a warmer machine.
  const order = round % 2 ? (['ours', 'library'] as const) : (['library', 'ours'] as const);
  const result = { ours: 0, library: 0 };
  for (const name of order) result[name] = rate(DECODERS[name], SECONDS);
  rounds.push(result);
  console.log(`round ${round}: ours ${kps(result.ours)}, library ${kps(result.library)}, ratio ${(result.ours / result.library).toFixed(2)}`);
}
const ours = median(rounds.map((r) => r.ours));
const library = median(rounds.map((r) => r.library));
console.log(`median: ours ${kps(ours)}, library ${kps(library)}; ratio ours / library ${median(rounds.map((r) => r.ours / r.library)).toFixed(2)}`);
