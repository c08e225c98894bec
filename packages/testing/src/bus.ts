/**
 * An in-memory broadcast channel with the faults of a real network: loss,
 * latency and jitter, duplication, reordering, partitions, paused (stalled)
 * nodes, and nodes that crash. It runs on any {@link Clock}: a
 * {@link VirtualClock} for simulations, `systemClock` for real-time tests of
 * an application.
 *
 * @module
 */
import { PayloadTooLargeError, TransportError, type Clock, type Transport, type TransportListener } from '@asyncactor/core';
import { OneTimer } from '@asyncactor/core/internal';
import { IndexedHeap, type HeapEntry } from './indexed-heap';

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
  /** Deliveries cut by a partition and made late by a replaying {@link Bus.heal}. */
  readonly replayed: number;
}

/** Options of {@link Bus.heal}. */
export interface HealOptions {
  /**
   * Deliver what each node missed during the split, late and in random
   * order, as Serf's anti-entropy (push-pull) does when the halves meet
   * again. At most the last {@link MAX_REPLAYED_BROADCASTS} broadcasts.
   * Default false: what a partition cut is lost, as on MQTT.
   */
  readonly replayMissed?: boolean;
}

/** Most broadcasts a replaying heal delivers late: Serf keeps the last 512 user events. */
export const MAX_REPLAYED_BROADCASTS = 512;

/** Receives a delivery: the payload and the name of the node that sent it. */
export type Delivery = (payload: Uint8Array, from: string) => void;

/** One node's connection to the bus, for drivers that work below the Transport level. */
export interface BusMember {
  /** The node's name. */
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
  /** For FIFO links: when the last delivery from each sender (by sender number) is due here. */
  lastFrom: Float64Array;
}

/** The in-memory broadcast channel. See the module comment. */
export class Bus {
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly members = new Set<Member>();
  private readonly groups = new Map<string, number>();
  private readonly paused = new Map<string, (() => void)[]>();
  /** Broadcasts in flight, by their next delivery time: one clock timer serves them all. */
  private readonly inFlight = new IndexedHeap<Batch>();
  /** A small number for every node name that ever sent, for the FIFO bookkeeping. */
  private readonly senderNumbers = new Map<string, number>();
  private readonly timer: OneTimer;
  private readonly counters = { sent: 0, bytes: 0, delivered: 0, lost: 0, cut: 0, duplicated: 0, replayed: 0 };
  /** Broadcasts a partition cut, and who missed them, for a replaying heal (oldest first). */
  private readonly missed: { readonly from: string; readonly payload: Uint8Array; readonly members: Member[] }[] = [];
  /** Called for every payload sent, before delivery (for traces). */
  onSend: ((from: string, payload: Uint8Array) => void) | undefined;
  // Fault settings (see BusOptions); change them at any time.
  /** Probability that a delivery to another node is lost. */
  loss: number;
  /** Fixed delivery delay in seconds. */
  latency: number;
  /** Uniform jitter added to the latency, ± this many seconds. */
  jitter: number;
  /** Probability that a delivery arrives twice. */
  duplicate: number;
  /** Whether jitter may reorder messages between one sender and one receiver. */
  reorder: boolean;
  /** Largest payload the bus's transports accept. */
  readonly maxPayloadBytes: number;

