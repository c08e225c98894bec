/**
 * Faults of the callbacks, transports, configs and clocks an actor is given:
 * each one is a clear error or counted and dropped, never an infinite loop,
 * an uncaught exception or a start that hangs.
 */
import {
  acceptAnyConfig,
  Actor,
  ActorClosedError,
  ActorMachine,
  ActorTimeoutError,
  CallbackError,
  ConfigError,
  InvalidValueError,
  systemClock,
  type ConfigInput,
  type Transport,
  type TransportListener,
} from '@asyncactor/core';
import { deliver } from './support/deliver';
import { FakeClock } from './support/fake-clock';
import { Loopback } from './support/loopback';

const fast = { cycle: 1, gap: 0.1 };

function captured(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  return undefined;
}

function runningMachine(options: ConstructorParameters<typeof ActorMachine>[1] = {}): ActorMachine {
  const machine = new ActorMachine('me', { config: fast, ...options });
  machine.start(0);
  deliver(machine, 0, { type: 'init', node: 'me' });
  machine.drain();
  return machine;
}

describe('user callbacks that break their contract fail the machine with a CallbackError', () => {
  it('random returning NaN: no infinite loop, the machine fails', () => {
    let calls = 0;
    const machine = runningMachine({ random: () => (++calls > 2 ? Number.NaN : 0.5) });
    // Another node's ping makes this node draw its next send time, from a random number.
    deliver(machine, 0.5, { type: 'ping', node: 'a', value: 1, history: ['a'] });
    machine.tick(100);
    expect(machine.failure).toBeInstanceOf(CallbackError);
    expect((machine.failure as CallbackError).callback).toBe('random');
    expect(machine.failure?.message).toMatch(/returned NaN/);
    expect(machine.phase).toBe('failed');
    expect(machine.deadline).toBeUndefined();
  });

  it('random returning 1 or a negative number is refused too', () => {
    for (const bad of [1, -5]) {
      expect(() => new ActorMachine('me', { random: () => bad }).start(0)).toThrow(CallbackError);
    }
  });

  it('a priority rule that throws: a CallbackError with the cause, not an exception out of receive', () => {
    const oops = new Error('oops');
    const machine = runningMachine({
      random: () => 0.5,
      priority: () => {
        throw oops;
      },
    });
    deliver(machine, 1, { type: 'ping', node: 'a', value: 1, history: ['a', 'x'] });
    expect(() => deliver(machine, 1.01, { type: 'ping', node: 'b', value: 1, history: ['b', 'y'] })).not.toThrow();
    expect(machine.failure).toBeInstanceOf(CallbackError);
    expect((machine.failure as CallbackError).callback).toBe('priority');
    expect(machine.failure?.cause).toBe(oops);
  });

  it('an acceptConfig policy that returns a non-boolean fails the machine', () => {
    const machine = runningMachine({ random: () => 0.5, acceptConfig: () => 'yes' as unknown as boolean });
    deliver(machine, 1, { type: 'config', node: 'x', config: { version: 9, cycle: 2, gap: 0.1, nodes: 5, splits: 4, nHosts: 10, forceIn: false } });
    expect(machine.failure).toBeInstanceOf(CallbackError);
    expect(machine.config.version).toBe(0);
  });

  it('an actor whose random is bad from the start: start rejects with the CallbackError', async () => {
    const channel = new Loopback();
    await expect(Actor.start(channel.transport(), 'a', fast, { clock: new FakeClock(), random: () => Number.NaN })).rejects.toBeInstanceOf(CallbackError);
  });
});

describe('transport events that break the contract are counted and dropped', () => {
  it('a message without a payload, and an unknown event type', async () => {
    let listener: TransportListener | undefined;
    const channel = new Loopback();
    const inner = channel.transport();
    const transport: Transport = {
      ...inner,
      open: (l) => {
        listener = l;
        return inner.open(l);
      },
    };
    const actor = await Actor.start(transport, 'a', fast, { clock: new FakeClock(), random: () => 0.5 });
    expect(() => listener!({ type: 'message' } as never)).not.toThrow();
    expect(() => listener!({ type: 'gossip' } as never)).not.toThrow();
    expect(actor.stats.transportEventsDropped).toBe(2);
    expect(actor.closed).toBe(false);
    await actor.close();
  });
});

