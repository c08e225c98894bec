/**
 * The protocol as a deterministic state machine (PROTOCOL §6), sans-IO.
 *
 * No sockets, no timers, no clock: every input carries `now` (seconds), and
 * the caller then collects the outputs with {@link ActorMachine.drain} —
 * messages to send and events to emit — and reads
 * {@link ActorMachine.deadline}, the time at which it wants {@link
 * ActorMachine.tick} to be called. Randomness comes from the injected
 * `random`. The `Actor` runtime and the simulator in `@asyncactor/testing`
 * are two drivers of this same class.
 *
 * The machine holds the {@link Parts}, each one piece of state, and routes
 * inputs to them: a payload is decoded (`wire.ts`), a ping or `hist` judged
 * by the pure {@link judge} and the verdict applied once ({@link
 * applyVerdict}); due timers fire in {@link ActorMachine.tick}.
 *
 * @module
 */
import { rotationTimeMax, type ActorConfig, type ConfigInput } from '../config';
import { ActorClosedError, CallbackError } from '../errors';
import type { ConfigMessage } from '../messages';
import { copyStats, type MachineStats } from '../stats';
import type { Value } from '../value';
import { decodeReceived } from '../wire';
import { applyVerdict, hear } from './apply';
import { checkNodeName, settingsOf, type MachineOptions } from './options';
import type { MachineOutput } from './outbox';
import { fireTimer } from './fire';
import { hearSender, membersAt, turnHolderAt } from './group-view';
import type { Member } from './members';
import { ownInit } from './name-claim';
import { acceptedPing, createParts, endTurn, reschedule, sendConfig, type Parts } from './parts';
import type { ChainMessage } from './ping-events';
import { rulesOf } from './rules';
import { takesTurn } from './turn-holder';
import { isNews } from './verdict';

/** Where a machine is in its life. */
export type MachinePhase = 'new' | 'starting' | 'running' | 'failed' | 'closed';

/** The asyncactor protocol for one node. See the module comment. */
export class ActorMachine {
  /** This node's name; must be unique on the channel. */
  readonly name: string;
  private readonly parts: Parts;
  #currentPhase: MachinePhase = 'new';
  #failedWith: Error | undefined;
  #participating: boolean;

  /**
   * @throws {ConfigError} if the config breaks a rule, the name is empty or longer than the wire limit, or an option is invalid.
   */
  constructor(name: string, options: MachineOptions = {}) {
    const settings = settingsOf(options);
    checkNodeName(name, settings.limits);
    this.name = name;
    this.parts = createParts(name, settings, rulesOf(options));
    this.#participating = this.parts.settings.enabled;
  }

  // ---- reading state --------------------------------------------------

