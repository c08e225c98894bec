/**
 * A simulated group: N copies of the shipping protocol machine
 * (`ActorMachine` from `@asyncactor/core`) on a faulty {@link Bus}, in
 * virtual time, from one seed. The same seed and fault plan give the
 * identical trace, so a failing seed is a reproducible bug report.
 *
 * @module
 */
import {
  ActorMachine,
  encodeMessage,
  makeConfig,
  type ActorConfig,
  type ConfigInput,
  type MachineOptions,
  type Message,
  type ProtocolEvent,
  type Value,
} from '@asyncactor/core';
import { OneTimer, withRules } from '@asyncactor/core/internal';
import { Bus, type BusMember, type HealOptions } from './bus';
import { IndexedHeap, type HeapEntry } from './indexed-heap';
import { applyFault, type FaultPlan, type FaultTarget, type TransportHint } from './fault-plan';
import { comparedEntries, findDissenters, type AuditedHistory } from './history-audit';
import { droppedCount } from './dropped';
import { measure, type Metrics } from './metrics';
import { createRandom, type SeededRandom } from './random';
import { REFERENCE_RULES } from './reference/index';
import { traceEventOf, type ChannelSettings, type TraceEvent } from './trace';
import { VirtualClock } from './virtual-clock';

/**
 * Which protocol a node follows: `'shipping'`, the machine of
 * `@asyncactor/core` as it ships, or `'reference'`, the same machine with
 * the Python reference's decisions (see {@link REFERENCE_RULES}).
 */
export type NodeKind = 'shipping' | 'reference';

/** How to build a {@link Cluster}; the channel's faults as in {@link ChannelSettings}. */
export interface ClusterOptions extends ChannelSettings {
  /** Seed of every random choice of the run. */
  readonly seed: number;
  /** The group's config (default: the protocol defaults). */
  readonly config?: ConfigInput;
  /** Nodes to start, by count (named `n0`, `n1`, …) or by name. */
  readonly nodes?: number | readonly string[];
  /** Nodes start at uniform random times in [0, startWindow) seconds. Default 2. */
  readonly startWindow?: number;
  /** Each node's value (default 1; `null` = not ready). */
  readonly value?: (node: string) => Value;
  /** The protocol each node follows (default: every node `'shipping'`). */
  readonly kind?: (node: string) => NodeKind;
  /** Extra options for every machine (a custom priority rule, say). */
  readonly machine?: Omit<MachineOptions, 'config' | 'random'>;
  /** Faults to apply during the run (see {@link Cluster.schedule}). */
  readonly faults?: FaultPlan;
  /**
   * At every tag, compare the histories of the connected running nodes with
   * the tagged node's and record a `disagree` trace event when they differ
   * (see `checkHistoriesAgree`). Default true.
   */
  readonly auditHistories?: boolean;
  /** Called with every node's outputs as they are drained (golden traces record them). */
  readonly onOutput?: (t: number, node: string, sends: readonly Message[], events: readonly ProtocolEvent[]) => void;
}

interface Node extends HeapEntry {
  readonly name: string;
  machine: ActorMachine;
  member: BusMember;
  tagged: boolean;
  alive: boolean;
  paused: boolean;
}

/** A simulated group of nodes. See the module comment. */
export class Cluster implements FaultTarget {
  /** The virtual clock the run is on. */
  readonly clock = new VirtualClock();
  /** The simulated channel. */
  readonly bus: Bus;
  /** Every event of the run, in order. */
  readonly trace: TraceEvent[] = [];
  /** The config the group starts with. */
  readonly config: ActorConfig;
  private readonly random: SeededRandom;
  private readonly nodes = new Map<string, Node>();
  /** Every node's next wake-up; one clock timer serves them all. */
  private readonly deadlines = new IndexedHeap<Node>();
  private readonly wakeTimer = new OneTimer(this.clock, () => this.wake());
  private waking = false;
  private watchingConvergence = false;
  /** Invalid payloads dropped by machines that were since replaced by a restart. */
  private retiredDropped = 0;

  constructor(private readonly options: ClusterOptions) {
    this.random = createRandom(options.seed);
    this.config = makeConfig(options.config ?? {});
    this.bus = new Bus({
      clock: this.clock,
      random: this.random.fork().fn,
      loss: options.loss ?? 0,
      latency: options.latency ?? 0.05,
      jitter: options.jitter ?? 0,
      duplicate: options.duplicate ?? 0,
      reorder: options.reorder ?? false,
    });
    const names = typeof options.nodes === 'number' ? Array.from({ length: options.nodes }, (_, i) => `n${i}`) : (options.nodes ?? []);
    const window = options.startWindow ?? 2;
    for (const name of names) this.start(name, this.random.next() * window);
    if (options.faults) this.schedule(options.faults);
  }

  /** Names of every node ever started. */
  get names(): string[] {
    return [...this.nodes.keys()];
  }

  /** Nodes tagged right now. */
  get tagged(): string[] {
    return [...this.nodes.values()].filter((n) => n.tagged).map((n) => n.name);
  }

