/**
 * One TCP connection to a Serf agent: writes request frames (a tick's
 * requests in one write, {@link RequestWriter}), reads the replies as frames
 * as the bytes arrive ({@link FrameReader}), and pairs every reply with the
 * call that is waiting for it by `Seq` ({@link PendingCalls}, which also
 * times calls out). Many calls may be in flight.
 *
 * What a reply looks like depends on the command, so every `Seq` remembers
 * what it expects: a bare header, a header and a body, or (for streams) an
 * acknowledgement and then records. Error replies carry no body.
 *
 * A call that timed out is given up: it leaves
 * the pending calls, and a reply that comes later is read and dropped. Of
 * the calls given up and the streams stopped, a connection remembers the
 * latest {@link FORGOTTEN_SEQS_REMEMBERED} each, so an agent that never
 * answers cannot make it hold more; a reply to one forgotten beyond that is
 * a reply for an unknown `Seq`, a protocol error.
 *
 * @module
 */
import { connect as tcpConnect, type Socket } from 'node:net';
import { DecodeError } from '@msgpack/msgpack';
import { BoundedMap } from './bounded-map';
import { PendingCalls, type PendingCall, type RecordSink } from './calls';
import { SerfAgentError, SerfConnectionError, SerfProtocolError, SerfTimeoutError } from './errors';
import { COMMANDS_WITH_BODY, STREAMING_COMMANDS, type SerfCommand } from './rpc/commands';
import { FrameReader, type ResponseHeader } from './rpc/frames';
import type { SerfDecodeLimits } from './rpc/limits';
import { RequestWriter } from './rpc/requests';

export type { RecordSink } from './calls';

/** How many calls given up on, and how many stopped streams, a connection remembers (each). */
export const FORGOTTEN_SEQS_REMEMBERED = 1024;

/** The bytes one socket read may bring: the size of the buffer every read of a connection lands in. */
const READ_BUFFER_BYTES = 64 * 1024;

/** What the replies on one `Seq` look like. */
interface Expected {
  readonly command: SerfCommand;
}

/** A live connection. Create with {@link openConnection}. */
export class Connection {
  private seq = 0;
  private readonly pending = new PendingCalls((seq, call) => this.timedOut(seq, call));
  /** Calls given up on: their replies are read and dropped. */
  private readonly abandoned = new BoundedMap<number, Expected>(FORGOTTEN_SEQS_REMEMBERED);
  /** Streams we stopped: records already on their way are read and dropped. */
  private readonly stopped = new BoundedMap<number, true>(FORGOTTEN_SEQS_REMEMBERED);
  private readonly writer: RequestWriter;
  private readonly reader: FrameReader;
  private discardedAfterStop = 0;
  private late = 0;
  private closedWith: Error | undefined;
  /** Called once when the connection ends, with the reason (undefined after {@link close}). */
  onClose: ((error: Error | undefined) => void) | undefined;

