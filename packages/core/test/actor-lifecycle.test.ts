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

/** A transport that opens and closes fine and sends with `send`: nothing ever comes back. */
function brokenTransport(send: Transport['send']): Transport {
  return { open: () => Promise.resolve(), send, close: () => Promise.resolve() };
}

async function startOne(channel = new Loopback(), clock = new FakeClock(), name = 'a'): Promise<{ actor: Actor; clock: FakeClock; channel: Loopback }> {
  const actor = await Actor.start(channel.transport(), name, fast, { clock, random: () => 0.5 });
  return { actor, clock, channel };
}

describe('Actor start-up and shutdown', () => {
  it('rejects with ActorTimeoutError when its own init never comes back, leaving no timer', async () => {
    const clock = new FakeClock();
    const deaf = brokenTransport(() => Promise.resolve());
    const starting = Actor.start(deaf, 'a', fast, { clock, random: () => 0.5 });
    const settled = starting.catch((error: unknown) => error);
    await clock.runUntil(1.174);
    await clock.runUntil(1.175);
    expect(await settled).toBeInstanceOf(ActorTimeoutError);
    expect(clock.pending).toBe(0);
  });

  it('a start-up timeout caused by refused sends carries the send error as its cause; listeners attached before start see each refusal', async () => {
    const clock = new FakeClock();
    const refusal = new ReferenceError('Buffer is not defined');
    const broken = brokenTransport(() => Promise.reject(refusal));
    const actor = Actor.create(broken, 'a', fast, { clock, random: () => 0.5 });
    const errors: Error[] = [];
    actor.on('error', (event) => errors.push(event.error));
    const settled = actor.start().catch((error: unknown) => error);
    await clock.runUntil(1.175);
    const error = (await settled) as ActorTimeoutError;
    expect(error).toBeInstanceOf(ActorTimeoutError);
    expect(error.cause).toBe(refusal);
    expect(error.message).toContain('Buffer is not defined');
    // init and vers were refused, then the start-up timed out.
    expect(errors.slice(0, 2)).toEqual([refusal, refusal]);
    expect(errors[2]).toBeInstanceOf(ActorTimeoutError);
    expect(await actor.done).toEqual({ reason: 'failed', error });
    expect(clock.pending).toBe(0);
  });

  it('a transport whose send throws instead of rejecting: counted as a send error, the cause of the timeout', async () => {
    const clock = new FakeClock();
    const thrown = new TypeError('send exploded');
    const throwing = brokenTransport(() => {
      throw thrown;
    });
    const actor = Actor.create(throwing, 'a', fast, { clock, random: () => 0.5 });
    const errors: Error[] = [];
    actor.on('error', (event) => errors.push(event.error));
    const settled = actor.start().catch((error: unknown) => error);
    await clock.runUntil(1.175);
    const error = (await settled) as ActorTimeoutError;
    expect(error).toBeInstanceOf(ActorTimeoutError);
    expect(error.cause).toBe(thrown);
    expect(errors.slice(0, 2)).toEqual([thrown, thrown]);
    expect(actor.stats.sendErrors).toBe(2);
  });

  it('a newcomer with a running node\'s name fails with ActorCollisionError; the running node keeps going and counts it', async () => {
    const channel = new Loopback();
    const clock = new FakeClock();
    const { actor: first } = await startOne(channel, clock);
    const errors: Error[] = [];
    first.on('error', (event) => errors.push(event.error));
    // Past the first node's start-up window (cycle + gap * 1.75): it is the established node.
    await clock.runUntil(5);
    const second = Actor.create(channel.transport(), 'a', fast, { clock });
    const rejected = second.start().catch((error: unknown) => error);
    await clock.runUntil(5.5);
    const error = (await rejected) as ActorCollisionError;
    expect(error).toBeInstanceOf(ActorCollisionError);
    expect(error.node).toBe('a');
    expect(await second.done).toEqual({ reason: 'failed', error });
    expect(errors).toEqual([]);
    expect(first.closed).toBe(false);
    expect(first.stats.nameCollisions).toBe(1);
    await clock.runUntil(10);
    expect(first.closed).toBe(false);
    await first.close();
    expect(await first.done).toEqual({ reason: 'closed' });
    expect(() => first.setReady()).not.toThrow();
    expect(() => first.enable()).toThrow(ActorClosedError);
  });

  it('a node still in its start-up window gives way to a newcomer with its name, as before', async () => {
    const channel = new Loopback();
    const clock = new FakeClock();
    const { actor: first } = await startOne(channel, clock);
    const errors: Error[] = [];
    first.on('error', (event) => errors.push(event.error));
    const second = await Actor.start(channel.transport(), 'a', fast, { clock });
    expect(errors[0]).toBeInstanceOf(ActorCollisionError);
    expect(await first.done).toEqual({ reason: 'failed', error: errors[0] });
    await second.close();
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
