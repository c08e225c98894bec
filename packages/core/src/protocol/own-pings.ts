/**
 * This node's own pings: the value and readiness they carry, when it sends
 * the next one (its timer `ping`), the last one it sent, and how often in a
 * row it found itself left out of a full history or off a history with room
 * (the butting-in rule of {@link sendDelay} needs those counts).
 *
 * @module
 */
import type { ActorConfig } from '../config';
import type { PingMessage } from '../messages';
import type { Value } from '../value';
import { CHAIN_FIRST_SLOT, type SendDelay, type SendTimeView } from './schedule';
import type { TimerTable } from './timers';
import type { PeerTimes } from './peer-times';
import type { ValueMemory } from './values';

/** This node's own pings. See the module comment. */
export class OwnPings {
  /** The value our pings carry (`null` = not ready); it also breaks ties. */
  value: Value = null;
  /** Whether the application is ready to take its turn. */
  ready = false;
  #last: PingMessage | undefined;
  #lastAt = -Infinity;
  /** When our next ping was last scheduled from: the last accepted ping (or a stall or `enable`, which reschedule too). */
  #scheduledFrom = -Infinity;
  /** Until when our pings follow the hurried schedule, after the transport reported peers lost. */
  #hurriedUntil = -Infinity;
  #lastEchoed = false;
  #remindedAt = -Infinity;
  #leftOutCount = 0;
  #roomCount = 0;
  /** Since when this node has listened before its first ping (undefined once it pinged or heard a chain). */
  #listeningSince: number | undefined;
  /** Whether that listening began when the channel came back (not at start). */
  #afterOutage = false;

  readonly #name: string;
  readonly #timers: TimerTable;
  readonly #random: () => number;
  readonly #sendDelay: (view: SendTimeView) => SendDelay;

  constructor(name: string, timers: TimerTable, random: () => number, sendDelay: (view: SendTimeView) => SendDelay) {
    this.#name = name;
    this.#timers = timers;
    this.#random = random;
    this.#sendDelay = sendDelay;
  }

  /**
   * Before a first ping with no chain heard, listen long enough to hear any
   * healthy chain; `afterOutage` when the channel came back after a loss.
   */
  scheduleFirst(now: number, config: ActorConfig, afterOutage = false): void {
    this.#listeningSince = now;
    this.#afterOutage = afterOutage;
    this.#timers.set('ping', this.#firstPingAfter(now, config));
  }

  /**
   * Whether the channel came back after a loss and nothing was heard since,
   * for longer than the longest gap between two pings of a working chain
   * (the listening before the first ping): no one holds the turn.
   */
  get quietSinceOutage(): boolean {
    return this.#afterOutage && this.#listeningSince !== undefined;
  }

