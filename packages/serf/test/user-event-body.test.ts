/**
 * The `event` body written by hand: the very bytes the msgpack encoder
 * writes for `{ Name, Payload, Coalesce }`, over generated names (any
 * UTF-16, lone surrogates too), payloads of every length class and runs of
 * one name and of changing names; a body with fields of other types goes
 * through the encoder.
 */
import { encode } from '@msgpack/msgpack';
import fc from 'fast-check';
import { RequestWriter } from '../src/rpc/requests';
import { UserEventBody, userEventBodyBytes, writeUserEventBody } from '../src/rpc/user-event-body';

/** The batches of one writer, after each tick. */
async function written(add: (writer: RequestWriter) => void): Promise<Buffer> {
  const batches: Uint8Array[] = [];
  const writer = new RequestWriter((bytes) => batches.push(bytes));
  add(writer);
  await new Promise((resolve) => process.nextTick(resolve));
  return Buffer.concat(batches);
}

const events = fc.record({
  name: fc.oneof(fc.constantFrom('bench.16', 'bench.17', ''), fc.string(), fc.string({ unit: 'binary', maxLength: 300 })),
  payload: fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.constantFrom(new Uint8Array(255), new Uint8Array(256), new Uint8Array(65_535), new Uint8Array(65_536))),
  coalesce: fc.boolean(),
});

describe('the event body written by hand', () => {
  it('is the bytes of the encoder for a typical event', () => {
    const body = new UserEventBody('bench.16', Uint8Array.from([1, 2, 3]), false);
    const bytes = new Uint8Array(100);
    const end = writeUserEventBody(bytes, new DataView(bytes.buffer), 0, body, encode('bench.16'));
    expect(Buffer.from(bytes.subarray(0, end)).toString('hex')).toBe('83a44e616d65a862656e63682e3136a75061796c6f6164c403010203a8436f616c65736365c2');
    expect(bytes.subarray(0, end)).toEqual(encode({ Name: 'bench.16', Payload: Uint8Array.from([1, 2, 3]), Coalesce: false }));
    expect(end).toBeLessThanOrEqual(userEventBodyBytes(body, encode('bench.16')));
  });

  it('gives the very bytes of the encoder, request after request, in one tick and across ticks', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(events, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 3 }), async (ticks) => {
        const batches: Uint8Array[][] = [[], []];
        const writers = [new RequestWriter((bytes) => batches[0]!.push(bytes)), new RequestWriter((bytes) => batches[1]!.push(bytes))];
        let seq = 0;
        for (const tick of ticks) {
          for (const { name, payload, coalesce } of tick) {
            writers[0]!.add('event', seq, new UserEventBody(name, payload, coalesce));
            writers[1]!.add('event', seq++, { Name: name, Payload: payload, Coalesce: coalesce });
          }
          await new Promise((resolve) => process.nextTick(resolve));
        }
        expect(Buffer.concat(batches[0]!).equals(Buffer.concat(batches[1]!))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('leaves a body with fields of other types to the encoder', async () => {
    const odd = [
      [7, new Uint8Array(1), true],
      ['n', 'text', true],
      ['n', [1, 2], false],
      ['n', new Uint8Array(1), 1],
      ['n', new Uint16Array(2), true],
    ] as const;
    for (const [name, payload, coalesce] of odd) {
      const mine = await written((writer) => writer.add('event', 5, new UserEventBody(name as string, payload as Uint8Array, coalesce as boolean)));
      const encoder = await written((writer) => writer.add('event', 5, { Name: name, Payload: payload, Coalesce: coalesce }));
      expect(mine.equals(encoder)).toBe(true);
    }
  });
});
