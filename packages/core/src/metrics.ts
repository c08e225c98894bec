/**
 * `@asyncactor/core/metrics`: an actor's counters and state as OpenTelemetry
 * metrics, through `@opentelemetry/api` (an optional peer dependency:
 * install it, and an SDK or exporter, only if you use this entry).
 *
 * The instruments are observable: nothing is counted twice and nothing runs
 * between two collections; each collection reads `actor.stats`,
 * `actor.tagged` and `actor.members`. Every measurement carries the
 * attribute `node` (the actor's name) plus the `attributes` given.
 *
 * | instrument | kind | attributes |
 * |---|---|---|
 * | `asyncactor.messages` | counter | `direction` (`sent`, `received`), `kind` (`init`, `config`, `ping`, `history`) |
 * | `asyncactor.dropped` | counter | `reason` (see `DROP_REASONS`) |
 * | `asyncactor.collisions` | counter | `kind`: `chain` (crossed pings) or `name` (another node used our name) |
 * | `asyncactor.recoveries` | counter | |
 * | `asyncactor.turns` | counter | (times this node was tagged) |
 * | `asyncactor.send_errors` | counter | |
 * | `asyncactor.tagged` | gauge | 1 while this node is "it", else 0 |
 * | `asyncactor.members` | gauge | nodes in the members view |
 *
 * @example
 * ```ts
 * import { actorMetrics } from '@asyncactor/core/metrics';
 * const metrics = actorMetrics(actor);          // the global MeterProvider
 * // …
 * metrics.stop();                                // or let actor.done stop it
 * ```
 *
 * @module @asyncactor/core/metrics
 */
import { metrics as otel, type Attributes, type BatchObservableResult, type Meter, type MeterProvider, type Observable } from '@opentelemetry/api';
import type { Message } from './messages';
import type { ActorStats } from './runtime/actor-options';

/** What {@link actorMetrics} reads of an actor (an `Actor` has all of it). */
export interface MeteredActor {
  readonly name: string;
  readonly stats: ActorStats;
  readonly tagged: boolean;
  readonly members: readonly unknown[];
  /** When it settles, the metrics stop. */
  readonly done?: Promise<unknown>;
}

/** Options of {@link actorMetrics}. */
export interface ActorMetricsOptions {
  /** The meter to make the instruments on. Default: from `meterProvider`. */
  readonly meter?: Meter;
  /** Where to get a meter. Default: the global one (`metrics.getMeterProvider()` of `@opentelemetry/api`). */
  readonly meterProvider?: MeterProvider;
  /** More attributes for every measurement (a site, a group). */
  readonly attributes?: Attributes;
}

/** The handle of an actor's metrics. */
export interface ActorMetrics {
  /** Stop reporting this actor (idempotent). */
  stop(): void;
}

const KINDS: readonly Message['type'][] = ['init', 'config', 'ping', 'history'];

/** The meter's name (the instrumentation scope). */
export const METER_NAME = '@asyncactor/core';

/**
 * Report `actor` through OpenTelemetry until {@link ActorMetrics.stop}, or
 * until `actor.done` settles. See the module comment for the instruments.
 */
export function actorMetrics(actor: MeteredActor, options: ActorMetricsOptions = {}): ActorMetrics {
  const meter = options.meter ?? (options.meterProvider ?? otel.getMeterProvider()).getMeter(METER_NAME);
  const instruments = {
    messages: meter.createObservableCounter('asyncactor.messages', { description: 'Protocol messages sent and received (own echoes included)', unit: '{message}' }),
    dropped: meter.createObservableCounter('asyncactor.dropped', { description: 'Received payloads dropped as invalid', unit: '{payload}' }),
    collisions: meter.createObservableCounter('asyncactor.collisions', { description: 'Collisions: crossed pings (chain) and newcomers using this node\'s name (name)', unit: '{collision}' }),
    recoveries: meter.createObservableCounter('asyncactor.recoveries', { description: 'Healed splits seen (recover events)', unit: '{recovery}' }),
    turns: meter.createObservableCounter('asyncactor.turns', { description: 'Times this node was tagged', unit: '{turn}' }),
    sendErrors: meter.createObservableCounter('asyncactor.send_errors', { description: 'Sends the transport refused', unit: '{message}' }),
    tagged: meter.createObservableGauge('asyncactor.tagged', { description: '1 while this node is "it", else 0' }),
    members: meter.createObservableGauge('asyncactor.members', { description: 'Nodes in this node\'s members view', unit: '{node}' }),
  };
  const base: Attributes = { ...options.attributes, node: actor.name };
  const observe = (result: BatchObservableResult): void => {
    const { stats } = actor;
    for (const kind of KINDS) {
      result.observe(instruments.messages, stats.sent[kind], { ...base, direction: 'sent', kind });
      result.observe(instruments.messages, stats.received[kind], { ...base, direction: 'received', kind });
    }
    for (const [reason, count] of Object.entries(stats.dropped)) result.observe(instruments.dropped, count, { ...base, reason });
    result.observe(instruments.collisions, stats.collisions, { ...base, kind: 'chain' });
    result.observe(instruments.collisions, stats.nameCollisions, { ...base, kind: 'name' });
    result.observe(instruments.recoveries, stats.recoveries, base);
    result.observe(instruments.turns, stats.tags, base);
    result.observe(instruments.sendErrors, stats.sendErrors, base);
    result.observe(instruments.tagged, actor.tagged ? 1 : 0, base);
    result.observe(instruments.members, actor.members.length, base);
  };
  const observables: Observable[] = Object.values(instruments);
  meter.addBatchObservableCallback(observe, observables);
  let stopped = false;
  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    meter.removeBatchObservableCallback(observe, observables);
  };
  void actor.done?.then(stop, stop);
  return { stop };
}
