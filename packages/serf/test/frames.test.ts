/**
 * The frame reader on bytes cut anywhere: a frame is yielded only once it is
 * complete, whatever the chunks; a body is read only where the caller says
 * one follows, and the caller is asked after it handled the frame before.
 */
import { DecodeError, encode } from '@msgpack/msgpack';
import { SerfProtocolError } from '@asyncactor/serf';
import { readFrames, type BodyFollows, type Frame } from '../src/rpc/frames';

async function* chunksOf(...chunks: Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const chunk of chunks) yield chunk;
}

async function framesOf(chunks: AsyncIterable<Uint8Array>, bodyFollows: BodyFollows): Promise<Frame[]> {
  const frames: Frame[] = [];
  for await (const frame of readFrames(chunks, bodyFollows)) frames.push(frame);
  return frames;
}

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

describe('readFrames', () => {
  it('reads several frames from one chunk, a body where one follows and none where none does', async () => {
    expect(await framesOf(chunksOf(conversation), oddSeqsHaveBodies)).toEqual(expected);
  });

  it('reads a body-bearing reply: the header, then the body decoded', async () => {
    const frames = await framesOf(chunksOf(bytes({ Seq: 1, Error: '' }, { Members: [member] })), oddSeqsHaveBodies);
    expect(frames).toEqual([{ header: { Seq: 1, Error: '' }, hasBody: true, body: { Members: [member] } }]);
    expect((frames[0]!.body as { Members: { Addr: unknown }[] }).Members[0]!.Addr).toBeInstanceOf(Uint8Array);
  });

  it('gives the same frames with the bytes cut in two at every boundary', async () => {
    for (let cut = 0; cut <= conversation.length; cut++) {
      const frames = await framesOf(chunksOf(conversation.subarray(0, cut), conversation.subarray(cut)), oddSeqsHaveBodies);
      expect({ cut, frames }).toEqual({ cut, frames: expected });
    }
  });

  it('gives the same frames with every byte in a chunk of its own', async () => {
    const oneByteChunks = Array.from(conversation, (_, i) => conversation.subarray(i, i + 1));
    expect(await framesOf(chunksOf(...oneByteChunks), oddSeqsHaveBodies)).toEqual(expected);
  });

  it('yields a frame only once it is complete: a header waits for its body', async () => {
    const header = bytes({ Seq: 1, Error: '' });
    const body = bytes({ Members: [member] });
    const handed: string[] = [];
    async function* slowly(): AsyncGenerator<Uint8Array> {
      handed.push('header');
      yield header;
      handed.push('body');
      yield body;
    }
    const handedAtEachFrame: string[][] = [];
    for await (const frame of readFrames(slowly(), oddSeqsHaveBodies)) {
      handedAtEachFrame.push([...handed]);
      expect(frame.body).toEqual({ Members: [member] });
    }
    expect(handedAtEachFrame).toEqual([['header', 'body']]);
  });

  it('asks about each header after the frame before it was handled', async () => {
    // A stream: its acknowledgement has no body, its records do. Ack and a record arrive in one chunk.
    const acknowledged = new Set<number>();
    const streamBodies: BodyFollows = (header) => acknowledged.has(header.Seq);
    const record = { Event: 'user', Name: 'x', Payload: new Uint8Array(0), LTime: 1, Coalesce: false };
    const seen: Frame[] = [];
    for await (const frame of readFrames(chunksOf(bytes({ Seq: 4, Error: '' }, { Seq: 4, Error: '' }, record)), streamBodies)) {
      seen.push(frame);
      acknowledged.add(frame.header.Seq);
    }
    expect(seen).toEqual([
      { header: { Seq: 4, Error: '' }, hasBody: false, body: undefined },
      { header: { Seq: 4, Error: '' }, hasBody: true, body: record },
    ]);
  });

  it('ends without the frame the bytes stop in the middle of', async () => {
    const cutShort = bytes({ Seq: 0, Error: '' }, { Seq: 1, Error: '' }, { Members: [member] });
    const frames = await framesOf(chunksOf(cutShort.subarray(0, cutShort.length - 3)), oddSeqsHaveBodies);
    expect(frames).toEqual([{ header: { Seq: 0, Error: '' }, hasBody: false, body: undefined }]);
  });

  it('refuses something that is not a header where a header is expected, naming it', async () => {
    const frames = framesOf(chunksOf(bytes({ Seq: 0, Error: '' }, ['not', 'a', 'map'])), oddSeqsHaveBodies);
    await expect(frames).rejects.toBeInstanceOf(SerfProtocolError);
    await expect(framesOf(chunksOf(bytes({ Seq: 'zero' })), oddSeqsHaveBodies)).rejects.toThrow(/expected a response header, got \{"Seq":"zero"\}/);
    await expect(framesOf(chunksOf(bytes(null)), oddSeqsHaveBodies)).rejects.toThrow(/expected a response header, got null/);
  });

  it('fails with a SerfProtocolError on bytes that are not msgpack, and a DecodeError on a map key JavaScript cannot hold', async () => {
    await expect(framesOf(chunksOf(Buffer.from([0xc1, 0xc1])), oddSeqsHaveBodies)).rejects.toThrow(/0xc1/);
    await expect(framesOf(chunksOf(Buffer.from([0x81, 0xc0, 0xc0])), oddSeqsHaveBodies)).rejects.toBeInstanceOf(DecodeError);
  });
});
