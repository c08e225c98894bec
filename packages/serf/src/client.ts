/**
 * A complete Serf RPC client: every command, pipelined on one connection,
 * typed results, per-call timeouts, and optional automatic reconnection that
 * re-handshakes, re-authenticates and re-opens the open streams.
 *
 * @module
 */
import { EventEmitter } from 'node:events';
import { openConnection, type Connection, type RecordSink } from './connection';
import { asError, SerfConnectionError } from './errors';
import { greet, parseAddress } from './greeting';
import { Reconnector } from './reconnect';
import type { SerfCommand } from './rpc/commands';
import { decodeLimits, type SerfDecodeLimits } from './rpc/limits';
import {
  joinedCount,
  keyResponse,
  membersOf,
  toCoordinate,
  toLogLine,
  toQueryRecord,
  toStats,
  toStreamEvent,
  type KeyResponse,
  type SerfCoordinate,
  type SerfMember,
  type SerfQueryRecord,
  type SerfStats,
  type SerfStreamEvent,
} from './rpc/responses';
import { UserEventBody } from './rpc/user-event-body';
import { SerfStream } from './stream';

const EMPTY = new Uint8Array(0);

/** Options of {@link SerfClient.connect}. */
export interface SerfClientOptions {
  /** The agent's RPC address, `host:port`. Default `127.0.0.1:7373`. */
  readonly address?: string;
  /** The agent's `-rpc-auth` key, if it has one. */
  readonly authKey?: string;
  /** Time limit of every call, in ms. Default 10 000. */
  readonly timeoutMs?: number;
  /** Time limit of connecting, in ms. Default 5 000. */
  readonly connectTimeoutMs?: number;
  /** Reconnect after the connection is lost (with backoff). Default off. */
  readonly reconnect?: boolean | { readonly initialDelayMs?: number; readonly maxDelayMs?: number };
  /** Most records a stream buffers for a slow consumer. Default 1024. */
  readonly streamBound?: number;
  /**
   * Bounds on what the agent may send in one reply (see
   * {@link SerfDecodeLimits}; each field defaults to
   * {@link SERF_DEFAULT_DECODE_LIMITS}). A reply beyond them is a
   * `SerfProtocolError` and the connection is closed.
   */
  readonly limits?: Partial<SerfDecodeLimits>;
}

/** Events of a {@link SerfClient}. */
export interface SerfClientEvents {
  /** The connection was lost; pending calls failed. */
  disconnect: [error: Error];
  /** Connected again (streams re-opened). */
  reconnect: [];
  /** A reconnection attempt failed; another follows. */
  error: [error: Error];
}

interface OpenStream {
  readonly command: 'stream' | 'monitor';
  readonly body: object;
  readonly stream: SerfStream<unknown>;
  readonly convert: (body: unknown) => unknown;
  seq: number;
}

/** Counters of a {@link SerfClient}. */
export interface SerfClientCounters {
  /**
   * Records the agent sent for a `stream`, `monitor` or `query` after the
   * client had stopped it (they are read and dropped). A few may be in
   * flight when a stream stops; a count that keeps growing would mean the
   * agent never got the `stop`.
   */
  readonly recordsAfterStop: number;
  /**
   * Replies that came after their call had timed out, read and dropped (and
   * the replies to the `stop` the client sends for a stream acknowledged
   * that late).
   */
  readonly lateReplies: number;
  /** Calls on the current connection waiting for their reply (a call that timed out waits no more). */
  readonly callsInFlight: number;
}

/** A client of one Serf agent. See the module comment. */
export class SerfClient extends EventEmitter<SerfClientEvents> {
  private connection: Connection;
  /** The counters of the connections before the current one. */
  private earlier = { recordsAfterStop: 0, lateReplies: 0 };
  private readonly streams = new Set<OpenStream>();
  private closed = false;
  /** Present when the options ask for reconnection. */
  private readonly reconnector: Reconnector | undefined;
  /** The connection a reconnection attempt is setting up, until it replaces the lost one or is closed. */
  private trial: Connection | undefined;
  /** Aborted by {@link close}: a reconnection attempt still connecting gives up. */
  private readonly closing = new AbortController();

  private constructor(
    connection: Connection,
    private readonly host: string,
    private readonly port: number,
    private readonly options: SerfClientOptions,
    private readonly limits: SerfDecodeLimits,
  ) {
    super();
    this.connection = connection;
    this.reconnector = options.reconnect ? this.createReconnector(options.reconnect) : undefined;
    this.watch(connection);
  }

  /**
   * Connect, handshake and (with `authKey`) authenticate.
   *
   * @throws {SerfError} for an invalid address or invalid `limits`.
   * @throws {SerfConnectionError} if the agent cannot be reached.
   * @throws {SerfAgentError} if it refuses the handshake or the key.
   */
  static async connect(options: SerfClientOptions = {}): Promise<SerfClient> {
    const { host, port } = parseAddress(options.address ?? '127.0.0.1:7373');
    const limits = decodeLimits(options.limits);
    const connection = await openConnection(host, port, options.connectTimeoutMs ?? 5000, limits);
    await greet(connection, { authKey: options.authKey, timeoutMs: options.timeoutMs ?? 10_000 });
    return new SerfClient(connection, host, port, options, limits);
  }

