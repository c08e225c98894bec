import {
  Actor,
  ActorClosedError,
  ActorCollisionError,
  ActorTimeoutError,
  InvalidValueError,
  ListenerError,
  PayloadTooLargeError,
  TransportError,
  type ActorEvent,
  type Transport,
  type TransportListener,
} from '@asyncactor/core';
import { FakeClock } from './support/fake-clock';
import { Loopback } from './support/loopback';

const fast = { cycle: 1, gap: 0.1 };

async function startOne(channel = new Loopback(), clock = new FakeClock(), name = 'a'): Promise<{ actor: Actor; clock: FakeClock; channel: Loopback }> {
  const actor = await Actor.start(channel.transport(), name, fast, { clock, random: () => 0.5 });
  return { actor, clock, channel };
}

describe('Actor start-up and shutdown', () => {
  it('rejects with ActorTimeoutError when its own init never comes back, leaving no timer', async () => {
    const clock = new FakeClock();
    const deaf: Transport = {
      open: () => Promise.resolve(),
      send: () => Promise.resolve(),
      close: () => Promise.resolve(),
    };
    const starting = Actor.start(deaf, 'a', fast, { clock, random: () => 0.5 });
    const settled = starting.catch((error: unknown) => error);
    await clock.runUntil(1.174);
    await clock.runUntil(1.175);
    expect(await settled).toBeInstanceOf(ActorTimeoutError);
    expect(clock.pending).toBe(0);
  });

  it('a start-up timeout caused by refused sends carries the send error as its cause', async () => {
    const clock = new FakeClock();
    const refusal = new ReferenceError('Buffer is not defined');
    const broken: Transport = {
      open: () => Promise.resolve(),
      send: () => Promise.reject(refusal),
      close: () => Promise.resolve(),
    };
    const settled = Actor.start(broken, 'a', fast, { clock, random: () => 0.5 }).catch((error: unknown) => error);
    await clock.runUntil(1.175);
    const error = (await settled) as ActorTimeoutError;
    expect(error).toBeInstanceOf(ActorTimeoutError);
    expect(error.cause).toBe(refusal);
    expect(error.message).toContain('Buffer is not defined');
    expect(clock.pending).toBe(0);
  });

  it('a transport whose send throws instead of rejecting: counted as a send error, the cause of the timeout', async () => {
    const clock = new FakeClock();
    const thrown = new TypeError('send exploded');
    const throwing: Transport = {
      open: () => Promise.resolve(),
      send: () => {
        throw thrown;
      },
      close: () => Promise.resolve(),
    };
    const settled = Actor.start(throwing, 'a', fast, { clock, random: () => 0.5 }).catch((error: unknown) => error);
    await clock.runUntil(1.175);
    const error = (await settled) as ActorTimeoutError;
    expect(error).toBeInstanceOf(ActorTimeoutError);
    expect(error.cause).toBe(thrown);
  });

  it('a second node with the same name: the node that sees "its" init twice fails', async () => {
    const channel = new Loopback();
    const clock = new FakeClock();
    const { actor: first } = await startOne(channel, clock);
    const errors: Error[] = [];
    first.on('error', (event) => errors.push(event.error));
    // The newcomer sees the init of its name once (its own); the first node sees it a second time.
    const second = await Actor.start(channel.transport(), 'a', fast, { clock });
    expect(errors[0]).toBeInstanceOf(ActorCollisionError);
    expect((errors[0] as ActorCollisionError).node).toBe('a');
    await second.close();
    expect(first.closed).toBe(true);
    expect(() => first.setReady()).not.toThrow();
    expect(() => first.enable()).toThrow(ActorClosedError);
  });

  it('an aborted signal closes the actor, and rejects a start in progress', async () => {
    const { actor, clock } = await startOne();
    const controller = new AbortController();
    const second = Actor.start(new Loopback().transport(), 'b', fast, { clock, signal: controller.signal });
    controller.abort(new Error('stop now'));
    await expect(second).rejects.toThrow('stop now');
    const aborted = new AbortController();
    aborted.abort(new Error('already'));
    await expect(Actor.start(new Loopback().transport(), 'c', fast, { clock, signal: aborted.signal })).rejects.toThrow('already');
    await actor.close();
    expect(clock.pending).toBe(0);
  });

  it('close is idempotent and works with await using', async () => {
    const clock = new FakeClock();
    const channel = new Loopback();
    {
      await using actor = await Actor.start(channel.transport(), 'a', fast, { clock });
      expect(actor.closed).toBe(false);
    }
    expect(channel.listeners.size).toBe(0);
    expect(clock.pending).toBe(0);
  });
});

