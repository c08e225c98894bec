/**
 * One TCP connection to a Serf agent: writes request frames, reads the
 * replies as frames ({@link readFrames}), and pairs every reply with the
 * call that is waiting for it by `Seq`. Many calls may be in flight.
 *
 * What a reply looks like depends on the command, so every `Seq` remembers
 * what it expects: a bare header, a header and a body, or (for streams) an
 * acknowledgement and then records. Error replies carry no body.
 *
 * A call that timed out is given up ({@link Connection.abandon}): it leaves
 * the pending calls, and a reply that comes later is read and dropped. Of
 * the calls given up and the streams stopped, a connection remembers the
 * latest {@link FORGOTTEN_SEQS_REMEMBERED} each, so an agent that never
 * answers cannot make it hold more; a reply to one forgotten beyond that is
 * a reply for an unknown `Seq`, a protocol error.
 *
 * @module
 */
import { connect as tcpConnect, type Socket } from 'node:net';
import { DecodeError, encode } from '@msgpack/msgpack';
import { BoundedMap } from './bounded-map';
import { SerfAgentError, SerfConnectionError, SerfProtocolError } from './errors';
import { COMMANDS_WITH_BODY, STREAMING_COMMANDS, type SerfCommand } from './rpc/commands';
import { readFrames, type Frame, type ResponseHeader } from './rpc/frames';
import type { SerfDecodeLimits } from './rpc/limits';

/** How many calls given up on, and how many stopped streams, a connection remembers (each). */
export const FORGOTTEN_SEQS_REMEMBERED = 1024;

/** Receives the records of a streaming command (`stream`, `monitor`, `query`). */
export interface RecordSink {
  record(body: unknown): void;
  /** The stream is over: the connection closed, or the agent refused it. */
  fail(error: Error): void;
}

/** What the replies on one `Seq` look like. */
interface Expected {
  readonly command: SerfCommand;
  /** For streaming commands: the acknowledgement came, records follow. */
  acknowledged: boolean;
}

interface Pending extends Expected {
  readonly resolve: (body: unknown) => void;
  readonly reject: (error: Error) => void;
  /** For streaming commands: where the records go after the acknowledgement. */
  readonly sink: RecordSink | undefined;
}

/** A live connection. Create with {@link openConnection}. */
export class Connection {
  private seq = 0;
  private readonly pending = new Map<number, Pending>();
  /** Calls given up on: their replies are read and dropped. */
  private readonly abandoned = new BoundedMap<number, Expected>(FORGOTTEN_SEQS_REMEMBERED);
  /** Streams we stopped: records already on their way are read and dropped. */
  private readonly stopped = new BoundedMap<number, true>(FORGOTTEN_SEQS_REMEMBERED);
  private discardedAfterStop = 0;
  private late = 0;
  private closedWith: Error | undefined;
  /** Called once when the connection ends, with the reason (undefined after {@link close}). */
  onClose: ((error: Error | undefined) => void) | undefined;

  constructor(
    private readonly socket: Socket,
    private readonly limits: SerfDecodeLimits,
  ) {
    socket.setNoDelay(true);
    socket.on('error', () => undefined); // reported through the read loop and 'close'
    socket.once('close', () => this.shutdown(new SerfConnectionError('the connection to the serf agent closed')));
    void this.readLoop();
  }

  /** True until the connection ended. */
  get open(): boolean {
    return this.closedWith === undefined;
  }

  /** Records the agent sent for streams after we had stopped them (read and dropped). */
  get recordsAfterStop(): number {
    return this.discardedAfterStop;
  }

  /** Replies that came after their call was given up on (read and dropped). */
  get lateReplies(): number {
    return this.late;
  }

  /** Calls sent and neither answered, failed nor given up on. */
  get inFlight(): number {
    return this.pending.size;
  }

  /**
   * Send `command` with `body` (omit for commands without one). Resolves with
   * the response body (undefined for bodiless replies), or, for streaming
   * commands, once the agent acknowledged them; their records go to `sink`.
   */
  call(command: SerfCommand, body?: object, sink?: RecordSink): { seq: number; done: Promise<unknown> } {
    const seq = this.seq++;
    const done = new Promise<unknown>((resolve, reject) => {
      if (this.closedWith) {
        reject(this.closedWith);
        return;
      }
      this.pending.set(seq, { command, resolve, reject, sink, acknowledged: false });
      this.write(command, seq, body);
    });
    return { seq, done };
  }

  /** Forget a streaming call: records still on their way are read and dropped. */
  forget(seq: number): void {
    if (this.pending.delete(seq)) this.stopped.set(seq, true);
  }

  /**
   * Give up on call `seq` (it timed out; its promise has been settled by
   * the caller): it leaves the pending calls, and its reply, when it comes,
   * is read and dropped. A stream acknowledged after that is stopped.
   */
  abandon(seq: number): void {
    const pending = this.pending.get(seq);
    if (!pending) return;
    this.pending.delete(seq);
    if (pending.acknowledged) this.stopped.set(seq, true);
    else this.abandoned.set(seq, { command: pending.command, acknowledged: false });
  }

