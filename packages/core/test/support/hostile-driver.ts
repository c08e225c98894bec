/**
 * Drives one {@link ActorMachine} (restarted after a name collision) with
 * hostile payloads and explicit `now` values, and checks after every input:
 * nothing throws, every payload is accounted for exactly (the real decoder's
 * verdict, read independently, matches the machine's counters), every tag
 * ends exactly once, the history stays within its bound, the config changes
 * only through an accepted `vers`, and whatever the machine sends, a peer
 * with the same limits accepts. Its own sends are echoed back, as a real
 * channel does.
 *
 * Checks throw plain errors rather than calling `expect`: they run millions
 * of times.
 */
import {
  ActorCollisionError,
  ActorMachine,
  DROP_REASONS,
  decodeMessage,
  encodeMessage,
  type ActorConfig,
  type DecodeResult,
  type DropReason,
  type MachineStats,
  type Message,
  type MessageCounts,
  type ProtocolEvent,
  type WireLimits,
} from '@asyncactor/core';
import { HOSTILE_KINDS, type HostileInput, type HostileKind } from './hostile';

/** Who decides about a higher-versioned config from the network. */
export type ConfigPolicy = 'accept' | 'refuse' | 'sane';

/** How the machine under test is set up. */
export interface DriverSetup {
  readonly enabled: boolean;
  readonly policy: ConfigPolicy;
  readonly limits: WireLimits;
  readonly maxKnownNodes: number;
  /** The initial `nodes` (0 = unbounded history) and `splits`. */
  readonly nodes: number;
  readonly splits: number;
  readonly seed: number;
}

/** The machine's private collections, read only to check that they stay bounded. */
interface Internals {
  readonly parts: {
    readonly values: { readonly size: number };
    readonly members: { readonly size: number };
    readonly outbox: { readonly size: number };
    readonly recovery: { readonly sizes: { readonly pending: number; readonly remembered: number } };
  };
}

/** A sane-config policy: what an operator who bounds network configs might write. */
const sane = (proposed: ActorConfig): boolean =>
  proposed.cycle <= 10 && proposed.gap <= 1 && proposed.nodes > 0 && proposed.nodes <= 16 && proposed.splits <= 8 && proposed.nHosts <= 1000;

/** Most outputs one input (or one timer) may produce. */
const MAX_OUTPUTS = 16;

/** See the module comment. */
export class HostileDriver {
  readonly name = 'me';
  /** Hostile inputs fed, by kind. */
  readonly fed = Object.fromEntries(HOSTILE_KINDS.map((kind) => [kind, 0])) as Record<HostileKind, number>;
  /** Every payload the machine received: hostile ones and its own echoes. */
  payloads = 0;
  /** Payloads the decoder rejected, by reason. */
  readonly rejected = Object.fromEntries(DROP_REASONS.map((reason) => [reason, 0])) as Record<DropReason, number>;
  /** Times the machine failed on an `init` in its name, and was restarted. */
  collisions = 0;
  /** Tags seen, configs adopted, and configs the policy was asked about and refused. */
  tags = 0;
  configsAdopted = 0;
  configsRefused = 0;
  /** Largest history length and known-node count seen. */
  longestHistory = 0;
  /** The counters of every machine so far, the current one included by {@link totals}. */
  private retired: { dropped: number; received: number; refused: number } = { dropped: 0, received: 0, refused: 0 };

  private machine!: ActorMachine;
  private now = 0;
  private tagged = false;
  private randomState: number;
  private lastVerdict: boolean | undefined;
  private current = '';

  constructor(readonly setup: DriverSetup) {
    this.randomState = setup.seed >>> 0 || 1;
    this.restart();
  }

  /** Feed one hostile input after waiting `input.dt`, then check every invariant. */
  feed(input: HostileInput): void {
    this.fed[input.kind]++;
    this.current = `${input.kind} ${Buffer.from(input.payload.subarray(0, 48)).toString('hex')}`;
    this.advance(input.dt);
    this.deliver(input.payload);
    this.checkBounds();
  }

  /** The counters of all machines of this run, summed. */
  totals(): { dropped: number; received: number; refused: number } {
    const s = this.machine.stats;
    return {
      dropped: this.retired.dropped + sum(s.dropped),
      received: this.retired.received + sum(s.received),
      refused: this.retired.refused + s.configsRefused,
    };
  }

