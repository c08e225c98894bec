/**
 * The hand reader of user event records: for every record it reads, it
 * gives what the msgpack decoder gives for the same bytes (over generated
 * records, names repeated and changed, and bytes corrupted or cut), it
 * leaves every other item to the decoder, and the frame reader uses it.
 */
import { decode, Decoder, encode } from '@msgpack/msgpack';
import fc from 'fast-check';
import { FrameReader, type ResponseHeader } from '../src/rpc/frames';
import { plainHeader } from '../src/rpc/header';
import { UserEventRecordReader } from '../src/rpc/user-event-record';

/** A record as the agent writes it: keys in this order. */
function record(fields: { coalesce: boolean; lamportTime: number; name: string; payload: Uint8Array }): Uint8Array {
  return encode({ Coalesce: fields.coalesce, Event: 'user', LTime: fields.lamportTime, Name: fields.name, Payload: fields.payload });
}

/** The decoder as the frame reader uses it (its limits aside: no generated record comes near them). */
const decoder = new Decoder();
function decoded(bytes: Uint8Array): { value: unknown } | { error: unknown } {
  try {
    return { value: decoder.decode(bytes) };
  } catch (error) {
    return { error };
  }
}

const isAscii = (text: string): boolean => [...text].every((char) => char.charCodeAt(0) < 0x80);

const records = fc.record({
  coalesce: fc.boolean(),
  lamportTime: fc.oneof(fc.nat(300), fc.nat(70_000), fc.nat(), fc.maxSafeNat()),
  name: fc.oneof(fc.constantFrom('bench.16', 'bench.17', 'deploy', '', 'x'.repeat(64), 'x'.repeat(65), 'y'.repeat(300)), fc.string(), fc.string({ unit: 'binary', maxLength: 40 })),
  payload: fc.oneof(fc.uint8Array({ maxLength: 80 }), fc.uint8Array({ minLength: 250, maxLength: 70_000 })),
});