  constructor(options: BusOptions) {
    this.clock = options.clock;
    this.timer = new OneTimer(options.clock, this.fire);
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
    const member: Member = { node, deliver, onCrash, attached: true, lastFrom: new Float64Array(Math.max(16, this.senderNumbers.size)) };
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

  /** Undo {@link split}; with `replayMissed`, deliver late what the split cut (see {@link HealOptions}). */
  heal(options: HealOptions = {}): void {
    this.groups.clear();
    const missed = this.missed.splice(0);
    if (!options.replayMissed) return;
    const now = this.clock.now();
    const spread = Math.max(this.latency, this.jitter);
    for (const { from, payload, members } of missed) {
      const receivers = members.filter((member) => member.attached);
      if (receivers.length === 0) continue;
      this.counters.replayed += receivers.length;
      this.enqueue(from, payload, receivers, receivers.map(() => now + this.latency + this.random() * spread));
    }
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
    const sender = this.senderNumber(from);
    const split = this.groups.size > 0;
    const members: Member[] = [];
    const times: number[] = [];
    const cut: Member[] = [];
    for (const member of this.members) {
      if (split && !this.connected(from, member.node)) {
        this.counters.cut++;
        cut.push(member);
        continue;
      }
      const own = member.node === from;
      if (!own && this.loss > 0 && this.random() < this.loss) {
        this.counters.lost++;
        continue;
      }
      members.push(member);
      times.push(this.deliveryTime(member, sender, now, own));
      if (!own && this.duplicate > 0 && this.random() < this.duplicate) {
        this.counters.duplicated++;
        members.push(member);
        times.push(this.deliveryTime(member, sender, now, own));
      }
    }
    if (cut.length > 0) {
      this.missed.push({ from, payload, members: cut });
      if (this.missed.length > MAX_REPLAYED_BROADCASTS) this.missed.shift();
    }
    if (members.length === 0) return;
    this.enqueue(from, payload, members, times);
  }

  /**
   * Queue the deliveries of one broadcast: `members[i]` at `times[i]`. They
   * wait in one queue ordered by time (ties: the order given), served by a
   * single timer: the clock's queue stays small however many nodes there
   * are, and order holds on a real-time clock too.
   */
  private enqueue(from: string, payload: Uint8Array, members: readonly Member[], times: readonly number[]): void {
    const order = members.map((_, i) => i).sort((x, y) => times[x]! - times[y]! || x - y);
    const batch: Batch = {
      dueAt: 0, dueOrder: 0, heapIndex: -1,
      times: Float64Array.from(order, (i) => times[i]!),
      members: order.map((i) => members[i]!),
      next: 0,
      from,
      payload,
    };
    this.inFlight.set(batch, batch.times[0]);
    this.arm();
  }

  private arm(): void {
    this.timer.set(this.inFlight.peek()?.dueAt);
  }

  private readonly fire = (): void => {
    const now = this.clock.now();
    // One delivery at a time, always of the broadcast due first: a receiver
    // may send a new broadcast meanwhile, whose own echo is due at once.
    for (let batch = this.inFlight.peek(); batch && batch.dueAt <= now; batch = this.inFlight.peek()) {
      const index = batch.next++;
      if (batch.next < batch.times.length) this.inFlight.set(batch, batch.times[batch.next]);
      else this.inFlight.remove(batch);
      this.deliverOne(batch.members[index]!, batch.from, batch.payload);
    }
    this.arm();
  };

  private senderNumber(node: string): number {
    let number = this.senderNumbers.get(node);
    if (number === undefined) {
      number = this.senderNumbers.size;
      this.senderNumbers.set(node, number);
    }
    return number;
  }

  private deliveryTime(member: Member, sender: number, now: number, own: boolean): number {
    // A node hears itself at once; others after the latency and jitter.
    if (own) return now;
    const jitter = this.jitter > 0 ? (this.random() * 2 - 1) * this.jitter : 0;
    let at = now + Math.max(0, this.latency + jitter);
    if (!this.reorder) {
      // Keep each sender → receiver link first-in, first-out.
      if (sender >= member.lastFrom.length) {
        const grown = new Float64Array(Math.max(sender + 1, member.lastFrom.length * 2));
        grown.set(member.lastFrom);
        member.lastFrom = grown;
      }
      const last = member.lastFrom[sender]!;
      if (last > at) at = last;
      else member.lastFrom[sender] = at;
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

/** A broadcast in flight: its deliveries in time order (receivers and times), and the next one to make. */
interface Batch extends HeapEntry {
  readonly times: Float64Array;
  readonly members: readonly Member[];
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
      return Promise.reject(new PayloadTooLargeError(payload.byteLength, this.maxPayloadBytes, `payload from bus node ${this.node}`));
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
