/**
 * The asyncactor transport on a Serf agent: one user event name, payloads
 * are the actor's MessagePack bytes, never coalesced.
 *
 * @module
 */
import { PayloadTooLargeError, TransportError, type Transport, type TransportListener } from '@asyncactor/core';
import type { SerfClient } from './client';
import { SerfConnectionError } from './errors';
import { BoundedMap } from './bounded-map';
import { LateEventFilter } from './late-events';
import type { SerfStream } from './stream';
import type { SerfStreamEvent } from './rpc/responses';

/** Serf's default cap on a user event's name plus payload (`user_event_size_limit`). */
export const SERF_DEFAULT_EVENT_LIMIT = 512;

/**
 * Bytes the agent adds when it checks the limit a second time, on the encoded
 * gossip message: a type byte and a MessagePack map of `LTime` (up to 9 bytes),
 * `Name`, `Payload` and `CC` with their headers. 40 covers the largest Lamport
 * time; at small times the agent accepts up to 30 bytes more than we offer.
 */
export const SERF_EVENT_ENCODING_OVERHEAD = 40;

/** Default of {@link SerfTransportOptions.staleAfterMs}. */
export const SERF_DEFAULT_STALE_AFTER_MS = 2000;

/** Options of {@link serfTransport}. */
export interface SerfTransportOptions {
  /** The agents' `user_event_size_limit` (name + payload bytes). Default 512. */
  readonly eventSizeLimit?: number;
  /**
   * Drop user events that Serf replays late after a partition heals: those
   * stamped with a Lamport time this channel had already seen passed more
   * than this many milliseconds before (see the package README). Keep it
   * above twice the cluster's gossip latency. 0 delivers every event.
   * Default 2000.
   */
  readonly staleAfterMs?: number;
}

/** What a Serf transport counted. */
export interface SerfTransportStats {
  /** User events dropped as late replays (see {@link SerfTransportOptions.staleAfterMs}). */
  readonly lateDropped: number;
  /** Members the agent reported failed and then alive again, each told to the actor as `peersReturned`. */
  readonly peersReturned: number;
  /** Members the agent reported failed or left, each told to the actor as `peersLost`. */
  readonly peersLost: number;
}

/** How many failed members a transport remembers, waiting for them to come back. */
const FAILED_MEMBERS_REMEMBERED = 4096;

/** The transport {@link serfTransport} returns: a core `Transport` with its own counters. */
export interface SerfTransport extends Transport {
  /** A copy of the counters, readable at any time. */
  readonly stats: SerfTransportStats;
}

/**
 * A transport for one actor on `client`, on the user event named by `prefix`
 * joined by `.` (e.g. `['actor', 'cleanup']` → `actor.cleanup`).
 *
 * @throws {TransportError} for an empty prefix or an empty segment.
 */
export function serfTransport(client: SerfClient, prefix: readonly string[], options: SerfTransportOptions = {}): SerfTransport {
  if (prefix.length === 0 || prefix.some((segment) => segment.length === 0)) {
    throw new TransportError(`invalid serf event prefix ${JSON.stringify(prefix)}: segments must be non-empty`);
  }
  const staleAfterMs = options.staleAfterMs ?? SERF_DEFAULT_STALE_AFTER_MS;
  if (!Number.isFinite(staleAfterMs) || staleAfterMs < 0) {
    throw new TransportError(`staleAfterMs must be a finite number >= 0 (0 turns the filter off), got ${staleAfterMs}`);
  }
  return new UserEventTransport(client, prefix.join('.'), options.eventSizeLimit ?? SERF_DEFAULT_EVENT_LIMIT, staleAfterMs);
}

class UserEventTransport implements SerfTransport {
  readonly description: string;
  readonly maxPayloadBytes: number;
  private stream: SerfStream<SerfStreamEvent> | undefined;
  private listener: TransportListener | undefined;
  private state: 'new' | 'open' | 'closed' = 'new';
  private readonly lateEvents: LateEventFilter | undefined;
  private lateDropped = 0;
  private returned = 0;
  private lost = 0;
  /** Members the agent reported failed since the stream opened: one that joins again is a peer that came back. */
  private readonly failed = new BoundedMap<string, true>(FAILED_MEMBERS_REMEMBERED);
  private readonly onDisconnect = (error: Error): void => this.listener?.({ type: 'down', error });
  private readonly onReconnect = (): void => {
    // The agent may have restarted, its Lamport clock back at zero.
    this.lateEvents?.reset();
    this.listener?.({ type: 'up' });
  };

