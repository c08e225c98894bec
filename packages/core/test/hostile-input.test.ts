/**
 * Hostile input: over 100,000 generated payloads per run, of
 * every kind an attacker on the channel might send, through the real
 * decoder and the real protocol machine (explicit `now`, no timers).
 *
 * Beside `wire-garbage.test.ts` (the decoder alone, input by input) and
 * `machine-properties.test.ts` (the machine under valid messages and
 * control calls), this suite checks what only volume shows: no exception
 * escapes, every drop is counted, memory stays bounded over a long run, and
 * the protocol's invariants hold under attack. Set REPORT_FUZZ=1 to print
 * the counts and the heap figures.
 */
import fc from 'fast-check';
import { DEFAULT_WIRE_LIMITS, DROP_REASONS, type DropReason } from '@asyncactor/core';
import { HostileDriver, type DriverSetup } from './support/hostile-driver';
import { HOSTILE_KINDS, hostileInput, type HostileKind } from './support/hostile';

const RUNS = 400;
const PER_RUN = 250;
const LONG_RUN = 40_000;
const CHUNK = 1000;
const TOTAL = RUNS * PER_RUN + LONG_RUN;

/** Payloads up to 2 MiB: the decoder then reads the 100,000-element arrays instead of refusing them by size. */
const BIG_PAYLOADS = { ...DEFAULT_WIRE_LIMITS, maxPayloadBytes: 2 * 1024 * 1024 };

/** A failing run of the first test, to replay. */
const replay = { seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined, path: process.env.FUZZ_PATH };

const report = process.env.REPORT_FUZZ ? (line: string): void => void process.stderr.write(`${line}\n`) : (): void => undefined;

/** Counts summed over every driver of the file. */
const tally = {
  fed: Object.fromEntries(HOSTILE_KINDS.map((kind) => [kind, 0])) as Record<HostileKind, number>,
  payloads: 0,
  rejected: Object.fromEntries(DROP_REASONS.map((reason) => [reason, 0])) as Record<DropReason, number>,
  collisions: 0,
  tags: 0,
  configsAdopted: 0,
  configsRefused: 0,
  longestHistory: 0,
};

function record(driver: HostileDriver): void {
  for (const kind of HOSTILE_KINDS) tally.fed[kind] += driver.fed[kind];
  for (const reason of DROP_REASONS) tally.rejected[reason] += driver.rejected[reason];
  tally.payloads += driver.payloads;
  tally.collisions += driver.collisions;
  tally.tags += driver.tags;
  tally.configsAdopted += driver.configsAdopted;
  tally.configsRefused += driver.configsRefused;
  tally.longestHistory = Math.max(tally.longestHistory, driver.longestHistory);
}

const fedTotal = (): number => HOSTILE_KINDS.reduce((n, kind) => n + tally.fed[kind], 0);

const setup: fc.Arbitrary<DriverSetup> = fc.record({
  enabled: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  policy: fc.constantFrom('accept' as const, 'refuse' as const, 'sane' as const),
  limits: fc.constantFrom(DEFAULT_WIRE_LIMITS, BIG_PAYLOADS),
  maxKnownNodes: fc.constantFrom(8, 1024),
  nodes: fc.constantFrom(5, 0, 64),
  splits: fc.constantFrom(4, 100),
  seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
});

describe(`hostile input: ${TOTAL.toLocaleString('en')} generated messages through the decoder and the machine`, () => {
  const started = performance.now();

  afterAll(() => {
    report(`hostile input: ${fedTotal()} hostile messages (${tally.payloads} payloads with the machines' own echoes) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    report(`  by kind: ${JSON.stringify(tally.fed)}`);
    report(`  rejected by the decoder: ${JSON.stringify(tally.rejected)}`);
    report(`  collisions ${tally.collisions}, tags ${tally.tags}, configs adopted ${tally.configsAdopted}, refused ${tally.configsRefused}, longest history ${tally.longestHistory}`);
  });

  it(`${(RUNS * PER_RUN).toLocaleString('en')} messages in ${RUNS} runs on fresh machines: nothing escapes, every drop counted, invariants hold`, () => {
    const outcome = fc.check(
      fc.property(setup, fc.array(hostileInput('me'), { minLength: PER_RUN, maxLength: PER_RUN }), (driverSetup, inputs) => {
        const driver = new HostileDriver(driverSetup);
        for (const input of inputs) driver.feed(input);
        driver.checkInternals();
        driver.finish();
        record(driver);
      }),
      // Shrinking 250 payloads of up to 2 MiB takes most of an hour: stop at the first
      // failure and say how to replay it (FUZZ_SEED=<seed> FUZZ_PATH=<path>).
      { numRuns: RUNS, endOnFailure: true, seed: replay.seed, path: replay.path },
    );
    if (outcome.failed) {
      throw new Error(`replay with FUZZ_SEED=${outcome.seed} FUZZ_PATH=${outcome.counterexamplePath}: ${String(outcome.errorInstance)}`);
    }
    // Every kind was generated, and the runs reached the states under attack.
    for (const kind of HOSTILE_KINDS) expect(tally.fed[kind]).toBeGreaterThan(0);
    for (const reason of DROP_REASONS) expect(tally.rejected[reason]).toBeGreaterThan(0);
    expect(tally.tags).toBeGreaterThan(100);
    expect(tally.collisions).toBeGreaterThan(10);
    expect(tally.configsAdopted).toBeGreaterThan(10);
    expect(tally.configsRefused).toBeGreaterThan(10);
  });

  it(`${LONG_RUN.toLocaleString('en')} messages into one machine: its state and the heap stay bounded`, () => {
    const gc = (globalThis as { gc?: () => void }).gc;
    const heap = (): number => {
      gc?.();
      return process.memoryUsage().heapUsed;
    };
    const driver = new HostileDriver({ enabled: true, policy: 'sane', limits: BIG_PAYLOADS, maxKnownNodes: 64, nodes: 0, splits: 100, seed: 7 });
    const inputs = hostileInput('me', { collisions: false });
    const heaps: number[] = [];
    for (let chunk = 0; chunk < LONG_RUN / CHUNK; chunk++) {
      for (const input of fc.sample(inputs, { numRuns: CHUNK, seed: 1000 + chunk })) driver.feed(input);
      driver.checkInternals();
      // A full collection costs about 0.15 s here: measure every fourth chunk.
      if (gc && chunk % 4 === 3) heaps.push(heap());
    }
    driver.finish();
    record(driver);
    expect(driver.collisions).toBe(0); // one machine all along
    if (gc) {
      // After a warm-up of a quarter of the run, the heap must not keep growing.
      const warm = heaps[Math.floor(heaps.length / 4)]!;
      const growth = Math.max(...heaps.slice(Math.floor(heaps.length / 4))) - warm;
      report(`  heap after warm-up ${(warm / 2 ** 20).toFixed(1)} MiB, most growth after it ${(growth / 2 ** 20).toFixed(2)} MiB`);
      expect(growth).toBeLessThan(8 * 2 ** 20);
    } else {
      report('  heap not measured: run node with --expose-gc to measure it (the machine structures were checked; `pnpm test` runs with it)');
    }
    expect(fedTotal()).toBeGreaterThanOrEqual(100_000);
  });
});
