// The downstream example of README.md, kept running (the picture goes to the temp folder).
import { Cluster, timelineSvg } from '@asyncactor/testing';
import { registerMatchers } from '@asyncactor/testing/jest';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

registerMatchers();

test('my group survives 5 % loss, a split and a crash', () => {
  const cluster = new Cluster({
    seed: 42, nodes: 8, loss: 0.05, latency: 0.05, jitter: 0.05,
    config: { cycle: 10, gap: 1.5 },
    faults: [
      { at: 200, type: 'split', groups: [['n0', 'n1', 'n2', 'n3']] },
      { at: 400, type: 'heal' },
      { at: 500, type: 'kill', node: 'n5' },
    ],
  });
  cluster.runCycles(70);

  expect(cluster).toHaveTagGapsWithin();        // cycle + 2.5 gap, the protocol's promise
  expect(cluster).toConvergeAfterHeals(20);     // one chain within two cycles of the heal (under loss)
  expect(cluster).toEndEveryTagOnce();
  const after = cluster.metrics({ from: 420 });  // from just after the heal
  expect(after.broadcastsPerCycle).toBeLessThan(1.3);
  expect(after.multiTaggedFraction).toBeLessThan(0.02);
  writeFileSync(join(tmpdir(), 'asyncactor-readme-run.svg'), timelineSvg(cluster.trace, { title: 'seed 42' }));
});
