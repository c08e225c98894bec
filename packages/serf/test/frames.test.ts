/**
 * The frame reader on bytes cut anywhere: a frame is handed on only once it
 * is complete, whatever the chunks; a body is read only where the caller
 * says one follows, and the caller is asked after it handled the frame
 * before.
 */
import { decode, DecodeError, encode } from '@msgpack/msgpack';
import { SerfProtocolError } from '@asyncactor/serf';
import { FrameReader, type BodyFollows, type ResponseHeader } from '../src/rpc/frames';
import { plainHeader } from '../src/rpc/header';

/** A frame as the reader hands it on. */
interface Frame {
  readonly header: ResponseHeader;
  readonly hasBody: boolean;
  readonly body: unknown;
}

/** A reader whose frames go to `frames` (and to `then`, as each is handed on). */
function reader(bodyFollows: BodyFollows, frames: Frame[], then: (frame: Frame) => void = () => undefined): FrameReader {
  return new FrameReader(bodyFollows, (header, hasBody, body) => {
    const frame = { header, hasBody, body };
    frames.push(frame);
    then(frame);
  });
}

function framesOf(chunks: readonly Uint8Array[], bodyFollows: BodyFollows): Frame[] {
  const frames: Frame[] = [];
  const read = reader(bodyFollows, frames);
  for (const chunk of chunks) read.push(chunk);
  return frames;
}

const chunksOf = (...chunks: Uint8Array[]): Uint8Array[] => chunks;

const bytes = (...items: unknown[]): Uint8Array => Buffer.concat(items.map((item) => encode(item)));

/** Odd `Seq`s have bodies (unless they are error replies); even ones do not. */
const oddSeqsHaveBodies: BodyFollows = (header) => header.Seq % 2 === 1 && !header.Error;

const member = { Name: 'a', Addr: new Uint8Array([127, 0, 0, 1]), Port: 7946, Tags: { role: 'web' }, Status: 'alive' };
const conversation = bytes(
  { Seq: 0, Error: '' },
  { Seq: 1, Error: '' },
  { Members: [member] },
  { Seq: 2, Error: 'no such node' },
  { Seq: 3, Error: 'refused' },
  { Seq: 5, Error: '' },
  { Event: 'user', Name: 'deploy', Payload: new Uint8Array([1, 2, 3]), LTime: 7, Coalesce: false },
);
const expected: Frame[] = [
  { header: { Seq: 0, Error: '' }, hasBody: false, body: undefined },
  { header: { Seq: 1, Error: '' }, hasBody: true, body: { Members: [member] } },
  { header: { Seq: 2, Error: 'no such node' }, hasBody: false, body: undefined },
  { header: { Seq: 3, Error: 'refused' }, hasBody: false, body: undefined },
  { header: { Seq: 5, Error: '' }, hasBody: true, body: { Event: 'user', Name: 'deploy', Payload: new Uint8Array([1, 2, 3]), LTime: 7, Coalesce: false } },
];

