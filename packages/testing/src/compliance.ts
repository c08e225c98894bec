/**
 * The transport compliance suite: tests that any implementation of core's
 * `Transport` runs from its own test files (the MQTT and Serf transports
 * and the in-memory bus do), so that every transport behaves as the actor
 * expects.
 *
 * It registers its tests with the `describe`, `it` and `expect` globals of
 * the calling test runner (jest; vitest with `globals: true` works too), so
 * importing this module outside a test run is harmless.
 *
 * @example
 * ```ts
 * import { transportCompliance } from '@asyncactor/testing';
 * transportCompliance({
 *   name: 'my transport',
 *   setup: async () => {
 *     const server = await startMyServer();
 *     return { transports: [myTransport(server), myTransport(server)], teardown: () => server.stop() };
 *   },
 * });
 * ```
 *
 * @module
 */
import type { describe as Describe, expect as Expect, it as It } from '@jest/globals';
import type { Transport, TransportEvent } from '@asyncactor/core';

/** Two (or more) transports on one channel, and how to clean up after them. */
export interface ComplianceFixture {
  /** At least two unopened transports on the same channel. */
  readonly transports: readonly Transport[];
  /** Release what `setup` made (servers, clients). Transports are closed before. */
  teardown(): Promise<void>;
}

/** Options of {@link transportCompliance}. */
export interface ComplianceOptions {
  /** How long to wait for a delivery. Default 5000 ms. */
  readonly deliveryTimeoutMs?: number;
  /** A payload size the channel must carry. Default 400 bytes. */
  readonly largePayloadBytes?: number;
  /**
   * What the channel promises about order: `per-sender` (the default) checks
   * that one sender's payloads arrive in send order; `none` (Serf's gossip
   * may reorder) only that they all arrive.
   */
  readonly ordering?: 'per-sender' | 'none';
  /**
   * Check that a payload of exactly `maxPayloadBytes` is carried (when the
   * transport declares a limit of at most 1 MiB). Default true.
   */
  readonly exactLimit?: boolean;
}

/** Everything {@link transportCompliance} needs, in one object. */
export interface ComplianceSuite extends ComplianceOptions {
  /** Shown in the test names. */
  readonly name: string;
  /** Makes fresh, unopened transports on one fresh channel; called once per test. */
  readonly setup: () => Promise<ComplianceFixture>;
}

interface TestGlobals {
  readonly describe: typeof Describe;
  readonly it: typeof It;
  readonly expect: typeof Expect;
}

function testGlobals(): TestGlobals {
  const scope = globalThis as Partial<TestGlobals>;
  if (typeof scope.describe !== 'function' || typeof scope.it !== 'function' || typeof scope.expect !== 'function') {
    throw new Error('transportCompliance() registers tests: call it from a jest (or vitest, globals on) test file');
  }
  return scope as TestGlobals;
}

/** Collects what a transport reports. */
class Received {
  readonly events: TransportEvent[] = [];
  readonly listener = (event: TransportEvent): void => {
    this.events.push(event);
  };
  get payloads(): Uint8Array[] {
    return this.events.flatMap((event) => (event.type === 'message' ? [event.payload] : []));
  }
  /** Reports other than messages (errors, downs, closes). */
  get troubles(): TransportEvent[] {
    return this.events.filter((event) => event.type !== 'message');
  }
}

async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function payload(tag: number, size = 16): Uint8Array {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (tag * 31 + i * 7) & 0xff;
  bytes[0] = tag & 0xff;
  return bytes;
}

const same = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** The largest payload the exact-limit check will try. */
const EXACT_LIMIT_CAP = 1024 * 1024;

/**
 * Register the compliance tests for the transports `setup` makes. Call it
 * as `transportCompliance({ name, setup, ...options })` or
 * `transportCompliance(name, setup, options)`.
 */