  /** Close the machine, check the last tag ended, and check the whole-run accounting. */
  finish(): void {
    this.machine.close();
    this.handleOutputs(this.machine.drain());
    if (this.tagged) this.fail('a tag outlived close()');
    const totals = this.totals();
    const rejected = sum(this.rejected);
    if (totals.dropped !== rejected) this.fail(`dropped ${totals.dropped} payloads, the decoder rejected ${rejected}`);
    if (totals.dropped + totals.received !== this.payloads) this.fail(`${totals.dropped} dropped + ${totals.received} received != ${this.payloads} payloads`);
    if (totals.refused !== this.configsRefused) this.fail(`configsRefused ${totals.refused}, policy refused ${this.configsRefused}`);
  }

  /** The machine's private collections: they must stay bounded. */
  checkInternals(): void {
    const { values, members, outbox, recovery } = (this.machine as unknown as Internals).parts ?? {};
    const announcements = recovery?.sizes;
    if (typeof values?.size !== 'number' || typeof members?.size !== 'number' || typeof outbox?.size !== 'number' || typeof announcements?.remembered !== 'number' || typeof announcements.pending !== 'number') {
      this.fail('the machine internals this check reads have changed: update HostileDriver.checkInternals');
    }
    if (values.size > this.setup.maxKnownNodes) this.fail(`${values.size} node values kept (limit ${this.setup.maxKnownNodes})`);
    if (members.size > this.setup.maxKnownNodes) this.fail(`${members.size} members in the view (limit ${this.setup.maxKnownNodes})`);
    if (announcements.remembered > this.setup.maxKnownNodes) this.fail(`${announcements.remembered} re-announced chains remembered`);
    if (announcements.pending > 4) this.fail(`${announcements.pending} re-announcements pending`);
    if (outbox.size !== 0) this.fail('outputs left after drain()');
  }

  // ---- driving ------------------------------------------------------------

  private restart(): void {
    const { enabled, limits, maxKnownNodes, nodes, splits, policy } = this.setup;
    this.machine = new ActorMachine(this.name, {
      config: { cycle: 1, gap: 0.1, nodes, splits },
      random: () => this.random(),
      enabled,
      limits,
      maxKnownNodes,
      acceptConfig: (proposed) => (this.lastVerdict = policy === 'accept' || (policy === 'sane' && sane(proposed))),
    });
    this.tagged = false;
    this.machine.setValue(1);
    this.machine.setReady();
    this.machine.start(this.now);
    this.handleOutputs(this.machine.drain());
  }

  /** Let `dt` seconds pass, firing every timer on the way at its own time. */
  private advance(dt: number): void {
    const until = this.now + dt;
    for (let fired = 0; ; fired++) {
      const due = this.machine.deadline;
      if (due === undefined || due > until) break;
      if (Number.isNaN(due) || due < this.now) this.fail(`deadline ${due} before now ${this.now}`);
      if (fired > 1000) this.fail('timers keep firing without time passing');
      this.now = due;
      const config = this.machine.config;
      this.machine.tick(this.now);
      if (this.machine.config !== config) this.fail('a timer changed the config');
      this.handleOutputs(this.machine.drain());
    }
    this.now = until;
  }

  /** Hand one payload to the machine, checking it is accounted for exactly. */
  private deliver(payload: Uint8Array): void {
    const verdict = decodeMessage(payload, this.setup.limits);
    if (!verdict.ok && !(DROP_REASONS.includes(verdict.reason) && typeof verdict.detail === 'string')) this.fail('an untyped drop');
    const before = this.machine.stats;
    const config = this.machine.config;
    this.lastVerdict = undefined;
    this.payloads++;
    this.machine.receive(this.now, payload);
    const after = this.machine.stats;
    this.checkAccounting(verdict, before, after);
    const outputs = this.machine.drain();
    this.checkConfig(verdict, config, before, after, outputs.events);
    this.handleOutputs(outputs);
    if (this.machine.phase === 'failed') this.onFailure(verdict);
  }

  private checkAccounting(verdict: DecodeResult, before: MachineStats, after: MachineStats): void {
    if (!verdict.ok) {
      this.rejected[verdict.reason]++;
      if (after.dropped[verdict.reason] !== before.dropped[verdict.reason] + 1) this.fail(`a ${verdict.reason} drop was not counted`);
      if (sum(after.dropped) !== sum(before.dropped) + 1 || sum(after.received) !== sum(before.received)) this.fail('a drop counted twice');
      return;
    }
    const type = verdict.message.type;
    if (after.received[type] !== before.received[type] + 1 || sum(after.received) !== sum(before.received) + 1) this.fail(`a valid ${type} was not counted once`);
    if (sum(after.dropped) !== sum(before.dropped)) this.fail('a valid message counted as dropped');
  }

