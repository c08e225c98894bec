/**
 * Property tests of the protocol machine under arbitrary input: it never
 * throws, every tag ends exactly once, the state it reports agrees with the
 * events it emitted, and its memory stays bounded.
 */
import { deliver } from './support/deliver';
import fc from 'fast-check';
import { ActorMachine, encodeMessage, makeConfig, type Message, type ProtocolEvent } from '@asyncactor/core';

const names = ['me', 'a', 'b', 'c', 'd', 'e', 'f'];
const name = fc.constantFrom(...names);
const value = fc.oneof(fc.constant(null), fc.integer({ min: -3, max: 3 }), fc.constantFrom('x', 'y'));
const history = fc.uniqueArray(name, { minLength: 1, maxLength: 6 });

const message: fc.Arbitrary<Message> = fc.oneof(
  fc.record({ type: fc.constant('init' as const), node: name }),
  fc.record({
    type: fc.constant('config' as const),
    node: name,
    config: fc.record({ version: fc.integer({ min: -2, max: 5 }), cycle: fc.constantFrom(1, 2) }).map((c) => makeConfig({ ...c, gap: 0.1 })),
  }),
  fc.tuple(history, value).map(([h, v]) => ({ type: 'ping' as const, node: h[0]!, value: v, history: h })),
  fc.tuple(history, value).map(([h, v]) => ({ type: 'history' as const, value: v, history: h })),
);

type Step =
  | { kind: 'message'; dt: number; message: Message }
  | { kind: 'bytes'; dt: number; bytes: Uint8Array }
  | { kind: 'tick'; dt: number }
  | { kind: 'value'; value: number | null }
  | { kind: 'ready' }
  | { kind: 'disable' }
  | { kind: 'enable' }
  | { kind: 'down' }
  | { kind: 'up' };

const dt = fc.double({ min: 0, max: 3, noNaN: true });
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('message' as const), dt, message }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('bytes' as const), dt, bytes: fc.uint8Array({ maxLength: 40 }) }) },
  { weight: 12, arbitrary: fc.record({ kind: fc.constant('tick' as const), dt: fc.double({ min: 0, max: 6, noNaN: true }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('value' as const), value: fc.option(fc.integer({ min: 0, max: 3 })) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'ready' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'disable' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'enable' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'down' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'up' as const }) },
);

let tagsSeen = 0;

/** Drive one machine through `steps`, checking the tag invariant after every input. */
function drive(steps: Step[], seed: number): void {
  let r = seed;
  const random = (): number => {
    r = (r * 1103515245 + 12345) % 2147483648;
    return r / 2147483648;
  };
  const m = new ActorMachine('me', { config: { cycle: 1, gap: 0.1 }, random });
  let now = 0;
  let tagged = false;
  const check = (events: readonly ProtocolEvent[]): void => {
    for (const event of events) {
      if (event.type === 'tag') {
        expect(tagged).toBe(false);
        tagged = true;
        tagsSeen++;
      } else if (event.type === 'untag' || event.type === 'detag') {
        expect(tagged).toBe(true);
        tagged = false;
      }
    }
    expect(m.tagged).toBe(tagged);
  };
  // Drain, and deliver our own pings back as the channel does (every transport must).
  const flush = (): void => {
    const { sends, events } = m.drain();
    check(events);
    for (const sent of sends) if (sent.type === 'ping') m.receive(now, encodeMessage(sent));
    check(m.drain().events);
  };
  const advance = (by: number): void => {
    const until = now + by;
    for (let d = m.deadline; d !== undefined && d <= until; d = m.deadline) {
      expect(d).toBeGreaterThanOrEqual(now);
      now = d;
      m.tick(now);
      flush();
    }
    now = until;
  };
  m.start(now);
  deliver(m, now, { type: 'init', node: 'me' });
  check(m.drain().events);
  for (const s of steps) {
    switch (s.kind) {
      case 'message':
        advance(s.dt);
        m.receive(now, encodeMessage(s.message));
        break;
      case 'bytes':
        advance(s.dt);
        m.receive(now, s.bytes);
        break;
      case 'tick':
        advance(s.dt);
        break;
      case 'value':
        m.setValue(s.value);
        break;
      case 'ready':
        m.setReady();
        break;
      case 'disable':
        m.disable();
        break;
      case 'enable':
        m.enable(now);
        break;
      case 'down':
        m.channelDown();
        break;
      case 'up':
        m.channelUp(now);
        break;
    }
    flush();
    expect(m.history.length).toBeLessThanOrEqual(64);
    expect(new Set(m.history).size).toBe(m.history.length);
  }
  m.close();
  check(m.drain().events);
  expect(tagged).toBe(false);
}

describe('the protocol machine under arbitrary input', () => {
  it('never throws, and every tag ends exactly once', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 80 }), fc.integer({ min: 1, max: 2 ** 30 }), (steps, seed) => drive(steps, seed)),
      { numRuns: 1000 },
    );
    // The runs must reach the states under test.
    expect(tagsSeen).toBeGreaterThan(40);
  });

  it('a tagged node that is closed, disabled or loses the channel ends its tag at once', () => {
    for (const stop of ['close', 'disable', 'down'] as const) {
      const m = new ActorMachine('me', { config: { cycle: 1, gap: 0.1 }, random: () => 0.5 });
      m.start(0);
      deliver(m, 0, { type: 'init', node: 'me' });
      deliver(m, 0.1, { type: 'ping', node: 'a', value: 1, history: ['a'] });
      for (let t = 0.1; !m.tagged && t < 60; t += 0.01) {
        m.tick(t);
        for (const sent of m.drain().sends) if (sent.type === 'ping') m.receive(t, encodeMessage(sent));
      }
      expect(m.tagged).toBe(true);
      m.drain();
      if (stop === 'close') m.close();
      else if (stop === 'disable') m.disable();
      else m.channelDown();
      expect(m.tagged).toBe(false);
      expect(m.drain().events).toEqual([{ type: 'untag', reason: stop === 'down' ? 'disconnected' : stop === 'close' ? 'closed' : 'disabled' }]);
    }
  });
});
