/**
 * An in-memory broadcast channel with the faults of a real network: loss,
 * latency and jitter, duplication, reordering, partitions, paused (stalled)
 * nodes, and nodes that crash. It runs on any {@link Clock}: a
 * {@link VirtualClock} for simulations, `systemClock` for real-time tests of
 * an application.
 *
 * @module
 */
import { TransportError, type Clock, type Transport, type TransportListener } from '@asyncactor/core';
import { TimeHeap, type Timed } from './heap';

/** Faults and timing of a {@link Bus}. All probabilities are per delivery. */
export interface BusOptions {
  /** The clock deliveries are scheduled on. */
  readonly clock: Clock;
  /** Uniform numbers in [0, 1); default `Math.random`. Use a seeded one for reproducible runs. */
  readonly random?: () => number;
  /** Probability that a delivery to another node is lost (own echoes are never lost). Default 0. */
  readonly loss?: number;
  /** Fixed delivery delay in seconds. Default 0.05. */
  readonly latency?: number;
  /** Uniform jitter added to the latency, ± this many seconds. Default 0. */
  readonly jitter?: number;
  /** Probability that a delivery arrives twice. Default 0. */
  readonly duplicate?: number;
  /** Let jitter reorder messages between one sender and one receiver. Default false (FIFO per link). */
  readonly reorder?: boolean;
  /** Largest payload the bus accepts. Default 64 KiB. */
  readonly maxPayloadBytes?: number;
}

/** What the bus counted. */
export interface BusStats {
  /** Payloads sent (broadcasts). */
  readonly sent: number;
  /** Bytes sent. */
  readonly bytes: number;
  /** Deliveries made (each receiver counts once). */
  readonly delivered: number;
  /** Deliveries lost to `loss`. */
  readonly lost: number;
  /** Deliveries not made because of a partition. */
  readonly cut: number;
  /** Extra copies delivered by `duplicate`. */
  readonly duplicated: number;
}

/** Receives a delivery: the payload and the name of the node that sent it. */
export type Delivery = (payload: Uint8Array, from: string) => void;

/** One node's connection to the bus, for drivers that work below the Transport level. */
export interface BusMember {
  readonly node: string;
  /** Broadcast a payload. */
  send(payload: Uint8Array): void;
  /** Leave the bus. */
  detach(): void;
}

interface Member {
  readonly node: string;
  readonly deliver: Delivery;
  readonly onCrash: (() => void) | undefined;
  attached: boolean;
  /** For FIFO links: when the last delivery from each sender is due here. */
  readonly lastFrom: Map<string, number>;
}

/** The in-memory broadcast channel. See the module comment. */
export class Bus {
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly members = new Set<Member>();
  private readonly groups = new Map<string, number>();
  private readonly paused = new Map<string, (() => void)[]>();
  /** Broadcasts in flight, by their next delivery time: one clock timer serves them all. */
  private readonly inFlight = new TimeHeap<Batch>();
  private timerAt: number | undefined;
  private cancelTimer: (() => void) | undefined;
  private readonly counters = { sent: 0, bytes: 0, delivered: 0, lost: 0, cut: 0, duplicated: 0 };
  /** Called for every payload sent, before delivery (for traces). */
  onSend: ((from: string, payload: Uint8Array) => void) | undefined;
  /** Fault settings; change them at any time. */
  loss: number;
  latency: number;
  jitter: number;
  duplicate: number;
  reorder: boolean;
  readonly maxPayloadBytes: number;

  constructor(options: BusOptions) {
    this.clock = options.clock;
    this.random = options.random ?? Math.random;
    this.loss = options.loss ?? 0;
    this.latency = options.latency ?? 0.05;
    this.jitter = options.jitter ?? 0;
    this.duplicate = options.duplicate ?? 0;
    this.reorder = options.reorder ?? false;
    this.maxPayloadBytes = options.maxPayloadBytes ?? 64 * 1024;
  }

  /** A copy of the counters. */
  get stats(): BusStats {
    return { ...this.counters };
  }

  /** Connect `node` at the payload level; `deliver` gets every payload it can hear, its own included. */
  attach(node: string, deliver: Delivery, onCrash?: () => void): BusMember {
    const member: Member = { node, deliver, onCrash, attached: true, lastFrom: new Map() };
    this.members.add(member);
    return {
      node,
      send: (payload) => {
        if (member.attached) this.broadcast(node, payload);
      },
      detach: () => {
        member.attached = false;
        this.members.delete(member);
      },
    };
  }

  /** A {@link Transport} for one actor called `node`. */
  transport(node: string): Transport {
    return new BusTransport(this, node);
  }

  /** Cut the bus into groups that do not hear each other. Nodes in no group form one more group. */
  split(groups: readonly (readonly string[])[]): void {
    this.groups.clear();
    groups.forEach((group, index) => group.forEach((node) => this.groups.set(node, index)));
  }

  /** Undo {@link split}. */
  heal(): void {
    this.groups.clear();
  }

  /** Stall `node`: deliveries to it wait until {@link resume}. */
  pause(node: string): void {
    if (!this.paused.has(node)) this.paused.set(node, []);
  }

  /** Deliver what waited for a paused node, in order, and go on normally. */
  resume(node: string): void {
    const waiting = this.paused.get(node);
    this.paused.delete(node);
    for (const deliver of waiting ?? []) deliver();
  }

  /** Crash `node`: it leaves the bus at once and its transports report `closed`. */
  kill(node: string): void {
    for (const member of [...this.members]) {
      if (member.node !== node) continue;
      member.attached = false;
      this.members.delete(member);
      member.onCrash?.();
    }
    this.paused.delete(node);
  }

