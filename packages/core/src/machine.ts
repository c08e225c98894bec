/**
 * The protocol as a deterministic state machine (PROTOCOL §6), sans-IO.
 *
 * No sockets, no timers, no clock: every input carries `now` (seconds), and
 * the caller then collects the outputs with {@link ActorMachine.drain} —
 * messages to send and events to emit — and reads
 * {@link ActorMachine.deadline}, the time at which it wants {@link
 * ActorMachine.tick} to be called. Randomness comes from the injected
 * `random`. The {@link Actor} runtime and the simulator in
 * `@asyncactor/testing` are two drivers of this same class.
 *
 * @module
 */
import { DEFAULT_CONFIG, makeConfig, type ActorConfig, type ConfigInput } from './config';
import { ActorClosedError, ActorCollisionError, ActorTimeoutError, ConfigError } from './errors';
import type { ProtocolEvent, UntagReason } from './events';
import { findFork, mergeHistories, type Fork } from './fork';
import { boundHistory, pushHistory } from './history';
import type { ConfigMessage, HistoryMessage, Message, PingMessage } from './messages';
import { defaultPriority, type PriorityRule } from './priority';
import { Reannouncements, reannounceDelay } from './reannounce';
import { sendDelay } from './schedule';
import { copyStats, emptyStats, type MachineStats } from './stats';
import type { Value } from './value';
import { DEFAULT_WIRE_LIMITS, decodeMessage, type WireLimits } from './wire';

/** Options of an {@link ActorMachine}. */
export interface MachineOptions {
  /** The group's config; missing keys take the defaults (PROTOCOL §2). */
  readonly config?: ConfigInput;
  /** Uniform random numbers in [0, 1). Default `Math.random`. */
  readonly random?: () => number;
  /** The collision rule; see {@link PriorityRule} for its contract. */
  readonly priority?: PriorityRule;
  /** Start passive (listen only) when false. Default true. */
  readonly enabled?: boolean;
  /** Emit a `raw` event for every valid message received. */
  readonly rawMessages?: boolean;
  /** Send nothing at all, not even `init` (a pure observer; implies passive). */
  readonly silent?: boolean;
  /** Bounds on received payloads. */
  readonly limits?: WireLimits;
  /**
   * Decide whether to adopt a higher-versioned config from the network.
   * Anyone who can publish on the channel can send one; return false to
   * refuse (counted in `stats.configsRefused`). Default: accept all.
   */
  readonly acceptConfig?: (proposed: ActorConfig, current: ActorConfig) => boolean;
  /**
   * Most distinct node values remembered (oldest forgotten first), and the
   * longest history kept when `nodes` is 0 or negative (unbounded) or larger.
   * Bounds the memory a flood of made-up node names can take. Default 1024.
   */
  readonly maxKnownNodes?: number;
}

/** Where a machine is in its life. */
export type MachinePhase = 'new' | 'starting' | 'running' | 'failed' | 'closed';

/** Where this node's own turn stands. */
type TagState = 'idle' | 'pending' | 'tagged';

const EMPTY_SENDS: Message[] = [];
const EMPTY_EVENTS: ProtocolEvent[] = [];
Object.freeze(EMPTY_SENDS);
Object.freeze(EMPTY_EVENTS);

/** How long a chain we re-announced is remembered, in cycles. */
const RECOVERY_MEMORY_CYCLES = 2;

/** The asyncactor protocol for one node. See the module comment. */
export class ActorMachine {
  /** This node's name; must be unique on the channel. */
  readonly name: string;
  private cfg: ActorConfig;
  private readonly random: () => number;
  private readonly priority: PriorityRule;
  private readonly limits: WireLimits;
  private readonly rawMessages: boolean;
  private readonly silent: boolean;
  private readonly acceptConfig: (proposed: ActorConfig, current: ActorConfig) => boolean;
  private readonly maxKnownNodes: number;

  private state: MachinePhase = 'new';
  private error: Error | undefined;
  private isEnabled: boolean;
  private connected = true;
  private ready = false;
  private value: Value = null;
  private readonly values = new Map<string, Value>();
  private chain: string[] = [];
  /** When the newest entry of `chain` last changed (or was confirmed). */
  private chainSince = -Infinity;
  private tag: TagState = 'idle';
  private notOnCount = 0;
  private selfSeen = false;

