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
  decodeMessage,
  encodeMessage,
  makeConfig,
  type ActorConfig,
  type ConfigInput,
  type MachineOptions,
  type Message,
  type Value,
} from '@asyncactor/core';
import { Bus, type BusMember } from './bus';
import { measure, type Metrics } from './metrics';
import { createRandom, type SeededRandom } from './random';
import type { TraceEvent } from './trace';
import { VirtualClock } from './virtual-clock';

/** How to build a {@link Cluster}. */
export interface ClusterOptions {
  /** Seed of every random choice of the run. */
  readonly seed: number;
  /** The group's config (default: the protocol defaults). */
  readonly config?: ConfigInput;
  /** Nodes to start, by count (named `n0`, `n1`, …) or by name. */
  readonly nodes?: number | readonly string[];
  /** Nodes start at uniform random times in [0, startWindow) seconds. Default 2. */
  readonly startWindow?: number;
  /** Bus faults: per-delivery loss, latency, jitter, duplication, reordering. */
  readonly loss?: number;
  readonly latency?: number;
  readonly jitter?: number;
  readonly duplicate?: number;
  readonly reorder?: boolean;
  /** Each node's value (default 1; `null` = not ready). */
  readonly value?: (node: string) => Value;
  /** Extra options for every machine (a custom priority rule, say). */
  readonly machine?: Omit<MachineOptions, 'config' | 'random'>;
}

interface Node {
  readonly name: string;
  machine: ActorMachine;
  member: BusMember;
  cancelTimer: (() => void) | undefined;
  timerAt: number | undefined;
  tagged: boolean;
  alive: boolean;
}

/** A simulated group of nodes. See the module comment. */
export class Cluster {
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
  private readonly decoded = new WeakMap<Uint8Array, Message | null>();
  private watchingConvergence = false;

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

  /** Whether `node` is running. */
  alive(node: string): boolean {
    return this.nodes.get(node)?.alive ?? false;
  }

  /** Start (or restart, after {@link kill}) `node` at virtual time `at` (default now). */
  start(name: string, at = this.clock.now()): void {
    const existing = this.nodes.get(name);
    if (existing?.alive) throw new Error(`node ${name} is running`);
    const machine = new ActorMachine(name, {
      ...this.options.machine,
      config: this.config,
      random: this.random.fork().fn,
    });
    const node: Node = {
      name,
      machine,
      member: this.bus.attach(name, (payload) => this.deliver(node, payload)),
      cancelTimer: undefined,
      timerAt: undefined,
      tagged: false,
      alive: true,
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
    node.alive = false;
    node.tagged = false;
    node.cancelTimer?.();
    node.member.detach();
    this.record({ t: this.clock.now(), type: 'kill', node: name });
  }

  /** Cut the group into parts that do not hear each other. */
  split(groups: readonly (readonly string[])[]): void {
    this.bus.split(groups);
    this.record({ t: this.clock.now(), type: 'split', groups });
  }

  /** Join the parts again; the trace gets a `converged` event once every live node follows one chain. */
  heal(): void {
    this.bus.heal();
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
    let invalid = 0;
    for (const node of this.nodes.values()) {
      const dropped = node.machine.stats.dropped;
      for (const count of Object.values(dropped)) invalid += count;
    }
    return measure(this.trace, {
      config: this.config,
      from: window.from ?? 0,
      to: window.to ?? this.clock.now(),
      invalidDropped: invalid,
    });
  }

  private deliver(node: Node, payload: Uint8Array): void {
    if (!node.alive) return;
    const now = this.clock.now();
    // Decode each broadcast once; every receiver gets the same message.
    let message = this.decoded.get(payload);
    if (message === undefined) {
      const result = decodeMessage(payload);
      message = result.ok ? result.message : null;
      this.decoded.set(payload, message);
    }
    if (message) node.machine.receiveMessage(now, message);
    else node.machine.receive(now, payload);
    this.flush(node);
    if (this.watchingConvergence) this.checkConvergence();
  }

  private flush(node: Node): void {
    const now = this.clock.now();
    const { sends, events } = node.machine.drain();
    for (const message of sends) {
      const payload = encodeMessage(message);
      this.decoded.set(payload, message);
      this.record({ t: now, type: 'send', node: node.name, kind: message.type, bytes: payload.byteLength });
      node.member.send(payload);
    }
    for (const event of events) {
      switch (event.type) {
        case 'tag':
          node.tagged = true;
          this.record({ t: now, type: 'tag', node: node.name });
          break;
        case 'untag':
          node.tagged = false;
          this.record({ t: now, type: 'untag', node: node.name, reason: event.reason });
          break;
        case 'detag':
          node.tagged = false;
          this.record({ t: now, type: 'detag', node: node.name, by: event.node });
          break;
        case 'recover':
          this.record({ t: now, type: 'recover', node: node.name, priority: event.priority });
          break;
        default:
          break;
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
    const at = node.machine.deadline;
    if (at === node.timerAt) return;
    node.cancelTimer?.();
    node.timerAt = at;
    node.cancelTimer =
      at === undefined
        ? undefined
        : this.clock.schedule(at, () => {
            node.timerAt = undefined;
            node.cancelTimer = undefined;
            if (!node.alive) return;
            node.machine.tick(this.clock.now());
            this.flush(node);
          });
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