  /** Whether `a` and `b` can hear each other now. */
  connected(a: string, b: string): boolean {
    return (this.groups.get(a) ?? -1) === (this.groups.get(b) ?? -1);
  }

  private broadcast(from: string, payload: Uint8Array): void {
    this.counters.sent++;
    this.counters.bytes += payload.byteLength;
    this.onSend?.(from, payload);
    const now = this.clock.now();
    const batch: Pending[] = [];
    for (const member of this.members) {
      if (!this.connected(from, member.node)) {
        this.counters.cut++;
        continue;
      }
      const own = member.node === from;
      if (!own && this.loss > 0 && this.random() < this.loss) {
        this.counters.lost++;
        continue;
      }
      batch.push({ at: this.deliveryTime(member, from, now, own), member });
      if (!own && this.duplicate > 0 && this.random() < this.duplicate) {
        this.counters.duplicated++;
        batch.push({ at: this.deliveryTime(member, from, now, own), member });
      }
    }
    if (batch.length === 0) return;
    // The deliveries wait in one queue ordered by time (ties: send order),
    // served by a single timer: the clock's queue stays small however many
    // nodes there are, and order holds on a real-time clock too.
    batch.sort((x, y) => x.at - y.at);
    this.inFlight.push({ at: batch[0]!.at, deliveries: batch, next: 0, from, payload });
    this.arm();
  }

  private arm(): void {
    const next = this.inFlight.peek()?.at;
    if (next === this.timerAt) return;
    this.cancelTimer?.();
    this.timerAt = next;
    this.cancelTimer = next === undefined ? undefined : this.clock.schedule(next, () => this.fire());
  }

  private fire(): void {
    this.timerAt = undefined;
    this.cancelTimer = undefined;
    const now = this.clock.now();
    for (let batch = this.inFlight.peek(); batch && batch.at <= now; batch = this.inFlight.peek()) {
      this.inFlight.pop();
      // Deliver this broadcast's due deliveries for as long as no other
      // broadcast (one just sent by a receiver, say) is due before them.
      for (;;) {
        const delivery = batch.deliveries[batch.next++]!;
        this.deliverOne(delivery.member, batch.from, batch.payload);
        const following = batch.deliveries[batch.next];
        if (!following) break;
        const other = this.inFlight.peek();
        if (following.at > now || (other && other.at <= following.at)) {
          batch.at = following.at;
          this.inFlight.push(batch);
          break;
        }
      }
    }
    this.arm();
  }

  private deliveryTime(member: Member, from: string, now: number, own: boolean): number {
    // A node hears itself at once; others after the latency and jitter.
    const jitter = !own && this.jitter > 0 ? (this.random() * 2 - 1) * this.jitter : 0;
    let at = own ? now : now + Math.max(0, this.latency + jitter);
    if (!this.reorder) {
      // Keep each sender → receiver link first-in, first-out.
      const last = member.lastFrom.get(from);
      if (last !== undefined && last > at) at = last;
      else member.lastFrom.set(from, at);
    }
    return at;
  }

  private deliverOne(member: Member, from: string, payload: Uint8Array): void {
    const waiting = this.paused.size > 0 ? this.paused.get(member.node) : undefined;
    if (waiting) {
      waiting.push(() => this.deliverOne(member, from, payload));
      return;
    }
    if (!member.attached) return;
    this.counters.delivered++;
    member.deliver(payload, from);
  }
}

/** One delivery of a broadcast, waiting for its time. */
interface Pending {
  readonly at: number;
  readonly member: Member;
}

/** A broadcast in flight: its deliveries in time order, and the next one's time. */
interface Batch extends Timed {
  readonly deliveries: readonly Pending[];
  next: number;
  readonly from: string;
  readonly payload: Uint8Array;
}

/** A bus connection as a core {@link Transport}. */
class BusTransport implements Transport {
  readonly description: string;
  readonly maxPayloadBytes: number;
  private member: BusMember | undefined;
  private listener: TransportListener | undefined;
  private state: 'new' | 'open' | 'closed' = 'new';

  constructor(
    private readonly bus: Bus,
    private readonly node: string,
  ) {
    this.description = `bus:${node}`;
    this.maxPayloadBytes = bus.maxPayloadBytes;
  }

  open(listener: TransportListener): Promise<void> {
    if (this.state !== 'new') return Promise.reject(new TransportError('open() may be called once'));
    this.state = 'open';
    this.listener = listener;
    this.member = this.bus.attach(
      this.node,
      (payload) => this.listener?.({ type: 'message', payload }),
      () => {
        this.state = 'closed';
        const crashed = this.listener;
        this.listener = undefined;
        crashed?.({ type: 'closed', error: new TransportError(`node ${this.node} was killed`) });
      },
    );
    return Promise.resolve();
  }

  send(payload: Uint8Array): Promise<void> {
    if (this.state !== 'open') return Promise.reject(new TransportError(`bus transport of ${this.node} is ${this.state === 'new' ? 'not open' : 'closed'}`));
    if (payload.byteLength > this.maxPayloadBytes) {
      return Promise.reject(new TransportError(`payload of ${payload.byteLength} bytes exceeds the bus limit of ${this.maxPayloadBytes} bytes`));
    }
    this.member!.send(payload);
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.state = 'closed';
    this.listener = undefined;
    this.member?.detach();
    return Promise.resolve();
  }
}