  // Timers: absolute times, undefined when not armed.
  private startTimeoutAt: number | undefined;
  private nextPingAt: number | undefined;
  private tagPhaseAt: number | undefined;
  private pingEventAt: number | undefined;
  private versionSendAt: number | undefined;
  private lastPing: PingMessage | HistoryMessage | undefined;
  private lastSentPing: PingMessage | undefined;
  private lastSentAt = -Infinity;
  private lastRecoveryAt = -Infinity;
  private readonly announcements: Reannouncements;

  private sends: Message[] = [];
  private events: ProtocolEvent[] = [];
  private readonly counters = emptyStats();

  /**
   * @throws {ConfigError} if the config breaks a rule, the name is empty, or `maxKnownNodes` is below 1.
   */
  constructor(name: string, options: MachineOptions = {}) {
    if (typeof name !== 'string' || name.length === 0) throw new ConfigError('name', 'must be a non-empty string');
    this.name = name;
    this.cfg = makeConfig(options.config ?? {}, DEFAULT_CONFIG);
    this.random = options.random ?? Math.random;
    this.priority = options.priority ?? defaultPriority;
    this.limits = options.limits ?? DEFAULT_WIRE_LIMITS;
    this.rawMessages = options.rawMessages ?? false;
    this.silent = options.silent ?? false;
    this.isEnabled = !this.silent && (options.enabled ?? true);
    this.acceptConfig = options.acceptConfig ?? (() => true);
    this.maxKnownNodes = options.maxKnownNodes ?? 1024;
    if (!Number.isSafeInteger(this.maxKnownNodes) || this.maxKnownNodes < 1) {
      throw new ConfigError('maxKnownNodes', `must be an integer >= 1 (got ${this.maxKnownNodes})`);
    }
    this.announcements = new Reannouncements(this.maxKnownNodes);
  }

  // ---- reading state --------------------------------------------------

  /** The config in force (the network may raise it: see `setup` events). */
  get config(): ActorConfig {
    return this.cfg;
  }
  /** The history as this node sees it, newest first. */
  get history(): readonly string[] {
    return this.chain.slice();
  }
  /** True between this node's `tag` event and the event that ends it. */
  get tagged(): boolean {
    return this.tag === 'tagged';
  }
  /** True while this node takes part (sends pings); false when passive. */
  get enabled(): boolean {
    return this.isEnabled;
  }
  /** Where the machine is in its life. */
  get phase(): MachinePhase {
    return this.state;
  }
  /** Why the machine failed: an {@link ActorTimeoutError} or {@link ActorCollisionError}. */
  get failure(): Error | undefined {
    return this.error;
  }
  /** A snapshot of the counters. */
  get stats(): MachineStats {
    return copyStats(this.counters);
  }
  /** The last value seen from `node` (ours included once we pinged). */
  valueOf(node: string): Value | undefined {
    return this.values.get(node);
  }

  /** When this node will send its next ping unless one arrives first (undefined when it will not). */
  get nextPingTime(): number | undefined {
    return this.isEnabled && this.isLive() ? this.nextPingAt : undefined;
  }

  /** The time at which the machine wants {@link tick}, or undefined. */
  get deadline(): number | undefined {
    if (this.state === 'failed' || this.state === 'closed' || this.state === 'new') return undefined;
    let earliest: number | undefined;
    const consider = (t: number | undefined): void => {
      if (t !== undefined && (earliest === undefined || t < earliest)) earliest = t;
    };
    consider(this.startTimeoutAt);
    consider(this.nextPingAt);
    consider(this.tagPhaseAt);
    consider(this.pingEventAt);
    consider(this.versionSendAt);
    consider(this.announcements.earliest);
    return earliest;
  }

  /** Take the messages to send and the events to emit produced since the last call. */
  drain(): { sends: Message[]; events: ProtocolEvent[] } {
    // Most inputs produce nothing: do not allocate for them.
    if (this.sends.length === 0 && this.events.length === 0) return { sends: EMPTY_SENDS, events: EMPTY_EVENTS };
    const out = { sends: this.sends, events: this.events };
    this.sends = [];
    this.events = [];
    return out;
  }

  // ---- inputs from the application -------------------------------------

