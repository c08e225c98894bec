/**
 * The request writer: the requests of one tick go out in one write, each a
 * header `{ Command, Seq }` (a `Seq` of any size) and its body, as msgpack
 * any decoder reads; a body that cannot be encoded queues nothing.
 */
import { decodeMulti } from '@msgpack/msgpack';
import { RequestWriter } from '../src/rpc/requests';

/** A writer whose batches are collected. */
function writer(): { requests: RequestWriter; batches: Uint8Array[] } {
  const batches: Uint8Array[] = [];
  return { requests: new RequestWriter((bytes) => batches.push(bytes)), batches };
}

const nextTick = (): Promise<void> => new Promise((resolve) => process.nextTick(resolve));

describe('RequestWriter', () => {
  it('writes the requests of one tick in one batch, after the tick, headers and bodies in order', async () => {
    const { requests, batches } = writer();
    requests.add('handshake', 0, { Version: 1 });
    requests.add('members', 1);
    requests.add('event', 2, { Name: 'deploy', Payload: new Uint8Array([1, 2, 3]), Coalesce: false });
    expect(batches).toEqual([]);
    await nextTick();
    expect(batches).toHaveLength(1);
    expect([...decodeMulti(batches[0]!)]).toEqual([
      { Command: 'handshake', Seq: 0 },
      { Version: 1 },
      { Command: 'members', Seq: 1 },
      { Command: 'event', Seq: 2 },
      { Name: 'deploy', Payload: new Uint8Array([1, 2, 3]), Coalesce: false },
    ]);
    requests.add('stats', 3);
    await nextTick();
    expect(batches).toHaveLength(2);
    expect([...decodeMulti(batches[1]!)]).toEqual([{ Command: 'stats', Seq: 3 }]);
  });

  it('writes every size of Seq as an unsigned integer that decodes to it', async () => {
    const seqs = [0, 127, 128, 255, 256, 65_535, 65_536, 2 ** 32 - 1, 2 ** 32, 2 ** 53 - 1];
    const { requests, batches } = writer();
    for (const seq of seqs) requests.add('leave', seq);
    await nextTick();
    expect([...decodeMulti(batches[0]!)]).toEqual(seqs.map((Seq) => ({ Command: 'leave', Seq })));
  });

  it('queues nothing for a body that cannot be encoded; the requests around it go out whole', async () => {
    const { requests, batches } = writer();
    requests.add('members', 0);
    expect(() => requests.add('event', 1, { Name: 'x', Payload: (() => 1) as unknown as Uint8Array })).toThrow();
    requests.add('stats', 2);
    await nextTick();
    expect([...decodeMulti(batches[0]!)]).toEqual([
      { Command: 'members', Seq: 0 },
      { Command: 'stats', Seq: 2 },
    ]);
  });

  it('grows for a large tick and hands on bytes it never writes to again', async () => {
    const { requests, batches } = writer();
    const payload = new Uint8Array(3000).fill(9);
    for (let seq = 0; seq < 1000; seq++) requests.add('event', seq, { Name: 'big', Payload: payload, Coalesce: false });
    await nextTick();
    const first = Buffer.from(batches[0]!);
    requests.add('stats', 1000);
    await nextTick();
    expect(Buffer.from(batches[0]!).equals(first)).toBe(true);
    expect([...decodeMulti(batches[0]!)]).toHaveLength(2000);
  });

  it('drops what is queued when discarded', async () => {
    const { requests, batches } = writer();
    requests.add('members', 0);
    requests.discard();
    await nextTick();
    expect(batches).toEqual([]);
  });
});