describe('a start that hangs in the transport', () => {
  const neverOpens = (): Transport & { closed: boolean } => ({
    closed: false,
    open: () => new Promise<void>(() => undefined),
    send: () => Promise.resolve(),
    close() {
      this.closed = true;
      return Promise.resolve();
    },
  });

  it('aborting the signal rejects start with the abort reason, and closes the transport', async () => {
    const clock = new FakeClock();
    const transport = neverOpens();
    const controller = new AbortController();
    const starting = Actor.start(transport, 'a', fast, { clock, signal: controller.signal }).catch((error: unknown) => error);
    await clock.runUntil(1);
    const reason = new Error('gave up');
    controller.abort(reason);
    expect(await starting).toBe(reason);
    expect(transport.closed).toBe(true);
    expect(clock.pending).toBe(0);
  });

  it('without an abort, start rejects with ActorTimeoutError once cycle + 2.5 gap have passed', async () => {
    const clock = new FakeClock();
    const transport = neverOpens();
    const starting = Actor.start(transport, 'a', fast, { clock }).catch((error: unknown) => error);
    await clock.runUntil(1.24);
    await clock.runUntil(1.25);
    const error = await starting;
    expect(error).toBeInstanceOf(ActorTimeoutError);
    expect((error as Error).message).toMatch(/did not open within 1.25 s/);
    expect(transport.closed).toBe(true);
  });
});

describe('values and configs fail loudly', () => {
  it('setValue after close throws ActorClosedError', async () => {
    const actor = await Actor.start(new Loopback().transport(), 'a', fast, { clock: new FakeClock(), random: () => 0.5 });
    await actor.close();
    expect(() => actor.setValue(2)).toThrow(ActorClosedError);
  });

  it.each<[unknown, string, RegExp]>([
    [null, 'config', /must be an object/],
    [5, 'config', /must be an object/],
    ['fast', 'config', /must be an object/],
    [{ cycel: 0.5 }, 'cycel', /is not a config field/],
    [{ version: -1 }, 'version', /must be >= 0/],
    [{ nodes: -3 }, 'nodes', /must be >= 0, 0 for no limit \(got -3\)/],
    [{ nodes: 1e6 }, 'nodes', /1000000 is over 1024, the most peers accept by default/],
  ])('config %p is a ConfigError naming the field', async (config, field, message) => {
    const error = captured(() => new ActorMachine('me', { config: config as ConfigInput }));
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).field).toBe(field);
    expect((error as Error).message).toMatch(message);
    await expect(Actor.start(new Loopback().transport(), 'a', config as ConfigInput, { clock: new FakeClock() })).rejects.toThrow(ConfigError);
  });

});

describe('setValue accepts exactly what reaches the peers unchanged', () => {
  const circular: Record<string, unknown> = {};
  circular.self = circular;
  const throwing = Object.defineProperty({}, 'boom', {
    enumerable: true,
    get() {
      throw new Error('getter exploded');
    },
  });
  it.each<[string, unknown, RegExp]>([
    ['a Map', new Map([['a', 1]]), /value: a Map is not carried/],
    ['a Set', new Set([1]), /value: a Set is not carried/],
    ['a Float32Array', new Float32Array([1.5]), /value: a Float32Array arrives as bytes/],
    ['a bigint beyond 64 bits', 2n ** 70n, /value: a bigint beyond 64 bits arrives as a float/],
    ['a small bigint', 2n, /arrives as a number/],
    ['a function, deep inside', { a: [1, { b: () => 1 }] }, /value\.a\[1\]\.b: a function is not carried/],
    ['a symbol', Symbol('s'), /a symbol is not carried/],
    ['undefined in an object', { a: undefined }, /value\.a: undefined arrives as null/],
    ['a circular object', circular, /value\.self: a circular reference/],
    ['a throwing getter', throwing, /reading it threw \(getter exploded\)/],
  ])('%s: InvalidValueError naming the path and the reason', async (_what, value, message) => {
    const actor = await Actor.start(new Loopback().transport(), 'a', fast, { clock: new FakeClock(), random: () => 0.5 });
    try {
      const error = captured(() => actor.setValue(value as never));
      expect(error).toBeInstanceOf(InvalidValueError);
      expect((error as Error).message).toMatch(message);
    } finally {
      await actor.close();
    }
  });

  it('values that round-trip are accepted, and the node ranks itself by the value as peers decode it', async () => {
    const actor = await Actor.start(new Loopback().transport(), 'a', fast, { clock: new FakeClock(), random: () => 0.5 });
    const value = { n: 1.5, s: 'x', list: [true, null, 2 ** 60], bytes: Buffer.from([1, 2]), big: 2n ** 62n };
    actor.setValue(value);
    const kept = (actor as unknown as { machine: { parts: { pings: { value: typeof value } } } }).machine.parts.pings.value;
    expect(kept).toEqual({ ...value, bytes: new Uint8Array([1, 2]) });
    // A Buffer reaches the peers as a plain Uint8Array, and that is what this node ranks itself by.
    expect(kept.bytes.constructor).toBe(Uint8Array);
    await actor.close();
  });
});