  /** Start: send `init` and `vers`, and wait for our own `init` to come back. */
  start(now: number): void {
    if (this.state !== 'new') throw new ActorClosedError('start() may be called once');
    if (this.silent) {
      this.state = 'running';
      return;
    }
    this.state = 'starting';
    this.send({ type: 'init', node: this.name });
    this.send({ type: 'config', node: this.name, config: this.cfg });
    const { cycle, gap } = this.cfg;
    this.startTimeoutAt = now + cycle + gap * (1.5 + this.random() / 2);
    this.scheduleFirstPing(now);
  }

  /** Set the value sent with our pings (`null` = not ready) and used to break ties. */
  setValue(value: Value): void {
    this.value = value;
  }

  /** Mark the application ready (or not) to take its turn. */
  setReady(ready = true): void {
    this.ready = ready;
  }

  /** Take part again after {@link disable}: this node will ping when its slot comes. */
  enable(now: number): void {
    if (this.silent || this.isEnabled || !this.isLive()) return;
    this.isEnabled = true;
    this.chain = boundHistory(this.chain, this.chainBound());
    this.notOnCount = 1;
    this.reschedule(now);
  }

  /** Listen only: send nothing, end any tag, keep following the chain. */
  disable(): void {
    if (!this.isEnabled) return;
    this.endTag('disabled');
    this.isEnabled = false;
    this.announcements.clear();
    this.versionSendAt = undefined;
  }

  /**
   * Change the group's config: broadcast it with a higher version (default:
   * one more than the current one).
   *
   * @throws {ConfigError} if a rule is broken or the version does not rise.
   */
  updateConfig(input: ConfigInput): void {
    const version = input.version ?? this.cfg.version + 1;
    if (version <= this.cfg.version) {
      throw new ConfigError('version', `must be greater than the current version ${this.cfg.version}`);
    }
    this.adoptConfig(makeConfig({ ...input, version }, this.cfg));
    if (!this.silent && this.isLive()) this.send({ type: 'config', node: this.name, config: this.cfg });
  }

  /** The channel is lost: end any tag at once and send nothing until {@link channelUp}. */
  channelDown(): void {
    if (!this.connected) return;
    this.connected = false;
    this.endTag('disconnected');
  }

  /**
   * The channel is back. The world may have moved on without us, so start
   * over as a newcomer: forget the chain, listen for a cycle, then join.
   */
  channelUp(now: number): void {
    if (this.connected) return;
    this.connected = true;
    if (!this.isLive()) return;
    this.chain = [];
    this.announcements.clear();
    this.scheduleFirstPing(now);
  }

  /** Stop for good: end any tag (`untag` with reason `closed`) and produce nothing more. */
  close(): void {
    if (this.state === 'closed') return;
    this.endTag('closed');
    this.state = 'closed';
  }

  // ---- inputs from the channel ------------------------------------------

  /** A payload arrived from the channel. Invalid ones are counted and dropped. */
  receive(now: number, payload: Uint8Array): void {
    const result = decodeMessage(payload, this.limits);
    if (!result.ok) {
      this.counters.dropped[result.reason]++;
      return;
    }
    this.receiveMessage(now, result.message);
  }

  /** A decoded message arrived from the channel. */
  receiveMessage(now: number, message: Message): void {
    if (!this.isLive()) return;
    this.counters.received[message.type]++;
    if (this.rawMessages) this.emit({ type: 'raw', message });
    switch (message.type) {
      case 'init':
        return this.onInit(now, message.node);
      case 'config':
        return this.onConfig(now, message);
      case 'ping':
      case 'history':
        return this.isEnabled ? this.onChainMessage(now, message) : this.onPassiveChainMessage(now, message);
    }
  }

  /** Time has come: handle every timer due at or before `now`. */
  tick(now: number): void {
    for (;;) {
      if (!this.isLive()) return;
      const due = this.deadline;
      if (due === undefined || due > now) return;
      this.fire(due);
    }
  }

  // ---- timers -------------------------------------------------------------