  private checkConfig(verdict: DecodeResult, old: ActorConfig, before: MachineStats, after: MachineStats, events: readonly ProtocolEvent[]): void {
    const current = this.machine.config;
    const setups = events.filter((e) => e.type === 'setup');
    const offered = verdict.ok && verdict.message.type === 'config' && verdict.message.config.version > old.version ? verdict.message.config : undefined;
    if (offered && this.lastVerdict === false) {
      this.configsRefused++;
      if (current !== old || setups.length > 0) this.fail('a refused config was adopted');
      if (after.configsRefused !== before.configsRefused + 1) this.fail('a refused config was not counted');
      return;
    }
    if (after.configsRefused !== before.configsRefused) this.fail('configsRefused moved without a refusal');
    if (current === old) {
      if (setups.length > 0 || offered) this.fail('a higher config was neither adopted nor refused');
      return;
    }
    if (!offered || this.lastVerdict !== true) this.fail('the config changed without an accepted vers');
    if (setups.length !== 1 || JSON.stringify(current) !== JSON.stringify(offered)) this.fail('an adopted config is not the one offered, or not announced once');
    this.configsAdopted++;
  }

  private onFailure(verdict: DecodeResult): void {
    const cause: Message | undefined = verdict.ok ? verdict.message : undefined;
    if (!(this.machine.failure instanceof ActorCollisionError) || cause?.type !== 'init' || cause.node !== this.name) {
      this.fail(`the machine failed (${String(this.machine.failure)}) on something other than an init in its name`);
    }
    if (this.tagged) this.fail('a tag outlived the failure');
    const s = this.machine.stats;
    this.retired = { dropped: this.retired.dropped + sum(s.dropped), received: this.retired.received + sum(s.received), refused: this.retired.refused + s.configsRefused };
    this.collisions++;
    this.restart();
  }

  /** Check the outputs, and echo every send back as the channel would. */
  private handleOutputs({ sends, events }: { sends: readonly Message[]; events: readonly ProtocolEvent[] }): void {
    if (sends.length > MAX_OUTPUTS || events.length > MAX_OUTPUTS) this.fail(`${sends.length} sends and ${events.length} events from one input`);
    for (const event of events) {
      if (event.type === 'tag') {
        if (this.tagged) this.fail('tagged twice');
        this.tagged = true;
        this.tags++;
      } else if (event.type === 'untag' || event.type === 'detag') {
        if (!this.tagged) this.fail(`${event.type} without a tag`);
        this.tagged = false;
      }
    }
    if (this.machine.tagged !== this.tagged) this.fail('machine.tagged disagrees with its events');
    for (const message of sends) {
      const payload = encodeMessage(message);
      const check = decodeMessage(payload, this.setup.limits);
      if (!check.ok) this.fail(`the machine sent a ${message.type} its peers drop (${check.reason}: ${check.detail})`);
      if (this.machine.phase === 'starting' || this.machine.phase === 'running') this.deliver(payload);
    }
  }

  private checkBounds(): void {
    const history = this.machine.history;
    const { enabled, limits, maxKnownNodes } = this.setup;
    const nodes = this.machine.config.nodes;
    const bound = enabled ? (nodes > 0 ? Math.min(nodes, maxKnownNodes) : maxKnownNodes) : limits.maxHistory;
    if (history.length > bound) this.fail(`history of ${history.length} entries (bound ${bound})`);
    if (new Set(history).size !== history.length) this.fail('duplicate names in the history');
    for (const name of history) if (typeof name !== 'string' || name.length === 0 || Buffer.byteLength(name) > limits.maxNameBytes) this.fail('a bad name in the history');
    this.longestHistory = Math.max(this.longestHistory, history.length);
    const deadline = this.machine.deadline;
    if (deadline !== undefined && (Number.isNaN(deadline) || deadline < this.now)) this.fail(`deadline ${deadline} is in the past (now ${this.now})`);
  }

  private random(): number {
    // xorshift32: fast, seeded, good enough to pick slots.
    let x = this.randomState;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.randomState = x >>> 0;
    return this.randomState / 2 ** 32;
  }

  private fail(problem: string): never {
    throw new Error(`${problem} (setup ${JSON.stringify(this.setup)}, at ${this.now.toFixed(3)} s, input ${this.current})`);
  }
}

function sum(counts: Record<DropReason, number> | MessageCounts): number {
  let total = 0;
  for (const n of Object.values(counts)) total += n;
  return total;
}
