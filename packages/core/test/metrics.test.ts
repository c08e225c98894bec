/**
 * `@asyncactor/core/metrics`: an actor's counters and gauges collected by
 * the OpenTelemetry SDK into its in-memory exporter, after real turns on a
 * loopback channel in virtual time.
 */
import { Actor } from '@asyncactor/core';
import { actorMetrics, METER_NAME } from '@asyncactor/core/metrics';
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader, type MetricData } from '@opentelemetry/sdk-metrics';
import { FakeClock } from './support/fake-clock';
import { Loopback } from './support/loopback';

const fast = { cycle: 1, gap: 0.1 };

function seeded(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

let exporter: InMemoryMetricExporter;
let reader: PeriodicExportingMetricReader;
let provider: MeterProvider;

beforeEach(() => {
  exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
  provider = new MeterProvider({ readers: [reader] });
});
afterEach(() => provider.shutdown());

/** Collect now: every metric of our meter by name. */
async function collect(): Promise<Map<string, MetricData>> {
  exporter.reset();
  await reader.forceFlush();
  const scopes = exporter.getMetrics().flatMap((resource) => resource.scopeMetrics);
  const ours = scopes.filter((scope) => scope.scope.name === METER_NAME).flatMap((scope) => scope.metrics);
  return new Map(ours.map((metric) => [metric.descriptor.name, metric]));
}

/** The value of `metric` for the point whose attributes include `attributes`. */
function valueOf(metric: MetricData | undefined, attributes: Record<string, string>): number | undefined {
  const point = metric?.dataPoints.find((p) => Object.entries(attributes).every(([k, v]) => p.attributes[k] === v));
  return point?.value as number | undefined;
}

describe('actor metrics through OpenTelemetry', () => {
  it('counters for messages by kind, drops by reason, collisions, recoveries and turns; gauges for tagged and members', async () => {
    const clock = new FakeClock();
    const channel = new Loopback();
    const actors = await Promise.all(['a', 'b', 'c'].map((name, i) => Actor.start(channel.transport(), name, fast, { clock, random: seeded(i + 7) })));
    for (const actor of actors) {
      actor.setValue(1);
      actor.setReady();
    }
    const handles = actors.map((actor) => actorMetrics(actor, { meterProvider: provider, attributes: { group: 'test' } }));
    await clock.runUntil(40);
    const garbage = channel.transport();
    await garbage.open(() => undefined);
    await garbage.send(new Uint8Array([0xc1]));

    const a = actors[0]!;
    const metrics = await collect();
    expect([...metrics.keys()].sort()).toEqual([
      'asyncactor.collisions',
      'asyncactor.dropped',
      'asyncactor.members',
      'asyncactor.messages',
      'asyncactor.recoveries',
      'asyncactor.send_errors',
      'asyncactor.tagged',
      'asyncactor.turns',
    ]);
    const stats = a.stats;
    expect(valueOf(metrics.get('asyncactor.messages'), { node: 'a', direction: 'sent', kind: 'ping' })).toBe(stats.sent.ping);
    expect(valueOf(metrics.get('asyncactor.messages'), { node: 'a', direction: 'received', kind: 'ping' })).toBe(stats.received.ping);
    expect(stats.sent.ping).toBeGreaterThan(3);
    expect(valueOf(metrics.get('asyncactor.dropped'), { node: 'a', reason: 'malformed' })).toBe(1);
    expect(valueOf(metrics.get('asyncactor.turns'), { node: 'a', group: 'test' })).toBe(stats.tags);
    expect(stats.tags).toBeGreaterThan(0);
    expect(valueOf(metrics.get('asyncactor.collisions'), { node: 'a', kind: 'chain' })).toBe(stats.collisions);
    expect(valueOf(metrics.get('asyncactor.collisions'), { node: 'a', kind: 'name' })).toBe(0);
    expect(valueOf(metrics.get('asyncactor.recoveries'), { node: 'a' })).toBe(stats.recoveries);
    expect(valueOf(metrics.get('asyncactor.members'), { node: 'b' })).toBe(3);
    const tagged = ['a', 'b', 'c'].map((node) => valueOf(metrics.get('asyncactor.tagged'), { node }));
    expect(tagged.map((value, i) => value === (actors[i]!.tagged ? 1 : 0))).toEqual([true, true, true]);

    // A newcomer taking a's name is a name collision on a.
    const newcomer = Actor.start(channel.transport(), 'a', fast, { clock });
    await clock.runUntil(41);
    await expect(newcomer).rejects.toThrow(/already uses the name/);
    expect(valueOf((await collect()).get('asyncactor.collisions'), { node: 'a', kind: 'name' })).toBe(1);

    // Stopped by hand, or by the end of the actor: not read any more (the SDK keeps the last cumulative value).
    handles[1]!.stop();
    handles[1]!.stop();
    await a.close();
    const before = { b: actors[1]!.stats.sent.ping, c: actors[2]!.stats.sent.ping };
    await clock.runUntil(60);
    expect(actors[1]!.stats.sent.ping).toBeGreaterThan(before.b);
    expect(actors[2]!.stats.sent.ping).toBeGreaterThan(before.c);
    const after = await collect();
    const sentPings = (node: string): number | undefined => valueOf(after.get('asyncactor.messages'), { node, direction: 'sent', kind: 'ping' });
    expect(sentPings('b')).toBe(before.b);
    expect(sentPings('c')).toBe(actors[2]!.stats.sent.ping);
    await Promise.all(actors.map((actor) => actor.close()));
  });

  it('uses the global meter provider by default (a no-op one until the application sets one)', async () => {
    const clock = new FakeClock();
    const actor = await Actor.start(new Loopback().transport(), 'solo', fast, { clock });
    const handle = actorMetrics(actor);
    expect(() => handle.stop()).not.toThrow();
    await actor.close();
  });
});