  private fire(at: number): void {
    if (this.startTimeoutAt === at) {
      this.startTimeoutAt = undefined;
      if (!this.selfSeen) {
        this.fail(
          new ActorTimeoutError(
            `own init message did not come back within ${this.startWindow()} s: may this node publish on the channel, and does the channel deliver a node's own messages? (a read-only node can watch with the silent option)`,
          ),
        );
      }
      return;
    }
    if (this.tagPhaseAt === at) return this.advanceTag(at);
    if (this.pingEventAt === at) {
      this.pingEventAt = undefined;
      const ping = this.lastPing;
      this.lastPing = undefined;
      if (ping && this.tag === 'idle') this.emit({ type: 'ping', node: ping.history[0]!, value: ping.value });
      return;
    }
    if (this.versionSendAt === at) {
      this.versionSendAt = undefined;
      this.send({ type: 'config', node: this.name, config: this.cfg });
      return;
    }
    const announcement = this.announcements.take(at);
    if (announcement) {
      this.send({ type: 'history', value: announcement.value, history: announcement.history.slice(0, this.sentHistoryLength()) });
      return;
    }
    if (this.nextPingAt === at) {
      this.nextPingAt = undefined;
      this.sendPing(at);
    }
  }

  private startWindow(): string {
    return (this.cfg.cycle + this.cfg.gap * 1.75).toFixed(2);
  }

  /** Before a first ping with no chain heard, listen long enough to hear any healthy chain. */
  private scheduleFirstPing(now: number): void {
    const { cycle, gap } = this.cfg;
    this.nextPingAt = now + cycle + gap * (2.5 + this.random() / 2);
  }

  private sendPing(now: number): void {
    if (!this.isEnabled || !this.connected) return;
    if (!this.selfSeen) {
      // Not sure yet that the channel works; try again once the start-up check is done.
      this.nextPingAt = this.startTimeoutAt ?? now + this.cfg.gap;
      return;
    }
    const hadChain = this.chain.length > 0;
    this.rememberValue(this.name, this.value);
    this.chain = pushHistory(this.chain, this.name, this.chainBound());
    this.chainSince = now;
    const ping: PingMessage = { type: 'ping', node: this.name, value: this.value, history: this.chain.slice(0, this.sentHistoryLength()) };
    this.lastSentPing = ping;
    this.lastSentAt = now;
    this.send(ping);
    this.reschedule(now);
    // Our previous turn may still run: its length was set by a cycle that a
    // config adopted since has made longer than the wait for this ping. It
    // ends here, with its untag, before the next one starts.
    this.endTag('expired');
    if (hadChain) {
      this.tag = 'pending';
      this.tagPhaseAt = now + this.cfg.gap;
    }
  }

  private advanceTag(now: number): void {
    if (this.tag === 'pending') {
      this.tag = 'tagged';
      this.tagPhaseAt = now + this.cfg.cycle - this.cfg.gap / 2;
      this.counters.tags++;
      this.emit({ type: 'tag', node: this.name, value: this.value });
    } else {
      this.endTag('expired');
    }
  }

  /** End our turn: a tag ends with exactly one `untag`; a pending one just stops. */
  private endTag(reason: UntagReason): void {
    const wasTagged = this.tag === 'tagged';
    this.tag = 'idle';
    this.tagPhaseAt = undefined;
    if (wasTagged) {
      this.notOnCount = 0;
      this.emit({ type: 'untag', reason });
    }
  }

  private detag(by: string): void {
    const wasTagged = this.tag === 'tagged';
    this.tag = 'idle';
    this.tagPhaseAt = undefined;
    if (wasTagged) this.emit({ type: 'detag', node: by });
  }

  private reschedule(now: number): void {
    const { cycles = 1, factor, offFullChain } = sendDelay({
      self: this.name,
      history: this.chain,
      nodes: this.cfg.nodes,
      ready: this.ready,
      hasValue: (node) => (this.values.get(node) ?? null) !== null,
      knownNodes: this.values.size,
      nHosts: this.cfg.nHosts,
      forceIn: this.cfg.forceIn,
      notOnCount: this.notOnCount,
      random: this.random,
    });
    if (offFullChain) this.notOnCount++;
    this.nextPingAt = now + this.cfg.cycle * cycles + this.cfg.gap * factor;
  }

  private queuePingEvent(now: number, message: PingMessage | HistoryMessage): void {
    this.lastPing = message;
    this.pingEventAt ??= now + 2 * this.cfg.gap;
  }

  // ---- messages -------------------------------------------------------------

  private onInit(now: number, node: string): void {
    if (node !== this.name || this.silent) return;
    if (this.selfSeen) {
      this.fail(new ActorCollisionError(this.name));
      return;
    }
    this.selfSeen = true;
    this.startTimeoutAt = undefined;
    if (this.state === 'starting') this.state = 'running';
  }

