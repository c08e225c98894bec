/**
 * Groups that mix reference nodes (the Python reference's decisions, see
 * `REFERENCE_RULES`) and ours on one healthy channel (latency 50 ± 50 ms):
 * every node's share of the turns within ±20 % of fair, and never two
 * tagged. Seeds 1–10 (as `pnpm bench`), 200 cycles, figures after 10 cycles of warm-up.
 * Goals not met yet stay as failing-expected tests with the measured worst
 * share in their names; `pnpm bench` prints the same figures.
 */
import { mixedGroup, worstShare, type Cluster } from '@asyncactor/testing';
import { registerMatchers } from '@asyncactor/testing/jest';

registerMatchers();

const SEEDS = Array.from({ length: 10 }, (_, i) => i + 1);
const WARM_UP = 100;

function run(references: number, ours: number, nodes: number, seed: number): Cluster {
  const cluster = mixedGroup({ references, ours, seed, latency: 0.05, jitter: 0.05, config: { nodes } });
  cluster.runCycles(200);
  return cluster;
}

/** The share furthest from fair over {@link SEEDS} (1 = fair). */
function worstOverSeeds(references: number, ours: number, nodes: number): { readonly seed: number; readonly node: string; readonly share: number } {
  let worst = { seed: 0, node: '', share: 1 };
  for (const seed of SEEDS) {
    const cluster = run(references, ours, nodes, seed);
    const found = worstShare(cluster.metrics({ from: WARM_UP }), cluster.names);
    if (Math.abs(found.share - 1) >= Math.abs(worst.share - 1)) worst = { seed, ...found };
  }
  if (process.env.REPORT) process.stderr.write(`${references}+${ours} nodes=${nodes}: worst share ${worst.node} ${(worst.share * 100).toFixed(0)} % (seed ${worst.seed})\n`);
  return worst;
}

/** Every node's share within ±20 % of fair in every seed. */
function checkFair(references: number, ours: number, nodes: number): void {
  expect(Math.abs(worstOverSeeds(references, ours, nodes).share - 1)).toBeLessThanOrEqual(0.2);
}

describe('mixed groups on a healthy channel', () => {
  for (const nodes of [5, 10]) {
    for (const [references, ours] of [[1, 2], [2, 1], [3, 3]] as const) {
      it(`${references} reference + ${ours} ours, nodes = ${nodes}: never two tagged`, () => {
        for (const seed of SEEDS) {
          const cluster = run(references, ours, nodes, seed);
          expect(cluster).toHaveAtMostOneTagged();
          expect(cluster).toEndEveryTagOnce();
        }
      });
    }
  }
  // Met since the next-oldest waits for the slot of an oldest entry it never saw sending as the
  // oldest as if it were a reference node's (0.875 gap): before, it took over 0.025 gap after a
  // reference node it had not seen yet, the two crossed and the reference node left the chain
  // (worst share 63 %; fair in 34 of seeds 1–40, now 40 of 40).
  it('1 reference + 2 ours, nodes = 5: every share within ±20 % of fair', () => checkFair(1, 2, 5));
  it('1 reference + 2 ours, nodes = 10: every share within ±20 % of fair', () => checkFair(1, 2, 10));
  // Not met (worst share of seeds 1–10 in the names). With two or more
  // reference nodes their own oldest and second-oldest slots (0.875 and
  // 0.9375 gap, 94 ms apart) collide within this channel's jitter and the
  // smaller name wins, and a reference node off the chain butts in with
  // chance 1/(free places · nHosts) per cycle: a group of reference nodes
  // alone is as unfair (`pnpm bench` prints it beside each group).
  // With nodes = 5, six nodes leave one off the chain by design (`nodes`
  // is how many take turns; a node off a full chain butts in with chance
  // 1/nHosts² unless `forceIn`).
  it.failing('2 reference + 1 ours, nodes = 5: every share within ±20 % of fair (measured: ref1 46 %)', () => checkFair(2, 1, 5));
  it.failing('3 reference + 3 ours, nodes = 5: every share within ±20 % of fair (measured: ref2 14 %)', () => checkFair(3, 3, 5));
  it.failing('2 reference + 1 ours, nodes = 10: every share within ±20 % of fair (measured: ref1 12 %)', () => checkFair(2, 1, 10));
  it.failing('3 reference + 3 ours, nodes = 10: every share within ±20 % of fair (measured: ref2 0 %)', () => checkFair(3, 3, 10));
});