describe('UserEventRecordReader', () => {
  it('reads the record the agent sends (as captured from serf 0.8) to what the decoder gives', () => {
    const captured = Buffer.from('85a8436f616c65736365c2a54576656e74a475736572a54c54696d6501a44e616d65a862656e63682e3136a75061796c6f6164c403010203', 'hex');
    const read = new UserEventRecordReader().read(captured);
    expect(read).toEqual({ Coalesce: false, Event: 'user', LTime: 1, Name: 'bench.16', Payload: new Uint8Array([1, 2, 3]) });
    expect(read).toEqual(decode(captured));
  });

  it('gives what the decoder gives for every generated record, and reads every one with an ASCII name', () => {
    const reader = new UserEventRecordReader();
    fc.assert(
      fc.property(fc.array(records, { minLength: 1, maxLength: 8 }), (batch) => {
        for (const fields of batch) {
          const bytes = record(fields);
          const read = reader.read(bytes);
          if (isAscii(fields.name)) expect(read).toBeDefined();
          if (read !== undefined) expect(read).toEqual(decode(bytes));
          if (read !== undefined) expect(read.Payload.buffer).toBe(bytes.buffer); // a view, as the decoder's
        }
      }),
      { numRuns: 400 },
    );
  });

  it('reads nothing the decoder would read otherwise, or refuse, with any byte changed or the record cut short', () => {
    const reader = new UserEventRecordReader();
    fc.assert(
      fc.property(records, fc.nat(), fc.integer({ min: 0, max: 255 }), fc.boolean(), (fields, where, byte, cut) => {
        const bytes = record(fields).slice();
        const at = where % bytes.length;
        const changed = cut ? bytes.subarray(0, at) : (bytes.set([byte], at), bytes);
        const read = reader.read(changed);
        if (read === undefined) return;
        const oracle = decoded(changed);
        expect(oracle).toEqual({ value: read });
      }),
      { numRuns: 2000 },
    );
  });

  it('reads a record where it lies among other bytes, and never reads on past its end', () => {
    const reader = new UserEventRecordReader();
    fc.assert(
      fc.property(records, fc.uint8Array({ maxLength: 20 }), fc.integer({ min: 1, max: 40 }), (fields, before, cut) => {
        const bytes = record(fields);
        // What follows the record is the record again: bytes that would complete one cut short.
        const around = Buffer.concat([before, bytes, bytes]);
        const end = before.length + bytes.length;
        expect(reader.read(around, before.length, end)).toEqual(reader.read(bytes));
        expect(reader.read(around, before.length, Math.max(before.length, end - cut))).toBeUndefined();
        const header = encode({ Error: '', Seq: 300 });
        const headerAround = Buffer.concat([before, header, header]);
        expect(plainHeader(headerAround, before.length, before.length + header.length)).toEqual({ Seq: 300, Error: '' });
        expect(plainHeader(headerAround, before.length, before.length + header.length - 1)).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });

  it('remembers a name only while its bytes are the same: a name of the same length reads as itself', () => {
    const reader = new UserEventRecordReader();
    const payload = new Uint8Array(4);
    for (const name of ['bench.16', 'bench.17', 'bench.16', 'bench.1', 'bench.16']) {
      expect(reader.read(record({ coalesce: true, lamportTime: 9, name, payload }))?.Name).toBe(name);
    }
  });

  it('leaves other records and other items to the decoder', () => {
    const reader = new UserEventRecordReader();
    const others = [
      { Event: 'user', Coalesce: false, LTime: 1, Name: 'n', Payload: new Uint8Array(1) }, // another key order
      { Coalesce: false, Event: 'query', LTime: 1, Name: 'n', Payload: new Uint8Array(1) },
      { Coalesce: false, Event: 'user', LTime: -1, Name: 'n', Payload: new Uint8Array(1) },
      { Coalesce: false, Event: 'user', LTime: 1.5, Name: 'n', Payload: new Uint8Array(1) },
      { Coalesce: false, Event: 'user', LTime: 1, Name: 'n', Payload: null },
      { Coalesce: false, Event: 'user', LTime: 1, Name: 'n', Payload: 'text' },
      { Coalesce: 0, Event: 'user', LTime: 1, Name: 'n', Payload: new Uint8Array(1) },
      { Coalesce: false, Event: 'user', LTime: 1, Name: 'né', Payload: new Uint8Array(1) },
      { Seq: 1, Error: '' },
      { Members: [] },
    ];
    for (const other of others) expect(reader.read(encode(other))).toBeUndefined();
    const uint64 = Buffer.concat([Buffer.from('85a8436f616c65736365c2a54576656e74a475736572a54c54696d65cfffffffffffffffff', 'hex'), encode('Name'), encode('n'), encode('Payload'), encode(new Uint8Array(1))]);
    expect(reader.read(uint64)).toBeUndefined(); // beyond 2^53: the decoder's business
    const trailing = Buffer.concat([record({ coalesce: false, lamportTime: 1, name: 'n', payload: new Uint8Array(2) }), Buffer.from([0xc0])]);
    expect(reader.read(trailing)).toBeUndefined();
  });

  it('is what the frame reader reads a stream record with', () => {
    const read = jest.spyOn(UserEventRecordReader.prototype, 'read');
    const bodies: unknown[] = [];
    const frames = new FrameReader(
      (header: ResponseHeader) => header.Seq === 7,
      (_header, hasBody, body) => hasBody && bodies.push(body),
    );
    const body = record({ coalesce: true, lamportTime: 3, name: 'deploy', payload: Uint8Array.from([9, 8]) });
    frames.push(Buffer.concat([encode({ Error: '', Seq: 7 }), body]));
    expect(bodies).toEqual([decode(body)]);
    expect(read).toHaveReturnedWith(decode(body));
    read.mockRestore();
  });
});