  private onConfig(now: number, message: ConfigMessage): void {
    const theirs = message.config;
    if (theirs.version > this.cfg.version) {
      if (!this.acceptConfig(theirs, this.cfg)) {
        this.counters.configsRefused++;
        return;
      }
      this.adoptConfig(theirs);
      this.versionSendAt = undefined;
      this.emit({ type: 'setup', config: theirs });
      return;
    }
    if (theirs.version === this.cfg.version) {
      this.versionSendAt = undefined;
      return;
    }
    // An older config is about: the node whose turn it is answers, else the chain in order.
    if (!this.isEnabled || this.silent) return;
    if (this.tag !== 'idle') {
      this.send({ type: 'config', node: this.name, config: this.cfg });
      return;
    }
    const position = this.chain.indexOf(this.name);
    if (position >= 0) this.versionSendAt = now + this.cfg.gap * (1 - 2 ** -position);
  }

  /** A ping or `hist` while passive: follow the chain without taking part. */
  private onPassiveChainMessage(now: number, message: PingMessage | HistoryMessage): void {
    const sender = message.history[0]!;
    this.rememberValue(sender, message.value);
    if (this.chain[0] === sender) return;
    const extends_ = message.history[1] === this.chain[0];
    // A passive node keeps an unbounded view of the chain, within the wire limit.
    const chain = extends_ ? pushHistory(this.chain, sender, 0) : message.history.slice();
    this.chain = boundHistory(chain, this.limits.maxHistory);
    this.queuePingEvent(now, message);
  }

  private onChainMessage(now: number, message: PingMessage | HistoryMessage): void {
    const sender = message.history[0]!;
    const isPing = message.type === 'ping';
    // Someone of our side re-announced our old chain first: nothing more to
    // do. That chain may be headed by us (a node further back saw the rival
    // chain before we did), so this comes before ignoring our own name.
    if (!isPing && this.announcements.seen(now, this.recoveryMemory(), message.history)) return;
    if (sender === this.name) return; // our own, echoed
    const head = this.chain[0];
    if (sender === head) {
      // The same sender again: a copy of the ping we follow, or, a cycle
      // later, its fallback ping that drops the oldest entry (PROTOCOL §4).
      if (isPing && now - this.chainSince >= this.cfg.cycle / 2) {
        this.accept(now, message, pushHistory(this.chain, sender, this.chainBound()));
      }
      return;
    }

    this.rememberValue(sender, message.value);
    if (this.value === null && message.value !== null) {
      this.emit({ type: 'goodNode', nodes: message.history.filter((n) => (this.values.get(n) ?? null) !== null) });
    }

    const predecessor = message.history[1];
    if (predecessor === head) {
      if (isPing) this.accept(now, message, pushHistory(this.chain, sender, this.chainBound()));
      return;
    }
    if (head === undefined) {
      // We know no chain yet (just started or reconnected): join this one.
      this.accept(now, message, boundHistory(message.history, this.chainBound()));
      return;
    }
    const fork = findFork(message.history, this.chain);
    if (!fork) return this.collide(now, message, sender, undefined);
    if (fork.theirs > fork.ours) {
      // Their branch is longer since the chains parted: some pings never reached us.
      if (fork.ours === 0) {
        // Our chain, continued past pings we missed: follow it.
        this.counters.fastForwards++;
        this.accept(now, message, mergeHistories(message.history, this.chain, fork, this.chainBound()));
      } else {
        this.counters.collisions++;
        this.supersede(now, message, sender, fork);
      }
      return;
    }
    if (fork.theirs < fork.ours) {
      // The sender missed pings of ours (or this is an old ping, late).
      this.counters.stale++;
      this.remindLoser(now);
      return;
    }
    // Equally long branches: pings crossed. The collision rule decides; not a split.
    this.collide(now, message, sender, fork);
  }

  /** A ping that continues the chain: follow it. */
  private accept(now: number, message: PingMessage | HistoryMessage, chain: string[]): void {
    this.chain = chain;
    this.chainSince = now;
    this.reschedule(now);
    this.endTag('expired');
    this.queuePingEvent(now, message);
  }

  /** A better chain supersedes ours: adopt it, and our turn (if any) is over. */
  private supersede(now: number, message: PingMessage | HistoryMessage, sender: string, fork: Fork | undefined): void {
    this.chain = mergeHistories(message.history, this.chain, fork, this.chainBound());
    this.chainSince = now;
    this.detag(sender);
    this.reschedule(now);
    this.queuePingEvent(now, message);
  }