  constructor(
    private readonly client: SerfClient,
    private readonly name: string,
    private readonly limit: number,
    staleAfterMs: number,
  ) {
    this.lateEvents = staleAfterMs > 0 ? new LateEventFilter(staleAfterMs) : undefined;
    this.description = `serf:${name}`;
    this.maxPayloadBytes = limit - Buffer.byteLength(name) - SERF_EVENT_ENCODING_OVERHEAD;
    if (this.maxPayloadBytes <= 0) {
      throw new TransportError(`serf event name ${name} leaves no room for a payload under the ${limit}-byte event limit`);
    }
  }

  get stats(): SerfTransportStats {
    return { lateDropped: this.lateDropped, peersReturned: this.returned, peersLost: this.lost };
  }

  async open(listener: TransportListener): Promise<void> {
    if (this.state !== 'new') throw new TransportError('open() may be called once');
    this.state = 'open';
    this.listener = listener;
    this.client.on('disconnect', this.onDisconnect);
    this.client.on('reconnect', this.onReconnect);
    try {
      // Member events too: members failed or left are peers lost (a split, maybe); failed, then alive again, a split healing.
      this.stream = await this.client.stream(`user:${this.name},member-failed,member-leave,member-join,member-update`);
    } catch (error) {
      this.detach();
      this.state = 'closed';
      throw error;
    }
    void this.pump(this.stream);
  }

  async send(payload: Uint8Array): Promise<void> {
    if (this.state !== 'open') throw new TransportError(`transport ${this.description} is ${this.state === 'new' ? 'not open' : 'closed'}`);
    if (payload.byteLength > this.maxPayloadBytes) {
      throw new PayloadTooLargeError(payload.byteLength, this.maxPayloadBytes, `payload for serf event ${this.name} (limit ${this.limit} bytes for name + payload + ${SERF_EVENT_ENCODING_OVERHEAD} bytes of Serf's encoding)`);
    }
    // Serf coalesces user events of one name by default; every ping must arrive.
    await this.client.event(this.name, payload, { coalesce: false });
  }

  async close(): Promise<void> {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.detach();
    this.listener = undefined;
    await this.stream?.stop();
  }

  private async pump(stream: SerfStream<SerfStreamEvent>): Promise<void> {
    let failure: Error | undefined;
    try {
      for await (const event of stream) this.deliver(event);
    } catch (error) {
      // Overflow, or the connection is gone for good.
      failure = error instanceof Error ? error : new TransportError(String(error));
    }
    // Only close() stops the stream on purpose, and it marks us closed first:
    // an end while open means the client under us was closed or failed.
    if (this.state !== 'open') return;
    this.state = 'closed';
    this.detach();
    this.listener?.({ type: 'closed', error: failure ?? new SerfConnectionError('the serf client was closed under the transport') });
  }

  private deliver(event: SerfStreamEvent): void {
    if (event.type !== 'user') return this.members(event);
    if (event.name !== this.name) return;
    if (this.lateEvents && !this.lateEvents.admit(event.lamportTime)) {
      this.lateDropped++;
      return;
    }
    this.listener?.({ type: 'message', payload: event.payload });
  }

  /**
   * A member event: members that failed or left make a `peersLost` hint
   * (the failed ones are remembered); one that failed and is alive again
   * makes a `peersReturned` hint.
   */
  private members(event: SerfStreamEvent): void {
    if (event.type === 'member-failed' || event.type === 'member-leave') {
      if (event.type === 'member-failed') for (const member of event.members) this.failed.set(member.name, true);
      if (event.members.length === 0) return;
      this.lost += event.members.length;
      this.listener?.({ type: 'peersLost' });
      return;
    }
    if (event.type !== 'member-join' && event.type !== 'member-update') return;
    let back = 0;
    for (const member of event.members) if (member.status === 'alive' && this.failed.delete(member.name)) back++;
    if (back === 0) return;
    this.returned += back;
    this.listener?.({ type: 'peersReturned' });
  }

  private detach(): void {
    this.client.off('disconnect', this.onDisconnect);
    this.client.off('reconnect', this.onReconnect);
  }
}
