/**
 * The Prometheus example, scraped over HTTP on loopback: three actors take
 * turns in real time (cycle 0.5 s) and their counters and gauges appear as
 * Prometheus text.
 */
import { waitUntil } from '@asyncactor/testing';
import { freePort } from '@asyncactor/testing/servers';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { serveMetrics } from '../metrics-prometheus';

/** `name{labels} value` lines of a Prometheus text page, by name and labels. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^(\w+)\{([^}]*)\} (\S+)/.exec(line);
    if (!match || match[1] !== name) continue;
    const found: Record<string, string | undefined> = Object.fromEntries([...match[2]!.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
    if (Object.entries(labels).every(([key, value]) => found[key] === value)) return Number(match[3]);
  }
  return undefined;
}

void test('the example serves the actors\' metrics as Prometheus text on 127.0.0.1', async () => {
  const example = await serveMetrics(await freePort(), { cycle: 0.5, gap: 0.1, nHosts: 3 });
  try {
    assert.match(example.url, /^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    await waitUntil(() => example.actors.every((actor) => actor.stats.tags > 0), 'every actor to be tagged once', 30_000);
    const response = await fetch(example.url);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/plain/);
    const text = await response.text();
    if (process.env.SHOW_SCRAPE) console.log(text);
    assert.match(text, /^# HELP asyncactor_turns_total Times this node was tagged$/m);
    assert.match(text, /^# TYPE asyncactor_turns_total counter$/m);
    assert.match(text, /^# TYPE asyncactor_tagged gauge$/m);
    for (const node of ['a', 'b', 'c']) {
      assert.ok((sample(text, 'asyncactor_turns_total', { node }) ?? 0) >= 1, `turns of ${node}`);
      assert.ok((sample(text, 'asyncactor_messages_total', { node, direction: 'sent', kind: 'ping' }) ?? 0) >= 1, `pings of ${node}`);
      assert.equal(sample(text, 'asyncactor_members', { node }), 3);
      assert.equal(sample(text, 'asyncactor_dropped_total', { node, reason: 'malformed' }), 0);
    }
    const tagged = ['a', 'b', 'c'].map((node) => sample(text, 'asyncactor_tagged', { node }) ?? 0);
    assert.ok(tagged.reduce((sum, value) => sum + value, 0) <= 1, 'at most one tagged');
  } finally {
    await example.close();
  }
});
