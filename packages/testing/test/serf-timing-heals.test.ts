/**
 * Heals at the timing of the real Serf partition test
 * (`packages/serf/test/partition.test.ts`), simulated over many seeds with
 * the serf transport's `peersReturned` hints (`healAtSerfTiming`): the real
 * test runs one heal, so what it can miss now and then is counted here,
 * where every run is the same. `pnpm --filter @asyncactor/testing bench`
 * prints the same figures, without the hints and for the reference too.
 * Goals not met stay failing-expected tests with the measured figure.
 */
import { healAtSerfTiming, type SerfTimedHeal } from '@asyncactor/testing';

const SEEDS = Array.from({ length: 400 }, (_, i) => i + 1);
/** 3 cycles of 2 s, as the real test allows from every member alive to one chain. */
const ONE_CHAIN_LIMIT = 6;

let heals: readonly SerfTimedHeal[] = [];
beforeAll(() => {
  heals = SEEDS.map((seed) => healAtSerfTiming(seed, { hints: true }));
});

/** The seeds whose heal `fails`, so that a failure names them. */
const seedsWhere = (fails: (heal: SerfTimedHeal) => boolean): number[] => SEEDS.filter((_, i) => fails(heals[i]!));

describe('heals at the real Serf partition test\'s timing, seeds 1–400, with peersReturned per agent', () => {
  it('no side sends more than two re-announcements', () => {
    expect(seedsWhere((heal) => heal.histPerSide.some((count) => count > 2))).toEqual([]);
  });

  it('two tagged for at most 1 s after every member is alive again (measured: worst 0.30 s)', () => {
    expect(seedsWhere((heal) => heal.twoTaggedAfterAlive > 1)).toEqual([]);
  });

  it('one chain within 5 cycles of the heal', () => {
    expect(seedsWhere((heal) => heal.oneChainAfter === undefined || heal.oneChainAfter > 10)).toEqual([]);
  });

  // A side's newest node learns of the rival chain, or of Serf's hint, while
  // a newer ping of its own chain is on its way to it: it and the sender of
  // that ping each re-announce (the testing BENCHMARKS, "Heals at the real Serf test's timing").
  it.failing('one re-announcement per side in every heal (measured: a second on one side in 24 of 400)', () => {
    expect(seedsWhere((heal) => heal.histPerSide.some((count) => count > 1))).toEqual([]);
  });

  // Each side keeps or adopts a chain by comparing the rival's newest node with its own newest node of
  // the moment; when a newest node changes in between, the sides can swap chains and nobody has a slot.
  it.failing(`one chain within ${ONE_CHAIN_LIMIT} s of every member alive in every heal (measured: later in 6 of 400, worst 9.40 s after the heal)`, () => {
    expect(seedsWhere((heal) => heal.oneChainAfter === undefined || heal.oneChainAfter - heal.aliveAfter > ONE_CHAIN_LIMIT)).toEqual([]);
  });
});