  constructor(
    private readonly socket: Socket,
    limits: SerfDecodeLimits,
  ) {
    this.writer = new RequestWriter((bytes) => {
      if (!socket.destroyed) socket.write(bytes);
    });
    this.reader = new FrameReader(
      (header) => this.bodyFollows(header),
      (header, hasBody, body) => this.handle(header, hasBody, body),
      limits,
    );
    socket.setNoDelay(true);
    socket.on('error', (error) => this.fail(error));
    socket.once('end', () => this.shutdown(new SerfConnectionError('the serf agent closed the connection')));
    socket.once('close', () => this.shutdown(new SerfConnectionError('the connection to the serf agent closed')));
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
   * Send `command` with `body` (omit for commands without one). `done`
   * resolves with the response body (undefined for bodiless replies), or,
   * for streaming commands, once the agent acknowledged them; their records
   * go to `sink`. A call not answered (not acknowledged) within `timeoutMs`
   * rejects with a {@link SerfTimeoutError} and is given up on: a late reply
   * is read and dropped.
   */
  call(command: SerfCommand, timeoutMs: number, body?: object, sink?: RecordSink): { seq: number; done: Promise<unknown> } {
    const seq = this.seq;
    return { seq, done: this.request(command, timeoutMs, body, sink) };
  }

  /** {@link call} without the `Seq`: the promise alone. */
  request(command: SerfCommand, timeoutMs: number, body?: object, sink?: RecordSink): Promise<unknown> {
    if (this.closedWith) return Promise.reject(this.closedWith);
    const seq = this.seq++;
    return new Promise<unknown>((resolve, reject) => {
      this.writer.add(command, seq, body);
      this.pending.add(seq, { command, resolve, reject, sink, acknowledged: false, timeoutMs, deadline: 0 });
    });
  }

  /** Forget a streaming call: records still on their way are read and dropped. */
  forget(seq: number): void {
    if (this.pending.delete(seq)) this.stopped.set(seq, true);
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

  /**
   * The bytes of one socket read (see {@link openConnection}). The reader
   * keeps views of them (the byte strings of a reply), so they must be the
   * connection's own: never written to again.
   */
  read(chunk: Uint8Array): void {
    if (this.closedWith) return;
    try {
      this.reader.push(chunk);
    } catch (error) {
      this.fail(error);
    }
  }

  private fail(error: unknown): void {
    this.shutdown(classify(error));
    this.socket.destroy();
  }

  /**
   * Call `seq` timed out (it has left the pending calls): it fails, and its
   * reply, when it comes, is read and dropped. A stream acknowledged after
   * that is stopped.
   */
  private timedOut(seq: number, call: PendingCall): void {
    this.abandoned.set(seq, { command: call.command });
    call.reject(new SerfTimeoutError(call.command, call.timeoutMs));
  }

  /** Whether a body follows `header`, given where its call stands. */
  private bodyFollows(header: ResponseHeader): boolean {
    const pending = this.pending.get(header.Seq);
    if (pending) {
      if (header.Error) return false;
      if (STREAMING_COMMANDS.has(pending.command)) return pending.acknowledged;
      return COMMANDS_WITH_BODY.has(pending.command);
    }
    const abandoned = this.abandoned.get(header.Seq);
    // A record of a stream we stopped has its body, unless it is an error reply.
    if (!abandoned) return this.stopped.has(header.Seq) && !header.Error;
    // A call given up on was never acknowledged (an acknowledged stream is stopped instead).
    return !header.Error && !STREAMING_COMMANDS.has(abandoned.command) && COMMANDS_WITH_BODY.has(abandoned.command);
  }

  private handle(header: ResponseHeader, hasBody: boolean, body: unknown): void {
    const pending = this.pending.get(header.Seq);
    if (pending) {
      this.settle(pending, header, hasBody, body);
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
    this.abandoned.set(seq, { command: 'stop' });
    this.writer.add('stop', seq, { Stop: header.Seq });
  }

  private settle(pending: PendingCall, header: ResponseHeader, hasBody: boolean, body: unknown): void {
    if (header.Error) {
      this.pending.delete(header.Seq);
      const error = new SerfAgentError(pending.command, String(header.Error));
      pending.reject(error);
      pending.sink?.fail(error);
      return;
    }
    if (!pending.acknowledged && STREAMING_COMMANDS.has(pending.command)) {
      this.pending.acknowledge(pending);
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
    this.writer.discard();
    for (const pending of this.pending.takeAll()) {
      pending.reject(failure);
      pending.sink?.fail(failure);
    }
    this.onClose?.(error);
  }
}

/**
 * Connect to `host:port` within `timeoutMs`; the agent's replies are held to
 * `limits`. Aborting `signal` gives up at once.
 */
export function openConnection(host: string, port: number, timeoutMs: number, limits: SerfDecodeLimits, signal?: AbortSignal): Promise<Connection> {
  return new Promise((resolve, reject) => {
    // Every read lands in one buffer of the socket's own and is copied out at
    // once, in bytes just as many as came: neither a buffer allocated per
    // read nor the stream machinery ('data' events) that hands it on.
    const readBuffer = new Uint8Array(READ_BUFFER_BYTES);
    let connection: Connection | undefined;
    const onread = {
      buffer: readBuffer,
      callback: (length: number): boolean => {
        connection?.read(readBuffer.slice(0, length));
        return true; // Never paused: replies are read as they come.
      },
    };
    const socket = tcpConnect({ host, port, onread });
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
      connection = new Connection(socket, limits);
      resolve(connection);
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