export function transportCompliance(suite: ComplianceSuite): void;
export function transportCompliance(name: string, setup: () => Promise<ComplianceFixture>, options?: ComplianceOptions): void;
export function transportCompliance(first: string | ComplianceSuite, setupArgument?: () => Promise<ComplianceFixture>, optionsArgument: ComplianceOptions = {}): void {
  const suite: ComplianceSuite = typeof first === 'string' ? { ...optionsArgument, name: first, setup: setupArgument! } : first;
  const { describe, it, expect } = testGlobals();
  const timeout = suite.deliveryTimeoutMs ?? 5000;
  const large = suite.largePayloadBytes ?? 400;
  const ordered = (suite.ordering ?? 'per-sender') === 'per-sender';

  describe(`transport compliance: ${suite.name}`, () => {
    /** Run `test` on freshly opened transports; close them and tear down whatever happens. */
    const withFixture = async (test: (transports: readonly Transport[], inboxes: Received[]) => Promise<void>): Promise<void> => {
      const fixture = await suite.setup();
      const inboxes = fixture.transports.map(() => new Received());
      try {
        expect(fixture.transports.length).toBeGreaterThanOrEqual(2);
        for (const [i, transport] of fixture.transports.entries()) await transport.open(inboxes[i]!.listener);
        await test(fixture.transports, inboxes);
      } finally {
        await Promise.all(fixture.transports.map((t) => t.close()));
        await fixture.teardown();
      }
    };

    it('delivers a payload to its sender and to the other members, bytes unchanged, and reports no trouble', async () => {
      await withFixture(async ([a], inboxes) => {
        const sent = payload(1);
        await a!.send(sent);
        for (const [i, inbox] of inboxes.entries()) await waitFor(() => inbox.payloads.length > 0, timeout, `delivery to member ${i}`);
        for (const inbox of inboxes) {
          expect(same(inbox.payloads[0]!, sent)).toBe(true);
          expect(inbox.troubles).toEqual([]);
        }
      });
    });

    it('resolves open() only once delivery is active: a payload sent right after it comes back', async () => {
      await withFixture(async (transports, inboxes) => {
        // Every transport was opened in turn; the last one opened sends at once.
        const last = transports.length - 1;
        await transports[last]!.send(payload(4));
        await waitFor(() => inboxes[last]!.payloads.length > 0, timeout, 'the own echo of a send right after open()');
        await waitFor(() => inboxes[0]!.payloads.length > 0, timeout, 'delivery to the first member');
        expect(inboxes[last]!.payloads[0]![0]).toBe(4);
      });
    });

    it(ordered ? 'keeps the order of one sender' : 'delivers every payload of a burst (in any order)', async () => {
      await withFixture(async ([a], inboxes) => {
        for (let i = 0; i < 20; i++) await a!.send(payload(i));
        for (const [index, inbox] of inboxes.entries()) {
          await waitFor(() => inbox.payloads.length >= 20, timeout, `20 deliveries to member ${index}`);
          const tags = inbox.payloads.slice(0, 20).map((p) => p[0]);
          const expected = Array.from({ length: 20 }, (_, i) => i);
          expect(ordered ? tags : [...tags].sort((x, y) => x! - y!)).toEqual(expected);
        }
      });
    });

    it(`carries a payload of ${large} bytes`, async () => {
      await withFixture(async ([a], inboxes) => {
        const sent = payload(7, large);
        await a!.send(sent);
        await waitFor(() => inboxes[1]!.payloads.length > 0, timeout, 'the large payload');
        expect(same(inboxes[1]!.payloads[0]!, sent)).toBe(true);
      });
    });

    it('carries a payload of exactly maxPayloadBytes, when it declares one', async () => {
      await withFixture(async ([a], inboxes) => {
        const limit = a!.maxPayloadBytes;
        if (limit === undefined || limit > EXACT_LIMIT_CAP || suite.exactLimit === false) return;
        const sent = payload(8, limit);
        await a!.send(sent);
        await waitFor(() => inboxes[1]!.payloads.length > 0, timeout, `the payload of ${limit} bytes`);
        expect(same(inboxes[1]!.payloads[0]!, sent)).toBe(true);
      });
    });

    it('rejects a payload above maxPayloadBytes with an Error, before sending, and goes on working', async () => {
      await withFixture(async ([a], inboxes) => {
        const limit = a!.maxPayloadBytes;
        if (limit === undefined) return;
        const failure = await a!.send(new Uint8Array(limit + 1)).then(
          () => undefined,
          (error: unknown) => error,
        );
        expect(failure).toBeInstanceOf(Error);
        expect((failure as Error).message).not.toBe('');
        await a!.send(payload(9));
        await waitFor(() => inboxes[1]!.payloads.length > 0, timeout, 'the next payload');
        expect(inboxes[1]!.payloads.map((p) => p.length)).toEqual([16]);
      });
    });

    it('rejects a send before open() with an Error', async () => {
      const fixture = await suite.setup();
      try {
        await expect(fixture.transports[0]!.send(payload(5))).rejects.toBeInstanceOf(Error);
      } finally {
        await Promise.all(fixture.transports.map((t) => t.close()));
        await fixture.teardown();
      }
    });

    it('stops delivering after close, rejects sends, and closes idempotently', async () => {
      await withFixture(async ([a, b], inboxes) => {
        await b!.close();
        const seenBeforeClose = inboxes[1]!.events.length;
        await b!.close();
        await expect(b!.send(payload(2))).rejects.toBeInstanceOf(Error);
        await a!.send(payload(3));
        await waitFor(() => inboxes[0]!.payloads.length > 0, timeout, 'own echo');
        // Give a late delivery to the closed member a chance to show up.
        await pause(100);
        expect(inboxes[1]!.events.slice(seenBeforeClose)).toEqual([]);
      });
    });
  });
}
