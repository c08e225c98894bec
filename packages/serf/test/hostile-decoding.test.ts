/**
 * A hostile agent's decoding bombs: headers that announce gigabytes, and
 * masses of bytes within every length limit. The client refuses each with a
 * `SerfProtocolError`, closes the connection, and holds bounded memory; no
 * rejection or exception escapes.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { encode } from '@msgpack/msgpack';
import { SERF_DEFAULT_DECODE_LIMITS, SerfClient, SerfProtocolError, type SerfClientOptions, type SerfDecodeLimits } from '@asyncactor/serf';
import { trapEscapes } from './support/escape-trap';
import { handshakeThen, startFakeAgent, withFakeAgent, type Behaviour } from './support/fake-agent';
import { peakGrowth } from './support/heap';
import { reportFigure } from './support/report';

trapEscapes();

const MB = 1024 * 1024;
const NIL = 0xc0;
const okHeader = (seq: number): Uint8Array => encode({ Seq: seq, Error: '' });
/** An array32 header announcing 2^32 - 1 elements. */
const array32Bomb = Uint8Array.from([0xdd, 0xff, 0xff, 0xff, 0xff]);
/** A str32 header announcing 4 GB. */
const str32Bomb = Uint8Array.from([0xdb, 0xff, 0xff, 0xff, 0xff]);
/** `depth` nested array16 headers of 65 535 elements each (3 bytes, 512 KB of slots each to a decoder that allocates at the header). */
const nestedArrays = (depth: number): Uint8Array => Buffer.concat(Array.from({ length: depth }, () => Uint8Array.from([0xdc, 0xff, 0xff])));

/** A behaviour that answers `members` with a header, then `bomb`, then `fill` bytes up to `total`; `written` resolves with the bytes it wrote. */
function bombing(bomb: Uint8Array, fill: number, total: number): { behaviour: Behaviour; written: Promise<number> } {
  let wrote: (bytes: number) => void = () => undefined;
  const written = new Promise<number>((resolve) => (wrote = resolve));
  const behaviour = handshakeThen((connection, request) => {
    if (request.Command === 'members') void connection.flood(Buffer.concat([okHeader(request.Seq), bomb]), fill, total).then(wrote);
  });
  return { behaviour, written };
}

interface Outcome {
  readonly failure: unknown;
  readonly connected: boolean;
  readonly peakMb: number;
  readonly written: number;
}

/** Ask `members` of an agent sending `bomb`; the outcome, the client's state after it, and the peak memory growth. */
async function membersAgainst(bomb: Uint8Array, fill: number, total: number, options: SerfClientOptions = {}): Promise<Outcome> {
  const { behaviour, written } = bombing(bomb, fill, total);
  let outcome: Outcome | undefined;
  await withFakeAgent(behaviour, { timeoutMs: 5000, ...options }, async (client) => {
    const { result: failure, peakMb } = await peakGrowth(() => client.members().then(() => undefined, (error: unknown) => error));
    const connected = client.connected;
    await client.close();
    outcome = { failure, connected, peakMb, written: await written };
  });
  const { failure, connected, peakMb, written: bytes } = outcome!;
  reportFigure(`${String(failure)}; connected=${connected}; peak +${peakMb.toFixed(1)} MB; agent wrote ${(bytes / MB).toFixed(1)} MB`);
  return outcome!;
}