  /** The config in force (the network may raise it: see `setup` events). */
  get config(): ActorConfig { return this.parts.versions.config; }
  /** The history as this node sees it, newest first. */
  get history(): readonly string[] { return this.parts.history.entries.slice(); }
  /** True between this node's `tag` event and the event that ends it. */
  get tagged(): boolean { return this.parts.turn.tagged; }
  /** True while this node takes part (sends pings); false when passive. */
  get enabled(): boolean { return this.#participating; }
  /** Where the machine is in its life. */
  get phase(): MachinePhase { return this.#currentPhase; }
  /** Why the machine failed: an `ActorTimeoutError` or `ActorCollisionError`. */
  get failure(): Error | undefined { return this.#failedWith; }
  /** A snapshot of the counters. */
  get stats(): MachineStats { return copyStats(this.parts.counters); }
  /** The last value seen from `node` (ours included once we pinged). */
  valueOf(node: string): Value | undefined { return this.parts.values.get(node); }
  /** Every node heard within the members window, most recently heard first, as of `now`. */
  members(now: number): Member[] { return membersAt(this.parts, now); }
  /** Who holds the turn at `now`, as far as this node knows (this node while its turn runs). */
  it(now: number): string | undefined { return this.#isLive() ? turnHolderAt(this.parts, now) : undefined; }
  /** When this node will send its next ping unless one arrives first (undefined when it will not). */
  get nextPingTime(): number | undefined { return this.#participating && this.#isLive() ? this.parts.timers.get('ping') : undefined; }
  /** The time at which the machine wants {@link tick}, or undefined. */
  get deadline(): number | undefined { return this.#isLive() ? this.parts.timers.next() : undefined; }
  /** Take the messages to send and the events to emit produced since the last call. */
  drain(): MachineOutput { return this.parts.outbox.drain(); }

  // ---- inputs from the application -------------------------------------

  /** Start: send `init` and `vers`, and wait for our own `init` to come back. */
  start(now: number): void {
    if (this.#currentPhase !== 'new') throw new ActorClosedError('start() may be called once');
    this.#currentPhase = this.parts.settings.silent ? 'running' : 'starting';
    if (this.parts.settings.silent) return;
    this.parts.outbox.send({ type: 'init', node: this.name });
    this.#sendConfig();
    this.parts.startup.begin(now, this.config, this.parts.settings.random);
    this.parts.pings.scheduleFirst(now, this.config);
  }

  /** Set the value sent with our pings (`null` = not ready) and used to break ties. */
  setValue(value: Value): void {
    this.parts.pings.value = value;
  }

  /** Mark the application ready (or not) to take its turn. */
  setReady(ready = true): void {
    this.parts.pings.ready = ready;
  }

  /** Take part again after {@link disable}: this node will ping when its slot comes. */
  enable(now: number): void {
    if (this.parts.settings.silent || this.#participating || !this.#isLive()) return;
    this.#participating = true;
    this.parts.history.fit(this.config);
    this.parts.pings.rejoined();
    this.#guarded(() => reschedule(this.parts, now));
  }

  /** Listen only: send nothing, end any tag, keep following the chain. */
  disable(): void {
    if (!this.#participating) return;
    endTurn(this.parts, { reason: 'disabled' });
    this.#participating = false;
    this.parts.recovery.clear();
    this.parts.versions.cancelAnswer();
  }

  /**
   * Change the group's config: broadcast it with a higher version (default:
   * one more than the current one).
   *
   * @throws {ConfigError} if a rule is broken or the version does not rise.
   */
  updateConfig(input: ConfigInput): void {
    this.parts.versions.propose(input);
    if (this.#participating) this.parts.history.fit(this.config);
    if (!this.parts.settings.silent && this.#isLive()) this.#sendConfig();
  }

  /** The channel is lost: end any tag at once and send nothing until {@link channelUp}. */
  channelDown(): void {
    if (!this.parts.outbox.channelUp) return;
    this.parts.outbox.channelUp = false;
    endTurn(this.parts, { reason: 'disconnected' });
  }

  /**
   * The channel is back. The world may have moved on without us, so start
   * over as a newcomer: forget the chain, listen for a cycle, then join. If
   * nothing is heard while listening (the whole group lost the channel, as
   * when the broker restarts), that first ping takes the turn.
   */
  channelUp(now: number): void {
    if (this.parts.outbox.channelUp) return;
    this.parts.outbox.channelUp = true;
    if (!this.#isLive()) return;
    this.parts.history.forget();
    this.parts.recovery.clear();
    this.parts.pings.scheduleFirst(now, this.config, true);
  }

  /**
   * A hint from the transport: peers it had lost are reachable again (Serf
   * reports members alive after a partition). If this node is the newest
   * entry of its chain (it sent the last ping), it re-announces the chain at
   * once with a `hist`, so that two chains that rotated apart meet now, not
   * when their next pings cross (up to most of a cycle later); every other
   * node does nothing. Wire-compatible: a `hist` is what a heal sends
   * anyway, and the rival side decides on it by the usual rule. The
   * simulator never calls this unless a scenario asks for it.
   */
  peersReturned(now: number): void {
    const { parts } = this;
    if (!this.#takesHints()) return;
    const { entries } = parts.history;
    if (entries[0] !== this.name || parts.pings.value === null) return;
    parts.recovery.peersReturned(now, entries.slice(), parts.pings.value, this.config.cycle);
  }

  /**
   * A hint from the transport: peers it could reach are gone (Serf reports
   * members failed or left, as in a partition). The chain's oldest entries
   * may be among them, so for a rotation and a cycle from now
   * (`rotationTimeMax`) this node's pings come in the cycle they are due,
   * in chain order behind the next-oldest's take-over, instead of a cycle
   * later (see `hurriedSlot`): a part of a split group that lacks the
   * chain's oldest entries tags again within about `cycle + 2 * gap`, and
   * again each round while the lost entries drop off its chain. Sends
   * nothing by itself; where the oldest is alive its ping comes first.
   * Wire-compatible: only the time of a ping changes.
   */
  peersLost(now: number): void {
    const { parts } = this;
    if (!this.#takesHints()) return;
    const { entries } = parts.history;
    parts.pings.hurry(now, now + rotationTimeMax(this.config, entries.length), this.config, entries, parts.values, parts.peers);
  }

  /** Whether a transport hint can change anything: this node takes part, is live, its channel is up and it may send. */
  #takesHints(): boolean {
    const { parts } = this;
    return this.#participating && this.#isLive() && parts.outbox.channelUp && !parts.settings.silent;
  }

  /** Stop for good: end any tag (`untag` with reason `closed`) and produce nothing more. */
  close(): void {
    if (this.#currentPhase === 'closed') return;
    endTurn(this.parts, { reason: 'closed' });
    this.#currentPhase = 'closed';
  }

  // ---- inputs from the channel ------------------------------------------

  /**
   * A payload arrived from the channel: decode it and act on it. Invalid ones
   * are counted and dropped. A callback that breaks its contract fails the
   * machine (see `CallbackError`); so in {@link tick} and {@link enable}.
   */
  receive(now: number, payload: Uint8Array): void {
    this.#guarded(() => this.#onPayload(now, payload));
  }

  /** Time has come: fire every timer due at or before `now`, each at its own time, in order. */
  tick(now: number): void {
    const { timers } = this.parts;
    this.#guarded(() => {
      for (let due = timers.due(now); due && this.#isLive(); due = timers.due(now)) {
        const timeout = fireTimer(this.parts, due.name, due.at, now, this.#participating);
        if (timeout) this.#fail(timeout);
      }
    });
  }

  #onPayload(now: number, payload: Uint8Array): void {
    const { counters, outbox, settings } = this.parts;
    const result = decodeReceived(payload, settings.limits);
    if (!result.ok) {
      counters.dropped[result.reason]++;
      return;
    }
    if (!this.#isLive()) return;
    const { message } = result;
    counters.received[message.type]++;
    if (settings.rawMessages) outbox.emit({ type: 'raw', message });
    hearSender(this.parts, now, message);
    if (message.type === 'init') this.#onInit(now, message.node);
    else if (message.type === 'config') this.#onConfig(now, message);
    else if (this.#participating) this.#onChainMessage(now, message);
    else this.#onPassiveChainMessage(now, message);
  }

  // ---- messages -------------------------------------------------------------

  #onInit(now: number, node: string): void {
    if (node !== this.name || this.parts.settings.silent) return;
    const collision = ownInit(this.parts, now);
    if (collision) return this.#fail(collision);
    if (this.#currentPhase !== 'starting') return;
    this.#currentPhase = 'running';
    if (this.parts.rules.firstPingOnEcho && this.#participating) this.parts.timers.set('ping', now);
  }

  #onConfig(now: number, message: ConfigMessage): void {
    const { parts } = this;
    const position = parts.history.entries.indexOf(this.name);
    switch (parts.versions.receive(now, message.config, { participating: this.#participating, turn: parts.turn.phase, position })) {
      case 'refused':
        parts.counters.configsRefused++;
        return;
      case 'adopted':
        if (this.#participating) parts.history.fit(this.config);
        parts.pings.adopted(now, this.config);
        return parts.outbox.emit({ type: 'setup', config: message.config });
      case 'answer':
        return this.#sendConfig();
      case 'none':
        return;
    }
  }

  /** A ping or `hist` while passive: follow the chain without taking part. */
  #onPassiveChainMessage(now: number, message: ChainMessage): void {
    const { parts } = this;
    const sender = message.history[0]!;
    const previousHead = parts.history.entries[0];
    parts.values.remember(sender, message.value);
    if (parts.history.followPassively(message)) acceptedPing(parts, now, message, previousHead);
    // A node alone pings again on its own chain: it takes the turn again.
    else if (takesTurn(message, previousHead)) parts.holder.accepted(now, sender, true, this.config);
  }

  #onChainMessage(now: number, message: ChainMessage): void {
    const { parts } = this;
    // Someone of our side re-announced our old chain first: nothing more to
    // do. That chain may be headed by us (a node further back saw the rival
    // chain before we did), so this comes before ignoring our own name.
    if (parts.recovery.announced(now, message, this.config.cycle)) return;
    // When the sender was heard before this message (a healed split's sender was not, for a while).
    const senderHeardAt = parts.peers.heardAt(message.history[0]!);
    if (isNews(message, this.name, parts.history.entries)) hear(parts, now, message);
    const verdict = parts.rules.judge(message, {
      self: this.name,
      history: parts.history.entries,
      headIsOld: parts.history.headIsOld(now, this.config),
      headIsFresh: parts.history.headIsFresh(now, this.config),
      headAnnounced: parts.history.headAnnounced,
      bound: parts.history.bound(this.config),
      priority: parts.settings.priority,
      valueOf: (node) => parts.values.get(node),
      heardLately: (node) => now - (node === message.history[0] ? senderHeardAt : parts.peers.heardAt(node)) <= parts.history.unheardWithin(this.config),
    });
    applyVerdict(parts, now, message, verdict);
  }

  #sendConfig(): void {
    sendConfig(this.parts);
  }

  #isLive(): boolean {
    return this.#currentPhase === 'starting' || this.#currentPhase === 'running';
  }

  #guarded(input: () => void): void {
    try {
      input();
    } catch (error) {
      if (!(error instanceof CallbackError)) throw error;
      this.#fail(error);
    }
  }

  #fail(error: Error): void {
    endTurn(this.parts, { reason: 'failed' });
    this.#failedWith = error;
    this.#currentPhase = 'failed';
  }
}
