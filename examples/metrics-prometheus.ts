/**
 * Three actors' metrics as Prometheus text, on loopback:
 *   pnpm --filter @asyncactor/examples run metrics          # then: curl http://127.0.0.1:9464/metrics
 * OpenTelemetry's Prometheus exporter serves whatever `actorMetrics` reports
 * (turns, messages by kind, drops by reason, collisions, recoveries, tagged,
 * members). The actors share an in-memory channel in real time; put your
 * own transport in their place.
 */
import { Actor, systemClock, type ConfigInput } from '@asyncactor/core';
import { actorMetrics } from '@asyncactor/core/metrics';
import { Bus } from '@asyncactor/testing';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';

/** A running example: where to scrape, and how to stop it. */
export interface MetricsExample {
  readonly url: string;
  readonly actors: readonly Actor[];
  close(): Promise<void>;
}

/**
 * Start three actors and serve their metrics at `http://127.0.0.1:<port>/metrics`.
 * `nHosts` is the group's size, as the core README advises: with the
 * default 10, three nodes starting together wait up to about 90 cycles
 * before each has had a turn; with 3, at most about 15.
 */
export async function serveMetrics(port = 9464, config: ConfigInput = { cycle: 1, gap: 0.1, nHosts: 3 }): Promise<MetricsExample> {
  const exporter = new PrometheusExporter({ host: '127.0.0.1', port, preventServerStart: true });
  await exporter.startServer();
  const provider = new MeterProvider({ readers: [exporter] });
  const bus = new Bus({ clock: systemClock });
  const actors = await Promise.all(['a', 'b', 'c'].map((name) => Actor.start(bus.transport(name), name, config)));
  for (const actor of actors) {
    actor.setValue(1);
    actor.setReady();
    actorMetrics(actor, { meterProvider: provider });
  }
  return {
    url: `http://127.0.0.1:${port}/metrics`,
    actors,
    async close() {
      await Promise.all(actors.map((actor) => actor.close()));
      await provider.shutdown();
    },
  };
}

if (require.main === module) {
  void serveMetrics(Number(process.env.PORT ?? 9464)).then((example) => {
    console.log(`metrics of actors a, b and c: curl ${example.url}   (Ctrl-C stops)`);
    process.once('SIGINT', () => void example.close());
  });
}
