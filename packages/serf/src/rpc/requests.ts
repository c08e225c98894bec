/**
 * Writing requests: a msgpack header `{ Command, Seq }`, then the body for
 * commands that have one.
 *
 * Every request of one tick goes into one buffer and out in one socket
 * write, after the code that made the calls has run (a `process.nextTick`):
 * 16 calls made at once cost one system call, not 16, and a lone call waits
 * for nothing but the end of the current tick. The header is written by
 * hand, and so is the body of `event` ({@link UserEventBody}, the name's
 * bytes encoded once for a run of events of one name); any other body goes
 * through one `Encoder`, reused for every request, and is copied once, into
 * the buffer.
 *
 * @module
 */
import { Encoder } from '@msgpack/msgpack';
import type { SerfCommand } from './commands';
import { UserEventBody, userEventBodyBytes, writableByHand, writeUserEventBody } from './user-event-body';

/** Where a batch of requests goes (a socket's `write`). */
export type RequestOutput = (bytes: Uint8Array) => void;

/** The buffer a writer starts with; it grows as one tick's requests need, and shrinks back after a batch beyond {@link LARGEST_KEPT}. */
const INITIAL_BYTES = 4096;
const LARGEST_KEPT = 1 << 20;

/** The bytes of the header's keys: fixmap of 2, fixstr `Command` (its value follows), and fixstr `Seq`. */
const MAP_AND_COMMAND_KEY = Uint8Array.from([0x82, 0xa7, ...Buffer.from('Command')]);
const SEQ_KEY = Uint8Array.from([0xa3, ...Buffer.from('Seq')]);

/** Batches the requests of a tick into one write. See the module comment. */
export class RequestWriter {
  private bytes = new Uint8Array(INITIAL_BYTES);
  private view = new DataView(this.bytes.buffer);
  private length = 0;
  private readonly encoder = new Encoder();
  private readonly flush = (): void => this.writeBatch();
  /** The name of the last `event` written by hand, and its bytes (a whole msgpack string). */
  private lastEventName: string | undefined;
  private lastEventNameBytes = new Uint8Array(0);

  /** @param output takes each batch; it may keep the bytes (they are never written to again). */
  constructor(private readonly output: RequestOutput) {}

  /** Queue request `seq` of `command` with `body` (omit for commands without one); it goes out at the end of the tick. */
  add(command: SerfCommand, seq: number, body?: object): void {
    if (body instanceof UserEventBody && writableByHand(body)) {
      this.addUserEvent(command, seq, body);
      return;
    }
    // The body first: a body that cannot be encoded throws before anything is queued.
    const encoded = body === undefined ? undefined : this.encoder.encodeSharedRef(body);
    this.header(command, seq);
    if (encoded !== undefined) this.put(encoded);
  }

  private addUserEvent(command: SerfCommand, seq: number, body: UserEventBody): void {
    if (body.Name !== this.lastEventName) {
      this.lastEventNameBytes = this.encoder.encode(body.Name);
      this.lastEventName = body.Name;
    }
    this.header(command, seq);
    const name = this.lastEventNameBytes;
    this.reserve(userEventBodyBytes(body, name));
    this.length = writeUserEventBody(this.bytes, this.view, this.length, body, name);
  }

  /** Drop what is queued (the connection is gone). */
  discard(): void {
    this.length = 0;
  }

  private writeBatch(): void {
    if (this.length === 0) return;
    const batch = Buffer.from(this.bytes.subarray(0, this.length));
    this.length = 0;
    if (this.bytes.byteLength > LARGEST_KEPT) this.resize(INITIAL_BYTES);
    this.output(batch);
  }

  /**
   * `{ Command: command, Seq: seq }`, the start of every request (the first
   * of a batch schedules its write): the command is a fixstr (every command
   * is under 32 bytes), the `Seq` the shortest unsigned integer.
   */
  private header(command: SerfCommand, seq: number): void {
    if (this.length === 0) process.nextTick(this.flush);
    this.reserve(MAP_AND_COMMAND_KEY.length + 1 + command.length + SEQ_KEY.length + 9);
    this.put(MAP_AND_COMMAND_KEY);
    this.bytes[this.length++] = 0xa0 | command.length;
    for (let i = 0; i < command.length; i++) this.bytes[this.length++] = command.charCodeAt(i);
    this.put(SEQ_KEY);
    this.unsigned(seq);
  }

  private unsigned(value: number): void {
    if (value < 0x80) {
      this.bytes[this.length++] = value;
    } else if (value < 0x100) {
      this.bytes[this.length++] = 0xcc;
      this.bytes[this.length++] = value;
    } else if (value < 0x10000) {
      this.bytes[this.length] = 0xcd;
      this.view.setUint16(this.length + 1, value);
      this.length += 3;
    } else if (value < 0x100000000) {
      this.bytes[this.length] = 0xce;
      this.view.setUint32(this.length + 1, value);
      this.length += 5;
    } else {
      this.bytes[this.length] = 0xcf;
      this.view.setUint32(this.length + 1, Math.floor(value / 0x100000000));
      this.view.setUint32(this.length + 5, value >>> 0);
      this.length += 9;
    }
  }

  private put(chunk: Uint8Array): void {
    this.reserve(chunk.byteLength);
    this.bytes.set(chunk, this.length);
    this.length += chunk.byteLength;
  }

  private reserve(more: number): void {
    if (this.length + more > this.bytes.byteLength) this.resize(Math.max(2 * this.bytes.byteLength, this.length + more));
  }

  private resize(size: number): void {
    const bytes = new Uint8Array(size);
    bytes.set(this.bytes.subarray(0, this.length));
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer);
  }
}