describe('Actor at run time', () => {
  it('reports a lost channel: untag at once, then disconnected; reconnected when back', async () => {
    const clock = new FakeClock();
    const channel = new Loopback();
    const transport = channel.transport();
    const actor = await Actor.start(transport, 'a', fast, { clock, random: () => 0.5 });
    const events: ActorEvent[] = [];
    actor.on('untag', (e) => events.push(e));
    actor.on('tag', (e) => events.push(e));
    actor.on('disconnected', (e) => events.push(e));
    actor.on('reconnected', (e) => events.push(e));
    await clock.runUntil(5);
    while (!actor.tagged) await clock.runUntil(clock.now() + 0.05);
    transport.down();
    expect(actor.tagged).toBe(false);
    transport.up();
    const types = events.map((e) => e.type);
    expect(types.slice(-3)).toEqual(['untag', 'disconnected', 'reconnected']);
    expect(events.at(-3)).toEqual({ type: 'untag', reason: 'disconnected' });
    await actor.close();
  });

  it('counts garbage from the channel and keeps running', async () => {
    const clock = new FakeClock();
    const channel = new Loopback();
    const transport = channel.transport();
    const actor = await Actor.start(transport, 'a', fast, { clock });
    transport.inject(new Uint8Array([0xc1, 0x00]));
    transport.inject(new Uint8Array([0x81, 0xa1, 0x74, 0xa3, 0x62, 0x61, 0x64]));
    expect(actor.stats.dropped).toMatchObject({ malformed: 1, 'unknown-type': 1 });
    expect(actor.closed).toBe(false);
    await actor.close();
  });

  it('refuses a value that would not fit the channel', async () => {
    const clock = new FakeClock();
    const channel = new Loopback();
    const actor = await Actor.start(channel.transport(200), 'a', fast, { clock });
    expect(() => actor.setValue('x'.repeat(300))).toThrow(PayloadTooLargeError);
    expect(() => actor.setValue(JSON.parse('['.repeat(40) + ']'.repeat(40)) as never)).toThrow(InvalidValueError);
    actor.setValue('small');
    await actor.close();
  });

  it('turns a throwing listener into an error event', async () => {
    const { actor, clock } = await startOne();
    const errors: Error[] = [];
    actor.on('error', (e) => errors.push(e.error));
    const off = actor.on('tag', () => {
      throw new Error('boom');
    });
    await clock.runUntil(6);
    expect(errors[0]).toBeInstanceOf(ListenerError);
    expect(errors[0]!.message).toMatch(/boom/);
    off();
    await actor.close();
  });

  it('counts events a slow iterator consumer lost', async () => {
    const clock = new FakeClock();
    const channel = new Loopback();
    const actor = await Actor.start(channel.transport(), 'a', fast, { clock, maxBufferedEvents: 2 });
    const iterator = actor[Symbol.asyncIterator]();
    await clock.runUntil(30);
    expect(actor.stats.eventsOverflowed).toBeGreaterThan(0);
    const first = await iterator.next();
    expect(first.done).toBe(false);
    await iterator.return?.();
    await actor.close();
  });

  it('ends iterators with the failure when the transport dies', async () => {
    const clock = new FakeClock();
    let listener: TransportListener | undefined;
    const dying: Transport = {
      open(l) {
        listener = l;
        return Promise.resolve();
      },
      send(payload) {
        listener?.({ type: 'message', payload });
        return Promise.resolve();
      },
      close: () => Promise.resolve(),
    };
    const actor = await Actor.start(dying, 'a', fast, { clock });
    const iterator = actor[Symbol.asyncIterator]();
    listener!({ type: 'closed', error: new TransportError('broker gone for good') });
    const reported = await iterator.next();
    expect(reported.value).toMatchObject({ type: 'error', error: { message: 'broker gone for good' } });
    await expect(iterator.next()).rejects.toThrow('broker gone for good');
    expect(actor.closed).toBe(true);
  });

  it('passes enable, disable and updateConfig to the protocol', async () => {
    const { actor, clock, channel } = await startOne();
    actor.disable();
    expect(actor.enabled).toBe(false);
    actor.enable();
    expect(actor.enabled).toBe(true);
    actor.updateConfig({ cycle: 2 });
    expect(actor.config).toMatchObject({ version: 1, cycle: 2 });
    expect(channel.sent.length).toBeGreaterThan(2);
    expect(actor.valueOf('nobody')).toBeUndefined();
    expect(actor.history).toEqual([]);
    await actor.close();
    await clock.runUntil(100);
  });
});