  /** What the client counted, over every connection it has had (`stats()` is the agent's). */
  get counters(): SerfClientCounters {
    return {
      recordsAfterStop: this.earlier.recordsAfterStop + this.connection.recordsAfterStop,
      lateReplies: this.earlier.lateReplies + this.connection.lateReplies,
      callsInFlight: this.connection.inFlight,
    };
  }

  /** True while connected. */
  get connected(): boolean {
    return !this.closed && this.connection.open;
  }

  // ---- commands ---------------------------------------------------------------

  /** Fire a user event. Serf coalesces events of one name unless `coalesce` is false. */
  event(name: string, payload: Uint8Array = EMPTY, options: { coalesce?: boolean } = {}): Promise<void> {
    // The agent's reply to `event` has no body: the promise resolves with undefined.
    return this.request('event', new UserEventBody(name, payload, options.coalesce ?? true)) as Promise<void>;
  }

  /** Remove a failed node from the member list. */
  async forceLeave(node: string): Promise<void> {
    await this.request('force-leave', { Node: node });
  }

  /** Join other agents (`host:port` each); resolves with how many were joined. */
  async join(addresses: readonly string[], options: { replay?: boolean } = {}): Promise<number> {
    return joinedCount(await this.request('join', { Existing: addresses, Replay: options.replay ?? false }));
  }

  /** Every known member. */
  async members(): Promise<SerfMember[]> {
    return membersOf(await this.request('members'));
  }

  /** Members matching tag regexps, a status and a name regexp. */
  async membersFiltered(filter: { tags?: Record<string, string>; status?: string; name?: string }): Promise<SerfMember[]> {
    return membersOf(await this.request('members-filtered', { Tags: filter.tags ?? {}, Status: filter.status ?? '', Name: filter.name ?? '' }));
  }

  /** Set and delete tags of the agent's own node. */
  async tags(change: { set?: Record<string, string>; delete?: readonly string[] }): Promise<void> {
    await this.request('tags', { Tags: change.set ?? {}, DeleteTags: change.delete ?? [] });
  }

  /**
   * Events matching `filter` (e.g. `user:deploy`, `member-join,member-leave`,
   * `query`, `*`), until the iteration stops. Re-opened after a reconnect.
   */
  async stream(filter: string): Promise<SerfStream<SerfStreamEvent>> {
    return (await this.openStream('stream', { Type: filter }, toStreamEvent)) as SerfStream<SerfStreamEvent>;
  }

  /** The agent's log lines at `level` and above (`TRACE`, `DEBUG`, `INFO`, `WARN`, `ERR`). */
  async monitor(level = 'INFO'): Promise<SerfStream<string>> {
    return (await this.openStream('monitor', { LogLevel: level }, toLogLine)) as SerfStream<string>;
  }

  /**
   * Send a query and iterate over the acks and responses; it ends at the
   * agent's `done`. Not re-opened after a reconnect (it ends with the error).
   */
  async query(query: {
    name: string;
    payload?: Uint8Array;
    filterNodes?: readonly string[];
    filterTags?: Record<string, string>;
    requestAck?: boolean;
    timeoutMs?: number;
  }): Promise<SerfStream<SerfQueryRecord>> {
    const body = {
      FilterNodes: query.filterNodes ?? [],
      FilterTags: query.filterTags ?? {},
      RequestAck: query.requestAck ?? false,
      Timeout: (query.timeoutMs ?? 0) * 1_000_000,
      Name: query.name,
      Payload: query.payload ?? new Uint8Array(0),
    };
    const connection = this.live();
    let seq = -1;
    const stream = new SerfStream<SerfQueryRecord>(this.options.streamBound ?? 1024, () => this.stop(connection, seq));
    const sink: RecordSink = {
      record: (body) => {
        const record = toQueryRecord(body);
        if (record?.type === 'done') {
          connection.forget(seq);
          stream.end();
        } else if (record) stream.push(record);
      },
      fail: (error) => stream.end(error),
    };
    const call = connection.call('query', this.timeoutMs, body, sink);
    seq = call.seq;
    await call.done;
    return stream;
  }

  /** Answer a query received on a stream (`event.id`). */
  async respond(id: number, payload: Uint8Array): Promise<void> {
    await this.request('respond', { ID: id, Payload: payload });
  }

  /** Install an encryption key on every member. */
  async installKey(key: string): Promise<KeyResponse> {
    return keyResponse(await this.request('install-key', { Key: key }));
  }

  /** Make an installed key the primary one everywhere. */
  async useKey(key: string): Promise<KeyResponse> {
    return keyResponse(await this.request('use-key', { Key: key }));
  }

  /** Remove a key everywhere. */
  async removeKey(key: string): Promise<KeyResponse> {
    return keyResponse(await this.request('remove-key', { Key: key }));
  }