describe('FrameReader', () => {
  it('reads several frames from one chunk, a body where one follows and none where none does', () => {
    expect(framesOf(chunksOf(conversation), oddSeqsHaveBodies)).toEqual(expected);
  });

  it('reads a body-bearing reply: the header, then the body decoded', () => {
    const frames = framesOf(chunksOf(bytes({ Seq: 1, Error: '' }, { Members: [member] })), oddSeqsHaveBodies);
    expect(frames).toEqual([{ header: { Seq: 1, Error: '' }, hasBody: true, body: { Members: [member] } }]);
    expect((frames[0]!.body as { Members: { Addr: unknown }[] }).Members[0]!.Addr).toBeInstanceOf(Uint8Array);
  });

  it('gives the same frames with the bytes cut in two at every boundary', () => {
    for (let cut = 0; cut <= conversation.length; cut++) {
      const frames = framesOf(chunksOf(conversation.subarray(0, cut), conversation.subarray(cut)), oddSeqsHaveBodies);
      expect({ cut, frames }).toEqual({ cut, frames: expected });
    }
  });

  it('gives the same frames with every byte in a chunk of its own', () => {
    const oneByteChunks = Array.from(conversation, (_, i) => conversation.subarray(i, i + 1));
    expect(framesOf(chunksOf(...oneByteChunks), oddSeqsHaveBodies)).toEqual(expected);
  });

  it('hands on a frame only once it is complete: a header waits for its body', () => {
    const frames: Frame[] = [];
    const read = reader(oddSeqsHaveBodies, frames);
    read.push(bytes({ Seq: 1, Error: '' }));
    expect(frames).toEqual([]);
    read.push(bytes({ Members: [member] }));
    expect(frames).toEqual([{ header: { Seq: 1, Error: '' }, hasBody: true, body: { Members: [member] } }]);
  });

  it('hands on byte strings of a body that lies within one chunk as views of it, and copies one cut across chunks', () => {
    const record = bytes({ Seq: 1, Error: '' }, { Payload: new Uint8Array([1, 2, 3]) });
    const whole = framesOf([record], oddSeqsHaveBodies);
    expect((whole[0]!.body as { Payload: Uint8Array }).Payload.buffer).toBe(record.buffer);
    const cut = framesOf([record.subarray(0, record.length - 1), record.subarray(record.length - 1)], oddSeqsHaveBodies);
    expect((cut[0]!.body as { Payload: Uint8Array }).Payload).toEqual(new Uint8Array([1, 2, 3]));
    expect((cut[0]!.body as { Payload: Uint8Array }).Payload.buffer).not.toBe(record.buffer);
  });

  it('asks about each header after the frame before it was handled', () => {
    // A stream: its acknowledgement has no body, its records do. Ack and a record arrive in one chunk.
    const acknowledged = new Set<number>();
    const streamBodies: BodyFollows = (header) => acknowledged.has(header.Seq);
    const record = { Event: 'user', Name: 'x', Payload: new Uint8Array(0), LTime: 1, Coalesce: false };
    const seen: Frame[] = [];
    reader(streamBodies, seen, (frame) => acknowledged.add(frame.header.Seq)).push(bytes({ Seq: 4, Error: '' }, { Seq: 4, Error: '' }, record));
    expect(seen).toEqual([
      { header: { Seq: 4, Error: '' }, hasBody: false, body: undefined },
      { header: { Seq: 4, Error: '' }, hasBody: true, body: record },
    ]);
  });

  it('ends without the frame the bytes stop in the middle of', () => {
    const cutShort = bytes({ Seq: 0, Error: '' }, { Seq: 1, Error: '' }, { Members: [member] });
    const frames = framesOf(chunksOf(cutShort.subarray(0, cutShort.length - 3)), oddSeqsHaveBodies);
    expect(frames).toEqual([{ header: { Seq: 0, Error: '' }, hasBody: false, body: undefined }]);
  });

  it('refuses something that is not a header where a header is expected, naming it', () => {
    expect(() => framesOf(chunksOf(bytes({ Seq: 0, Error: '' }, ['not', 'a', 'map'])), oddSeqsHaveBodies)).toThrow(SerfProtocolError);
    expect(() => framesOf(chunksOf(bytes({ Seq: 'zero' })), oddSeqsHaveBodies)).toThrow(/expected a response header, got \{"Seq":"zero"\}/);
    expect(() => framesOf(chunksOf(bytes(null)), oddSeqsHaveBodies)).toThrow(/expected a response header, got null/);
  });

  it('fails with a SerfProtocolError on bytes that are not msgpack, and a DecodeError on a map key JavaScript cannot hold', () => {
    expect(() => framesOf(chunksOf(Buffer.from([0xc1, 0xc1])), oddSeqsHaveBodies)).toThrow(/0xc1/);
    expect(() => framesOf(chunksOf(Buffer.from([0x81, 0xc0, 0xc0])), oddSeqsHaveBodies)).toThrow(DecodeError);
  });
});

describe('plainHeader', () => {
  it('reads { Seq, Error: "" } by hand as the decoder would, in either key order and for every size of Seq', () => {
    for (const seq of [0, 127, 128, 255, 256, 65_535, 65_536, 2 ** 32 - 1, 2 ** 32, 2 ** 53 - 1]) {
      for (const header of [{ Seq: seq, Error: '' }, { Error: '', Seq: seq }]) {
        expect(plainHeader(encode(header))).toEqual(decode(encode(header)));
      }
    }
  });

  it('leaves every other header to the decoder', () => {
    const others = [{ Seq: 1, Error: 'refused' }, { Seq: 1 }, { Seq: 1, Error: '', More: 1 }, { Seq: -1, Error: '' }, { Seq: 1.5, Error: '' }, { Seq: 1, Seq2: 1 }, ['Seq', 1]];
    for (const other of others) expect(plainHeader(encode(other))).toBeUndefined();
    const uint64 = Uint8Array.from([0x82, 0xa3, 0x53, 0x65, 0x71, 0xcf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xa5, 0x45, 0x72, 0x72, 0x6f, 0x72, 0xa0]);
    expect(plainHeader(uint64)).toBeUndefined(); // beyond 2^53: the decoder's business
    const cut = encode({ Seq: 300, Error: '' });
    expect(plainHeader(cut.subarray(0, cut.length - 1))).toBeUndefined();
  });
});
