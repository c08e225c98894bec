/**
 * Records as the client hands them on: a payload is a copy of its own, not a
 * view of the socket read its body was decoded from.
 */
import { encode } from '@msgpack/msgpack';
import { FrameReader } from '../src/rpc/frames';
import { toQueryRecord, toStreamEvent } from '../src/rpc/responses';

/** The bodies of `records`, each after a plain header, decoded from one read (a `Buffer`, as a socket would give it). */
function bodiesFromOneRead(records: readonly object[]): { read: Buffer; bodies: unknown[] } {
  const read = Buffer.concat(records.flatMap((record, seq) => [encode({ Seq: seq, Error: '' }), encode(record)]));
  const bodies: unknown[] = [];
  new FrameReader(() => true, (_header, _hasBody, body) => bodies.push(body)).push(read);
  return { read, bodies };
}

describe('payloads of records', () => {
  it('are copies: changing the read they came in changes none of them, and none holds more than its bytes', () => {
    const sent = [Uint8Array.of(1, 2, 3), Uint8Array.of(4, 5)];
    const { read, bodies } = bodiesFromOneRead(sent.map((payload, i) => ({ Event: 'user', Name: `n${i}`, Payload: payload, LTime: i, Coalesce: false })));
    const events = bodies.map(toStreamEvent);
    read.fill(0);
    for (const [i, event] of events.entries()) {
      if (event.type !== 'user') throw new Error(`expected a user event, got ${event.type}`);
      expect([...event.payload]).toEqual([...sent[i]!]);
      expect(event.payload.buffer.byteLength).toBe(sent[i]!.byteLength);
    }
  });

  it('of query responses are copies too', () => {
    const { read, bodies } = bodiesFromOneRead([{ Type: 'response', From: 'a', Payload: Uint8Array.of(9, 8, 7) }]);
    const record = toQueryRecord(bodies[0]);
    read.fill(0);
    expect(record?.type === 'response' && [...record.payload]).toEqual([9, 8, 7]);
    expect(record?.type === 'response' && record.payload.buffer.byteLength).toBe(3);
  });
});