  /** The machine of `node` (its latest incarnation). */
  machine(node: string): ActorMachine {
    const found = this.nodes.get(node);
    if (!found) throw new Error(`no node ${node}`);
    return found.machine;
  }

  /** The protocol `node` follows. */
  kindOf(node: string): NodeKind {
    return this.options.kind?.(node) ?? 'shipping';
  }

  /** Whether `node` is running. */
  alive(node: string): boolean {
    return this.nodes.get(node)?.alive ?? false;
  }

  /**
   * Start (or restart, after {@link kill}) `node` at virtual time `at`
   * (default now), with the group's config or its own `config` (a node
   * that missed a config change, say).
   */
  start(name: string, at = this.clock.now(), config?: ConfigInput): void {
    const existing = this.nodes.get(name);
    if (existing?.alive) throw new Error(`node ${name} is running`);
    if (existing) this.retiredDropped += droppedCount(existing.machine);
    const options: MachineOptions = { ...this.options.machine, config: config ? makeConfig(config) : this.config, random: this.random.fork().fn };
    const machine = new ActorMachine(name, this.kindOf(name) === 'reference' ? withRules(options, REFERENCE_RULES) : options);
    const node: Node = {
      name,
      machine,
      member: this.bus.attach(name, (payload) => this.deliver(node, payload)),
      dueAt: 0, dueOrder: 0, heapIndex: -1,
      tagged: false,
      alive: true,
      paused: false,
    };
    this.nodes.set(name, node);
    this.clock.schedule(at, () => {
      if (!node.alive) return;
      this.record({ t: this.clock.now(), type: 'start', node: name });
      machine.setValue(this.options.value ? this.options.value(name) : 1);
      machine.setReady();
      machine.start(this.clock.now());
      this.flush(node);
    });
  }

  /** Crash `node` now: it sends nothing more and hears nothing more. */
  kill(name: string): void {
    const node = this.nodes.get(name);
    if (!node?.alive) return;
    this.remove(node);
    this.record({ t: this.clock.now(), type: 'kill', node: name });
  }

  /** Close `node` on purpose now, as `Actor.close()` does: its tag ends with an `untag`. */
  leave(name: string): void {
    const node = this.nodes.get(name);
    if (!node?.alive) return;
    node.machine.close();
    this.flush(node);
    this.remove(node);
    this.record({ t: this.clock.now(), type: 'leave', node: name });
  }

  /** Stall `node`: it hears nothing and its timers wait until {@link resume}. */
  pause(name: string): void {
    const node = this.nodes.get(name);
    if (!node?.alive || node.paused) return;
    node.paused = true;
    this.deadlines.remove(node);
    this.bus.pause(name);
    this.record({ t: this.clock.now(), type: 'pause', node: name });
  }

  /** Wake a stalled node: its due timers run first, then what it missed arrives in order. */
  resume(name: string): void {
    const node = this.nodes.get(name);
    if (!node?.alive || !node.paused) return;
    node.paused = false;
    const now = this.clock.now();
    this.record({ t: now, type: 'resume', node: name });
    const due = node.machine.deadline;
    if (due !== undefined && due <= now) {
      node.machine.tick(now);
      this.flush(node);
    } else {
      this.arm(node);
    }
    this.bus.resume(name);
  }

  /** Change the channel's faults from now on. */
  setChannel(settings: ChannelSettings): void {
    if (settings.loss !== undefined) this.bus.loss = settings.loss;
    if (settings.latency !== undefined) this.bus.latency = settings.latency;
    if (settings.jitter !== undefined) this.bus.jitter = settings.jitter;
    if (settings.duplicate !== undefined) this.bus.duplicate = settings.duplicate;
    if (settings.reorder !== undefined) this.bus.reorder = settings.reorder;
    this.record({ t: this.clock.now(), type: 'channel', settings });
  }

  /**
   * Put raw bytes on the channel now, as if sent by `from` (by default a
   * sender outside every split group). Invalid payloads are counted in the
   * metrics' `invalidDropped`.
   */
  inject(payload: Uint8Array, from = '~inject'): void {
    this.record({ t: this.clock.now(), type: 'inject', bytes: payload.byteLength });
    const sender = this.bus.attach(from, () => undefined);
    sender.send(payload);
    sender.detach();
  }

  /**
   * A transport hint now, as the Serf transport gives one: `peersLost` (members failed), `peersReturned`
   * (alive again), to every running node or to those in `only` (the actors of one Serf agent, say).
   */
  hint(hint: TransportHint, only?: readonly string[]): void {
    for (const node of this.nodes.values()) {
      if (!node.alive || node.paused || (only !== undefined && !only.includes(node.name))) continue;
      node.machine[hint](this.clock.now());
      this.flush(node);
    }
  }

  /** Apply each fault of `plan` at its time (times in the past apply now). */
  schedule(plan: FaultPlan): void {
    for (const fault of plan) this.clock.schedule(fault.at, () => applyFault(this, fault));
  }

