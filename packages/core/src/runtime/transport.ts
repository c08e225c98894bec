/**
 * The contract between an {@link Actor} and the broadcast channel it runs on.
 *
 * A transport moves opaque byte payloads over one channel (an MQTT topic, a
 * Serf user event, an in-memory bus). It knows nothing of the protocol: the
 * Actor encodes what it sends, and hands every payload received, as bytes,
 * to its protocol machine, which decodes it.
 *
 * @module
 */

/** Something the transport reports to the actor that owns it. */
export type TransportEvent =
  /**
   * A payload seen on the channel. The node's own payloads must be delivered
   * too. A delivered payload is never changed afterwards (receivers may
   * share its decoded message).
   */
  | { readonly type: 'message'; readonly payload: Uint8Array }
  /**
   * The channel is lost for now (broker or agent unreachable). The transport
   * keeps trying if it can; the actor ends any tag at once, since it can no
   * longer know whether another node took over.
   */
  | { readonly type: 'down'; readonly error?: Error }
  /** The channel is back after a `down`, and delivery is active again. */
  | { readonly type: 'up' }
  /**
   * A hint: peers this transport had seen go away are reachable again (Serf
   * reports members alive after a partition). Optional; a transport that
   * cannot tell never sends it. The newest node of each chain then
   * re-announces it at once, so two chains that ran apart during a split
   * meet within the channel's latency instead of when their pings next
   * cross. Sending it when nothing was split costs one `hist` at most.
   */
  | { readonly type: 'peersReturned' }
  /**
   * A hint: peers this transport could reach are gone (Serf reports members
   * failed or left, as in a partition). Optional; a transport that cannot
   * tell never sends it. Chain members then send their next ping in this
   * cycle, in chain order, instead of a cycle later, so that a part of a
   * split group that lacks the chain's oldest entries tags again within
   * about `cycle + 2 * gap` (without the hint: about two cycles). Sending
   * it when nothing was cut off moves no ping before the oldest's.
   */
  | { readonly type: 'peersLost' }
  /** A problem that does not stop the channel (a rejected publish, say). */
  | { readonly type: 'error'; readonly error: Error }
  /** The transport has ended for good (not by `close()`); the actor shuts down. */
  | { readonly type: 'closed'; readonly error?: Error };

/** Receives a transport's reports. Must not throw; it is called synchronously. */
export type TransportListener = (event: TransportEvent) => void;

/**
 * One broadcast channel, as seen by one actor.
 *
 * Lifecycle: `open(listener)` once, then any number of `send` calls, then
 * `close()`. After `close()` resolves, the transport delivers nothing and
 * holds no timer, socket or subscription on behalf of this actor.
 *
 * Requirements an implementation must meet (the compliance suite in
 * `@asyncactor/testing` checks them):
 * - Every payload sent on the channel by anyone, this transport included,
 *   reaches the listener as a `message`, each at most once per send where
 *   the channel allows it. Payloads from one sender arrive in send order.
 * - `open` resolves only when delivery is active, so that a payload sent
 *   right after it comes back.
 * - `send` rejects (with an `Error`) when the payload cannot be handed to the
 *   channel, e.g. when it exceeds {@link Transport.maxPayloadBytes} or the
 *   channel is down. It never queues a payload to send it late after a
 *   reconnect: a stale ping is worse than a lost one.
 * - `close` is idempotent.
 */
export interface Transport {
  /** Start delivering channel events to `listener`. Called once. */
  open(listener: TransportListener): Promise<void>;
  /** Broadcast one payload on the channel. */
  send(payload: Uint8Array): Promise<void>;
  /** Stop delivering and release everything held for this actor. */
  close(): Promise<void>;
  /** The largest payload the channel accepts, if it has a limit. */
  readonly maxPayloadBytes?: number;
  /** A short human-readable description, e.g. `mqtt:actor/cleanup`. */
  readonly description?: string;
}