  /**
   * A config from the network was adopted. Before our first ping, with no
   * chain heard yet, listen as long as the new config asks (from the same
   * start): a longer cycle means the chain's pings come further apart.
   */
  adopted(now: number, config: ActorConfig): void {
    if (this.#listeningSince !== undefined) this.#timers.set('ping', Math.max(now, this.#firstPingAfter(this.#listeningSince, config)));
  }

  #firstPingAfter(since: number, config: ActorConfig): number {
    return since + config.cycle + config.gap * (2.5 + this.#random() / 2);
  }

  /** A ping was accepted (received or sent) at `now`: set the time of our next one. */
  reschedule(now: number, config: ActorConfig, history: readonly string[], values: ValueMemory, peers: PeerTimes): void {
    const { cycles = 1, factor, leftOut, waitsForRoom = false } = this.#delay(config, history, values, peers, now < this.#hurriedUntil);
    if (leftOut) this.#leftOutCount++;
    if (history[0] !== this.#name) this.#roomCount = nextRoomCount(this.#roomCount, waitsForRoom, leftOut);
    this.#listeningSince = undefined;
    this.#scheduledFrom = now;
    this.#timers.set('ping', now + config.cycle * cycles + config.gap * factor);
  }

  /**
   * The transport reported peers lost at `now`: until `until`, our pings
   * follow the hurried schedule ({@link SendTimeView.peersLost}). The next
   * one comes no later than that schedule asks, counted from the last
   * accepted ping or, if that time has passed, the same distance after the
   * earliest chain slot from now; never later than it was. The time of the
   * next ping does not change before a chain was heard.
   */
  hurry(now: number, until: number, config: ActorConfig, history: readonly string[], values: ValueMemory, peers: PeerTimes): void {
    this.#hurriedUntil = Math.max(this.#hurriedUntil, until);
    const armed = this.#timers.get('ping');
    if (armed === undefined || this.#listeningSince !== undefined || history.length === 0) return;
    const { cycles = 1, factor } = this.#delay(config, history, values, peers, true);
    // A fresh draw to butt in early is not what the hint is for: keep the time we had.
    if (factor < CHAIN_FIRST_SLOT) return;
    let at = this.#scheduledFrom + config.cycle * cycles + config.gap * factor;
    if (at < now) at = now + config.gap * Math.max(0, factor - CHAIN_FIRST_SLOT);
    if (at < armed) this.#timers.set('ping', at);
  }

  #delay(config: ActorConfig, history: readonly string[], values: ValueMemory, peers: PeerTimes, peersLost: boolean): SendDelay {
    return this.#sendDelay({
      self: this.#name,
      history,
      nodes: config.nodes,
      ready: this.ready,
      hasValue: (node) => values.isReady(node),
      slotOf: (node) => peers.slotOf(node),
      peersLost,
      knownNodes: values.size,
      nHosts: config.nHosts,
      forceIn: config.forceIn,
      leftOutCount: this.#leftOutCount,
      roomCount: this.#roomCount,
      random: this.#random,
    });
  }

  /** Try to send again at `at` (the channel was not confirmed yet). */
  retryAt(at: number): void {
    this.#timers.set('ping', at);
  }

  /** Our ping with `history` (ours first), recorded as sent at `now`. */
  make(now: number, history: readonly string[]): PingMessage {
    this.#last = { type: 'ping', node: this.#name, value: this.value, history };
    this.#lastAt = now;
    this.#lastEchoed = false;
    this.#remindedAt = -Infinity;
    return this.#last;
  }

  /** A ping with our name came back over the channel. */
  echoed(): void {
    this.#lastEchoed = true;
  }

  /** Whether our last ping came back: the channel works for us (every transport delivers a node's own messages). */
  get confirmed(): boolean {
    return this.#lastEchoed;
  }

  /** Seconds since our last ping (Infinity before the first). */
  since(now: number): number {
    return now - this.#lastAt;
  }

  /**
   * Our last ping again, for a node whose losing ping reached us more than
   * `late` seconds after ours went out (it may never get ours); undefined
   * when there is none, when ours is more recent than that, or when we sent
   * it again less than `spacing` seconds ago.
   */
  reminder(now: number, late: number, spacing: number): PingMessage | undefined {
    if (!this.#last || now - this.#lastAt <= late || now - this.#remindedAt < spacing) return undefined;
    this.#remindedAt = now;
    return this.#last;
  }

  /** We take part again after being passive: count as left out once. */
  rejoined(): void {
    this.#leftOutCount = 1;
  }

  /** We had a turn: we are not left out. */
  hadTurn(): void {
    this.#leftOutCount = 0;
  }
}

/**
 * The count of rounds spent off a chain with room (see `roomFactor` in
 * `schedule.ts`), after one more: up by one while the room stays free;
 * down by one per round the chain is full (a chain filled for a moment by
 * a name that will not send again leaves the evidence standing; a chain
 * that stays full lets it fade); 0 once this node is on the chain. Our
 * own ping (butting in) leaves it as it is.
 */
function nextRoomCount(count: number, waitsForRoom: boolean, leftOut: boolean): number {
  if (waitsForRoom) return count + 1;
  return leftOut ? Math.max(0, count - 1) : 0;
}
