/**
 * The transport compliance suite: jest tests that any implementation of
 * core's `Transport` runs from its own test files (the MQTT and Serf
 * transports do), so that every transport behaves as the actor expects.
 *
 * @example
 * ```ts
 * import { transportCompliance } from '@asyncactor/testing';
 * transportCompliance('my transport', async () => {
 *   const server = await startMyServer();
 *   return { transports: [myTransport(server), myTransport(server)], teardown: () => server.stop() };
 * });
 * ```
 *
 * @module
 */
import { describe, expect, it } from '@jest/globals';
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
}

async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function payload(tag: number, size = 16): Uint8Array {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (tag * 31 + i * 7) & 0xff;
  bytes[0] = tag & 0xff;
  return bytes;
}

const same = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** Register the compliance tests for the transports `setup` makes. */
export function transportCompliance(name: string, setup: () => Promise<ComplianceFixture>, options: ComplianceOptions = {}): void {
  const timeout = options.deliveryTimeoutMs ?? 5000;
  const large = options.largePayloadBytes ?? 400;

  describe(`transport compliance: ${name}`, () => {
    const withFixture = async (test: (transports: readonly Transport[], inboxes: Received[]) => Promise<void>): Promise<void> => {
      const fixture = await setup();
      const inboxes = fixture.transports.map(() => new Received());
      try {
        for (const [i, transport] of fixture.transports.entries()) await transport.open(inboxes[i]!.listener);
        await test(fixture.transports, inboxes);
      } finally {
        await Promise.all(fixture.transports.map((t) => t.close()));
        await fixture.teardown();
      }
    };

    it('delivers a payload to its sender and to the other members, bytes unchanged', async () => {
      await withFixture(async ([a], inboxes) => {
        const sent = payload(1);
        await a!.send(sent);
        for (const [i, inbox] of inboxes.entries()) await waitFor(() => inbox.payloads.length > 0, timeout, `delivery to member ${i}`);
        for (const inbox of inboxes) expect(same(inbox.payloads[0]!, sent)).toBe(true);
      });
    });

    const ordered = (options.ordering ?? 'per-sender') === 'per-sender';
    it(ordered ? 'keeps the order of one sender' : 'delivers every payload of a burst (in any order)', async () => {
      await withFixture(async ([a], inboxes) => {
        for (let i = 0; i < 20; i++) await a!.send(payload(i));
        const peer = inboxes[1]!;
        await waitFor(() => peer.payloads.length >= 20, timeout, '20 deliveries');
        const tags = peer.payloads.slice(0, 20).map((p) => p[0]);
        const expected = Array.from({ length: 20 }, (_, i) => i);
        expect(ordered ? tags : [...tags].sort((x, y) => x! - y!)).toEqual(expected);
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

    it('rejects a payload above maxPayloadBytes with an Error, before sending', async () => {
      await withFixture(async ([a], inboxes) => {
        const limit = a!.maxPayloadBytes;
        if (limit === undefined) return;
        await expect(a!.send(new Uint8Array(limit + 1))).rejects.toBeInstanceOf(Error);
        await a!.send(payload(9));
        await waitFor(() => inboxes[1]!.payloads.length > 0, timeout, 'the next payload');
        expect(inboxes[1]!.payloads.map((p) => p.length)).toEqual([16]);
      });
    });

    it('stops delivering after close, rejects sends, and closes idempotently', async () => {
      await withFixture(async ([a, b], inboxes) => {
        await b!.close();
        await b!.close();
        await expect(b!.send(payload(2))).rejects.toBeInstanceOf(Error);
        await a!.send(payload(3));
        await waitFor(() => inboxes[0]!.payloads.length > 0, timeout, 'own echo');
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(inboxes[1]!.payloads).toEqual([]);
      });
    });
  });
}