  /** The keys installed in the cluster, and on how many nodes each. */
  async listKeys(): Promise<KeyResponse> {
    return keyResponse(await this.request('list-keys'));
  }

  /** The agent's statistics. */
  async stats(): Promise<SerfStats> {
    return toStats(await this.request('stats'));
  }

  /** The network coordinate of `node`, or undefined if the agent has none. */
  async getCoordinate(node: string): Promise<SerfCoordinate | undefined> {
    return toCoordinate(await this.request('get-coordinate', { Node: node }));
  }

  /** Make the agent leave the cluster gracefully and shut down. Never sent by {@link close}. */
  async leave(): Promise<void> {
    await this.request('leave');
  }

  /**
   * Close the connection (the agent keeps running) and end every stream. A
   * reconnection attempt under way is ended too: once this resolves, the
   * client holds no socket.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.closing.abort();
    const attempt = this.reconnector?.stop();
    for (const open of this.streams) open.stream.end();
    this.streams.clear();
    await Promise.all([this.connection.close(), this.trial?.close(), attempt]);
  }

  // ---- internals ----------------------------------------------------------------

  private get timeoutMs(): number {
    return this.options.timeoutMs ?? 10_000;
  }

  private live(): Connection {
    if (this.closed) throw new SerfConnectionError('the serf client is closed');
    if (!this.connection.open) throw new SerfConnectionError(`not connected to the serf agent at ${this.host}:${this.port}`);
    return this.connection;
  }

  /** Send `command` on the live connection: its reply's body. Not `async`: a call is one promise, not a chain of them. */
  private request(command: SerfCommand, body?: object): Promise<unknown> {
    try {
      return this.live().request(command, this.timeoutMs, body);
    } catch (error) {
      return Promise.reject(asError(error));
    }
  }

  private async openStream(command: 'stream' | 'monitor', body: object, convert: (body: unknown) => unknown): Promise<SerfStream<unknown>> {
    const connection = this.live();
    const open: OpenStream = {
      command,
      body,
      convert,
      seq: -1,
      stream: new SerfStream<unknown>(this.options.streamBound ?? 1024, async () => {
        this.streams.delete(open);
        await this.stop(this.connection, open.seq);
      }),
    };
    await this.start(connection, open);
    this.streams.add(open);
    return open.stream;
  }

  private async start(connection: Connection, open: OpenStream): Promise<void> {
    const sink: RecordSink = {
      record: (body) => open.stream.push(open.convert(body)),
      // A lost connection is survived when reconnecting; anything else ends the stream.
      fail: (error) => {
        if (!(error instanceof SerfConnectionError && this.reconnector && !this.closed)) open.stream.end(error);
      },
    };
    const call = connection.call(open.command, this.timeoutMs, open.body, sink);
    open.seq = call.seq;
    await call.done;
  }

  private async stop(connection: Connection, seq: number): Promise<void> {
    if (seq < 0) return;
    connection.forget(seq);
    if (!connection.open) return;
    await connection.request('stop', this.timeoutMs, { Stop: seq });
  }

  /** Report the loss of `connection` once it is the client's, and reconnect if asked to. */
  private watch(connection: Connection): void {
    connection.onClose = (error) => {
      if (this.closed || error === undefined || connection !== this.connection) return;
      this.emit('disconnect', error);
      if (this.reconnector) this.reconnector.start();
      else for (const open of this.streams) open.stream.end(error);
    };
  }

  private createReconnector(setting: NonNullable<SerfClientOptions['reconnect']>): Reconnector {
    return new Reconnector(typeof setting === 'object' ? setting : {}, () => this.reconnect(), {
      reconnected: () => this.emit('reconnect'),
      failed: (error) => {
        if (this.listenerCount('error') > 0) this.emit('error', error);
      },
    });
  }

  /**
   * One attempt of the {@link Reconnector}: a new connection, greeted and
   * with every stream re-opened, then in place of the lost one. An attempt
   * that fails at any step closes its connection: there is never more than
   * one alive, and no stream is fed by two.
   */
  private async reconnect(): Promise<void> {
    const connection = await openConnection(this.host, this.port, this.options.connectTimeoutMs ?? 5000, this.limits, this.closing.signal);
    this.trial = connection;
    try {
      this.checkOpen(connection);
      await greet(connection, { authKey: this.options.authKey, timeoutMs: this.timeoutMs });
      for (const open of this.streams) await this.start(connection, open);
      this.checkOpen(connection);
    } catch (error) {
      await connection.close();
      throw error;
    } finally {
      this.trial = undefined;
    }
    this.earlier = { recordsAfterStop: this.counters.recordsAfterStop, lateReplies: this.counters.lateReplies };
    this.connection = connection;
    this.watch(connection);
  }

  /** @throws {SerfConnectionError} if the client was closed or `connection` was lost meanwhile. */
  private checkOpen(connection: Connection): void {
    if (this.closed) throw new SerfConnectionError('the serf client was closed');
    if (!connection.open) throw new SerfConnectionError(`the connection to the serf agent at ${this.host}:${this.port} was lost while reconnecting`);
  }
}