describe('a group that adopted a bad config is repaired by an operator', () => {
  it('an operator node raises the version with a sane config, and every node adopts it', () => {
    const nodes = ['a', 'b', 'c'].map((name) => {
      const m = new ActorMachine(name, { config: fast, random: () => 0.5, acceptConfig: acceptAnyConfig });
      m.start(0);
      deliver(m, 0, { type: 'init', node: name });
      m.drain();
      return m;
    });
    const bad = { version: 5, cycle: 0.1, gap: 0.01, nodes: 1, splits: 1, nHosts: 1_000_000_000, forceIn: false };
    for (const m of nodes) deliver(m, 1, { type: 'config', node: 'rogue', config: bad });
    expect(nodes.map((m) => m.config.version)).toEqual([5, 5, 5]);
    // The operator, on node a: one call, broadcast to the others.
    const [operator, ...others] = nodes;
    operator!.updateConfig({ cycle: 10, gap: 1.5, nodes: 5, splits: 4, nHosts: 10 });
    const sent = operator!.drain().sends.find((m) => m.type === 'config')!;
    for (const m of others) deliver(m, 2, sent);
    for (const m of nodes) expect(m.config).toMatchObject({ version: 6, cycle: 10, gap: 1.5, nodes: 5, splits: 4, nHosts: 10 });
  });

  it('by default the bad config above is refused in the first place', () => {
    const m = runningMachine({ random: () => 0.5 });
    deliver(m, 1, { type: 'config', node: 'rogue', config: { version: 5, cycle: 0.1, gap: 0.01, nodes: 1, splits: 1, nHosts: 1_000_000_000, forceIn: false } });
    expect(m.config.version).toBe(0);
    expect(m.stats.configsRefused).toBe(1);
  });
});

describe('names and limits are checked at start', () => {
  it('a name over the wire limit is a ConfigError naming it', () => {
    const error = captured(() => new ActorMachine('x'.repeat(300)));
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).field).toBe('name');
    expect((error as Error).message).toMatch(/maxNameBytes \(256\)/);
  });

  it('limits too small for an init are a ConfigError naming the limit', () => {
    const error = captured(() => new ActorMachine('node', { limits: { maxHistory: 4, maxNameBytes: 256, maxPayloadBytes: 10 } }));
    expect((error as ConfigError).field).toBe('limits.maxPayloadBytes');
  });

  it('maxBufferedEvents NaN is a ConfigError at start', async () => {
    await expect(Actor.start(new Loopback().transport(), 'a', fast, { clock: new FakeClock(), maxBufferedEvents: Number.NaN })).rejects.toThrow(/maxBufferedEvents/);
  });
});

describe('the system clock', () => {
  it('a timer beyond setTimeout’s limit (2^31 - 1 ms) does not fire early', async () => {
    const fired = jest.fn();
    const cancel = systemClock.schedule(systemClock.now() + 3e6, fired);
    // A timer over the limit used to fire after 1 ms; give it ample time to misfire.
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(fired).not.toHaveBeenCalled();
    cancel();
  });
});