  /** Close the socket; every pending call fails with a connection error. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.socket.destroyed) {
        this.shutdown(undefined);
        resolve();
        return;
      }
      this.socket.once('close', () => resolve());
      this.shutdown(undefined);
      this.socket.destroy();
    });
  }

  private async readLoop(): Promise<void> {
    try {
      const frames = readFrames(this.socket as AsyncIterable<Uint8Array>, (header) => this.bodyFollows(header), this.limits);
      for await (const frame of frames) this.handle(frame);
      this.shutdown(new SerfConnectionError('the serf agent closed the connection'));
    } catch (error) {
      this.shutdown(classify(error));
      this.socket.destroy();
    }
  }

  private write(command: SerfCommand, seq: number, body: object | undefined): void {
    const header = encode({ Command: command, Seq: seq });
    this.socket.write(body === undefined ? header : Buffer.concat([header, encode(body)]));
  }

  /** Whether a body follows `header`, given where its call stands. */
  private bodyFollows(header: ResponseHeader): boolean {
    const expected = this.pending.get(header.Seq) ?? this.abandoned.get(header.Seq);
    // A record of a stream we stopped has its body, unless it is an error reply.
    if (!expected) return this.stopped.has(header.Seq) && !header.Error;
    if (header.Error) return false;
    if (STREAMING_COMMANDS.has(expected.command)) return expected.acknowledged;
    return COMMANDS_WITH_BODY.has(expected.command);
  }

  private handle(frame: Frame): void {
    const { header, hasBody } = frame;
    const pending = this.pending.get(header.Seq);
    if (pending) {
      this.settle(pending, frame);
      return;
    }
    const abandoned = this.abandoned.get(header.Seq);
    if (abandoned) {
      this.dropLate(header, abandoned);
      return;
    }
    if (!this.stopped.has(header.Seq)) throw new SerfProtocolError(`response for unknown Seq ${header.Seq}`);
    if (hasBody) this.discardedAfterStop++;
  }

  /** The reply to a call given up on: dropped. A stream the agent opened after all is stopped (its records are dropped as they come). */
  private dropLate(header: ResponseHeader, expected: Expected): void {
    this.late++;
    this.abandoned.delete(header.Seq);
    if (header.Error || !STREAMING_COMMANDS.has(expected.command)) return;
    this.stopped.set(header.Seq, true);
    const seq = this.seq++;
    this.abandoned.set(seq, { command: 'stop', acknowledged: false });
    this.write('stop', seq, { Stop: header.Seq });
  }

  private settle(pending: Pending, { header, hasBody, body }: Frame): void {
    if (header.Error) {
      this.pending.delete(header.Seq);
      const error = new SerfAgentError(pending.command, String(header.Error));
      pending.reject(error);
      pending.sink?.fail(error);
      return;
    }
    if (STREAMING_COMMANDS.has(pending.command) && !pending.acknowledged) {
      pending.acknowledged = true;
      pending.resolve(undefined);
      return;
    }
    if (hasBody && pending.sink) {
      pending.sink.record(body);
      return;
    }
    this.pending.delete(header.Seq);
    pending.resolve(body);
  }

  private shutdown(error: Error | undefined): void {
    if (this.closedWith) return;
    this.closedWith = error ?? new SerfConnectionError('the serf client was closed');
    const failure = this.closedWith;
    for (const pending of this.pending.values()) {
      pending.reject(failure);
      pending.sink?.fail(failure);
    }
    this.pending.clear();
    this.onClose?.(error);
  }
}

/**
 * Connect to `host:port` within `timeoutMs`; the agent's replies are held to
 * `limits`. Aborting `signal` gives up at once.
 */
export function openConnection(host: string, port: number, timeoutMs: number, limits: SerfDecodeLimits, signal?: AbortSignal): Promise<Connection> {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect({ host, port });
    const fail = (error: Error): void => {
      finish();
      socket.destroy();
      reject(error);
    };
    const onAbort = (): void => fail(new SerfConnectionError('the serf client was closed'));
    const timer = setTimeout(() => fail(new SerfConnectionError(`no connection to the serf agent at ${host}:${port} within ${timeoutMs} ms`)), timeoutMs);
    const finish = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    if (signal?.aborted) onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => {
      finish();
      socket.removeAllListeners('error');
      resolve(new Connection(socket, limits));
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      fail(new SerfConnectionError(`cannot connect to the serf agent at ${host}:${port}: ${error.code === 'ECONNREFUSED' ? 'connection refused (is the agent running with -rpc-addr?)' : error.message}`));
    });
  });
}

/** What a failure of the read loop means for the user. */
function classify(error: unknown): Error {
  if (error instanceof SerfProtocolError) return error;
  if (error instanceof DecodeError) return new SerfProtocolError(`unreadable data from the serf agent: ${error.message}`);
  if (error instanceof RangeError) return new SerfConnectionError('the serf agent closed the connection in the middle of a reply');
  // A socket error (ECONNRESET when the agent is killed, …). Told by its
  // `code`, not by `instanceof Error`: Node's own errors may come from
  // another realm (a vm context, as under jest) than this module's `Error`.
  if (typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string') {
    return new SerfConnectionError(`the connection to the serf agent failed: ${messageOf(error)}`);
  }
  return new SerfProtocolError(`unreadable data from the serf agent: ${messageOf(error)}`);
}

function messageOf(error: unknown): string {
  const message = typeof error === 'object' && error !== null ? (error as { message?: unknown }).message : undefined;
  return typeof message === 'string' ? message : String(error);
}