  /**
   * A ping that lost to ours reached us long after we sent ours: its sender
   * never got our ping and will take its turn unless told. Send ours again.
   * Only the node whose turn it is does this, so it costs one message.
   */
  private remindLoser(now: number): void {
    const ours = this.lastSentPing;
    if (!ours || this.chain[0] !== this.name || this.tag === 'idle') return;
    if (now - this.lastSentAt <= this.cfg.gap / 4) return; // crossed in flight: they see ours too
    this.counters.reminders++;
    this.send(ours);
  }

  /**
   * Two chains met. With no `fork` they share no entry, so each grew apart
   * from the other for a while (a healed partition); otherwise pings crossed.
   */
  private collide(now: number, message: PingMessage | HistoryMessage, sender: string, fork: Fork | undefined): void {
    this.counters.collisions++;
    const oldChain = this.chain;
    const head = oldChain[0]!;
    const theirsWins = this.priority(sender, this.values.get(sender), head, this.values.get(head));
    if (theirsWins) this.supersede(now, message, sender, fork);
    // A rival chain's node gets our `hist` below, not a reminder.
    else if (fork) this.remindLoser(now);
    // A one-entry history: the sender knew no chain, so it is a newcomer.
    if (fork || message.history.length < 2) return;
    if (this.value === null) return;
    const position = oldChain.indexOf(this.name);
    if (position < 0) return;
    // One heal makes several messages collide here in quick succession: report it once.
    if (now - this.lastRecoveryAt < this.cfg.cycle) return;
    this.lastRecoveryAt = now;
    this.counters.recoveries++;
    this.emit({
      type: 'recover',
      priority: position,
      replaced: theirsWins,
      localNodes: oldChain.slice(),
      remoteNodes: message.history.slice(),
    });
    // Re-announce our old chain so the other side sees it too, unless that
    // side already did (a `hist` is its answer to our chain) or we did lately.
    if (message.type !== 'ping') return;
    this.announcements.schedule(now, this.recoveryMemory(), {
      at: now + reannounceDelay(position, this.cfg.gap, this.cfg.cycle, now - this.lastSentAt),
      history: oldChain,
      value: this.values.get(head) ?? null,
    });
  }

  // ---- plumbing ---------------------------------------------------------------

  /**
   * The longest history this node keeps while taking part: `nodes`, but
   * never more than `maxKnownNodes`, so that neither an unbounded `nodes`
   * nor a huge one from the network lets made-up names grow it for ever.
   */
  private chainBound(): number {
    const { nodes } = this.cfg;
    return nodes > 0 ? Math.min(nodes, this.maxKnownNodes) : this.maxKnownNodes;
  }

  /** History entries a ping or `hist` carries: `splits`, but no more than a peer with our limits accepts. */
  private sentHistoryLength(): number {
    return Math.min(this.cfg.splits, this.limits.maxHistory);
  }

  /** How long a re-announced chain is remembered. */
  private recoveryMemory(): number {
    return RECOVERY_MEMORY_CYCLES * this.cfg.cycle;
  }

  /**
   * Put a new config in force. A smaller `nodes` cuts the history at once:
   * the history update rule (PROTOCOL §4) only keeps a list within its
   * bound, it never shrinks one that is over it.
   */
  private adoptConfig(config: ActorConfig): void {
    this.cfg = config;
    if (this.isEnabled) this.chain = boundHistory(this.chain, this.chainBound());
  }

  private rememberValue(node: string, value: Value): void {
    this.values.delete(node);
    this.values.set(node, value);
    if (this.values.size > this.maxKnownNodes) {
      const oldest = this.values.keys().next().value;
      if (oldest !== undefined) this.values.delete(oldest);
    }
  }

  private isLive(): boolean {
    return this.state === 'starting' || this.state === 'running';
  }

  private fail(error: Error): void {
    this.endTag('failed');
    this.error = error;
    this.state = 'failed';
  }

  private send(message: Message): void {
    if (!this.connected) return; // never queue a message to send it late
    this.counters.sent[message.type]++;
    this.sends.push(message);
  }

  private emit(event: ProtocolEvent): void {
    this.events.push(event);
  }
}