describe('SerfClient against a decoding bomb', () => {
  it.each([
    ['an array32 header of 2^32 - 1 elements, then 20 MB of nils', array32Bomb, NIL, /array of 4294967295 elements.*maxArrayLength/],
    ['a str32 header announcing 4 GB, then 20 MB of it', str32Bomb, 0x78, /string of 4294967295 bytes.*maxStrLength/],
  ])('%s: a SerfProtocolError at the header, the connection closed, memory bounded', async (_, bomb, fill, message) => {
    const outcome = await membersAgainst(bomb, fill, 20 * MB);
    expect(outcome.failure).toBeInstanceOf(SerfProtocolError);
    expect(String(outcome.failure)).toMatch(message);
    expect(outcome.connected).toBe(false);
    expect(outcome.peakMb).toBeLessThan(32);
  }, 30_000);

  it('within every length limit, 1 000 nested arrays of 65 535 elements, then nils: refused at the frame bound, memory bounded by it', async () => {
    const outcome = await membersAgainst(nestedArrays(1000), NIL, 40 * MB, { limits: { maxFrameBytes: 2 * MB } });
    expect(outcome.failure).toBeInstanceOf(SerfProtocolError);
    expect(String(outcome.failure)).toMatch(/more than 2097152 bytes.*maxFrameBytes/);
    expect(outcome.connected).toBe(false);
    expect(outcome.peakMb).toBeLessThan(32);
    expect(outcome.written).toBeLessThan(40 * MB);
  }, 30_000);

  it('the same with the default limits: refused once the frame passes the default bound', async () => {
    const outcome = await membersAgainst(nestedArrays(1000), NIL, 200 * MB);
    expect(outcome.failure).toBeInstanceOf(SerfProtocolError);
    expect(String(outcome.failure)).toMatch(new RegExp(`more than ${SERF_DEFAULT_DECODE_LIMITS.maxFrameBytes} bytes`));
    // The incomplete frame, the buffer it outgrew, and socket chunks not yet collected.
    expect(outcome.peakMb).toBeLessThan((6 * SERF_DEFAULT_DECODE_LIMITS.maxFrameBytes) / MB);
  }, 60_000);

  it('a large honest reply within the defaults still decodes: 20 000 members', async () => {
    const members = Array.from({ length: 20_000 }, (_, i) => ({
      Name: `node-${i}`, Addr: Uint8Array.from([10, 0, i >> 8, i & 0xff]), Port: 7946, Tags: { role: 'web', zone: `z${i % 7}` }, Status: 'alive',
      ProtocolMin: 1, ProtocolMax: 5, ProtocolCur: 4, DelegateMin: 2, DelegateMax: 5, DelegateCur: 4,
    }));
    await withFakeAgent(
      handshakeThen((connection, request) => connection.reply(request.Seq, '', { Members: members })),
      { timeoutMs: 5000 },
      async (client) => {
        const got = await client.members();
        expect(got).toHaveLength(20_000);
        expect(got[19_999]).toMatchObject({ name: 'node-19999', address: '10.0.78.31', tags: { zone: 'z0' } });
      },
    );
  });

  it('refuses limits that are not positive integers, and unknown ones, naming the field', async () => {
    await expect(SerfClient.connect({ address: '127.0.0.1:1', limits: { maxArrayLength: 0 } })).rejects.toThrow(/limits.maxArrayLength must be a positive integer/);
    await expect(SerfClient.connect({ address: '127.0.0.1:1', limits: { maxFrameBytes: Number.NaN } })).rejects.toThrow(/limits.maxFrameBytes/);
    const typo = { maxFrameByte: 1024 } as Partial<SerfDecodeLimits>;
    await expect(SerfClient.connect({ address: '127.0.0.1:1', limits: typo })).rejects.toThrow(/unknown limit limits.maxFrameByte /);
  });

  it('an array32 header of 2^32 - 1 elements, then nils without end: a process with a 128 MB heap lives and reports a SerfProtocolError', async () => {
    const agent = await startFakeAgent(bombing(array32Bomb, NIL, 2048 * MB).behaviour);
    const child = spawn(process.execPath, ['--max-old-space-size=128', '--import', 'tsx', join(__dirname, 'support', 'members-child.ts'), agent.address], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      const [code, signal] = await new Promise<[number | null, string | null]>((resolve) => child.once('exit', (...exit) => resolve(exit)));
      const fatal = /FATAL ERROR[^\n]*/.exec(output)?.[0];
      expect({ code, signal, fatal, output: fatal ? '' : output }).toEqual({ code: 0, signal: null, fatal: undefined, output: expect.stringMatching(/^SerfProtocolError: .*maxArrayLength.*; connected=false\n$/) as unknown });
    } finally {
      child.kill('SIGKILL');
      await agent.close();
    }
  }, 60_000);
});