  /** Cut the group into parts that do not hear each other. */
  split(groups: readonly (readonly string[])[]): void {
    this.bus.split(groups);
    this.record({ t: this.clock.now(), type: 'split', groups });
  }

  /** Join the parts again; the trace gets a `converged` event once every live node follows one chain. */
  heal(options: HealOptions = {}): void {
    this.bus.heal(options);
    this.record({ t: this.clock.now(), type: 'heal' });
    this.watchingConvergence = true;
  }

  /** Run the simulation up to virtual time `t`. */
  runUntil(t: number): void {
    this.clock.runUntil(t);
  }

  /** Run for `n` cycles of the group's config. */
  runCycles(n: number): void {
    this.clock.runFor(n * this.config.cycle);
  }

  /** The figures of the run so far (or of the window [from, to)). */
  metrics(window: { from?: number; to?: number } = {}): Metrics {
    let invalid = this.retiredDropped;
    for (const node of this.nodes.values()) invalid += droppedCount(node.machine);
    return measure(this.trace, {
      config: this.config,
      from: window.from ?? 0,
      to: window.to ?? this.clock.now(),
      invalidDropped: invalid,
    });
  }

  private deliver(node: Node, payload: Uint8Array): void {
    if (!node.alive) return;
    // Every receiver gets the same bytes: the machine decodes them once for all (see decodeReceived in core).
    node.machine.receive(this.clock.now(), payload);
    this.flush(node);
    if (this.watchingConvergence) this.checkConvergence();
  }

  private flush(node: Node): void {
    const now = this.clock.now();
    const { sends, events } = node.machine.drain();
    this.options.onOutput?.(now, node.name, sends, events);
    // Indexed loops: `sends` and `events` are often the same frozen empty arrays, and for-of over them allocated an iterator per call.
    for (let i = 0; i < sends.length; i++) {
      const message = sends[i]!;
      const payload = encodeMessage(message);
      this.record({ t: now, type: 'send', node: node.name, kind: message.type, bytes: payload.byteLength });
      node.member.send(payload);
    }
    for (let i = 0; i < events.length; i++) {
      const traced = traceEventOf(now, node.name, events[i]!);
      if (!traced) continue;
      this.record(traced);
      if (traced.type === 'tag') {
        node.tagged = true;
        if (this.options.auditHistories ?? true) this.auditHistories(node);
      } else if (traced.type === 'untag' || traced.type === 'detag') {
        node.tagged = false;
      }
    }

    const failure = node.machine.failure;
    if (failure && node.alive) {
      this.record({ t: now, type: 'fail', node: node.name, error: failure.message });
      this.kill(node.name);
      return;
    }
    this.arm(node);
  }

  private arm(node: Node): void {
    // A paused node's due tick runs when it resumes.
    this.deadlines.set(node, node.alive && !node.paused ? node.machine.deadline : undefined);
    if (!this.waking) this.armWake();
  }

  /** Keep the one clock timer on the earliest node deadline. */
  private armWake(): void {
    this.wakeTimer.set(this.deadlines.peek()?.dueAt);
  }

  /** Tick every node that is due, earliest first. */
  private readonly wake = (): void => {
    const now = this.clock.now();
    this.waking = true;
    try {
      for (let node = this.deadlines.peek(); node && node.dueAt <= now; node = this.deadlines.peek()) {
        this.deadlines.remove(node);
        node.machine.tick(now);
        this.flush(node);
      }
    } finally {
      this.waking = false;
    }
    this.armWake();
  };

  private remove(node: Node): void {
    node.alive = false;
    node.tagged = false;
    this.deadlines.remove(node);
    if (!this.waking) this.armWake();
    node.member.detach();
    if (node.paused) {
      node.paused = false;
      // What waited for the stalled node goes nowhere now.
      this.bus.resume(node.name);
    }
  }

  /** Compare the histories of the nodes that hear `tagged` with its own (see `auditHistories`). */
  private auditHistories(tagged: Node): void {
    const peers: AuditedHistory[] = [];
    for (const other of this.nodes.values()) {
      if (other === tagged || !other.alive || other.paused || other.machine.phase !== 'running' || !other.machine.enabled) continue;
      if (this.bus.connected(tagged.name, other.name)) peers.push({ name: other.name, history: other.machine.history });
    }
    const { dissenters, count } = findDissenters(tagged.machine.history, peers, comparedEntries(this.config));
    if (count > 0) this.record({ t: this.clock.now(), type: 'disagree', node: tagged.name, dissenters, count });
  }

  private checkConvergence(): void {
    let head: string | undefined;
    for (const node of this.nodes.values()) {
      if (!node.alive || node.machine.phase !== 'running') continue;
      const first = node.machine.history[0];
      if (first === undefined) return;
      if (head === undefined) head = first;
      else if (first !== head) return;
    }
    this.watchingConvergence = false;
    this.record({ t: this.clock.now(), type: 'converged' });
  }

  private record(event: TraceEvent): void {
    this.trace.push(event);
  }
}
