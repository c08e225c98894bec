import { PayloadTooLargeError, systemClock, type TransportEvent } from '@asyncactor/core';
import { Bus, VirtualClock, createRandom } from '@asyncactor/testing';
import { transportCompliance } from '@asyncactor/testing/compliance';

const bytes = (n: number): Uint8Array => new Uint8Array([n]);

function listen(bus: Bus, node: string): number[] {
  const got: number[] = [];
  bus.attach(node, (payload) => got.push(payload[0]!));
  return got;
}

describe('Bus', () => {
  it('delivers to everyone, the sender at once and others after the latency, in order per sender', () => {
    const clock = new VirtualClock();
    const bus = new Bus({ clock, latency: 0.1, jitter: 0.09, random: createRandom(1).fn });
    const a = bus.attach('a', () => undefined);
    const ownEcho: number[] = [];
    bus.attach('a', (p) => ownEcho.push(p[0]!));
    const atB = listen(bus, 'b');
    for (let i = 0; i < 50; i++) a.send(bytes(i));
    clock.runUntil(0);
    expect(ownEcho).toHaveLength(50);
    expect(atB).toEqual([]);
    clock.runUntil(1);
    expect(atB).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(bus.stats).toMatchObject({ sent: 50, bytes: 50 });
  });

  it('loses the configured share of deliveries, never the own echo', () => {
    const clock = new VirtualClock();
    const bus = new Bus({ clock, loss: 0.2, random: createRandom(7).fn });
    const own = listen(bus, 'a');
    const a = bus.attach('a', () => undefined);
    const atB = listen(bus, 'b');
    for (let i = 0; i < 2000; i++) a.send(bytes(i & 0xff));
    clock.runUntil(10);
    expect(own).toHaveLength(2000);
    expect(atB.length / 2000).toBeGreaterThan(0.77);
    expect(atB.length / 2000).toBeLessThan(0.83);
    expect(bus.stats.lost).toBe(2000 - atB.length);
  });

  it('splits, heals, pauses and resumes', () => {
    const clock = new VirtualClock();
    const bus = new Bus({ clock, latency: 0.01 });
    const a = bus.attach('a', () => undefined);
    const atB = listen(bus, 'b');
    const atC = listen(bus, 'c');
    bus.split([['a', 'b'], ['c']]);
    a.send(bytes(1));
    clock.runFor(1);
    expect([atB, atC]).toEqual([[1], []]);
    bus.heal();
    bus.pause('b');
    a.send(bytes(2));
    clock.runFor(1);
    expect([atB, atC]).toEqual([[1], [2]]);
    bus.resume('b');
    expect(atB).toEqual([1, 2]);
  });

  it('a replaying heal delivers what the split cut, late, in random order, to those who missed it only', () => {
    const clock = new VirtualClock();
    const bus = new Bus({ clock, latency: 0.05, random: createRandom(5).fn });
    const a = bus.attach('a', () => undefined);
    const atB = listen(bus, 'b');
    const atC = listen(bus, 'c');
    const atD = listen(bus, 'd');
    bus.split([['a', 'b'], ['c', 'd']]);
    for (let i = 0; i < 30; i++) a.send(bytes(i));
    clock.runFor(1);
    expect([atB.length, atC.length, atD.length]).toEqual([30, 0, 0]);
    bus.kill('d');
    bus.heal({ replayMissed: true });
    clock.runFor(0.04);
    expect(atC).toEqual([]); // not before the latency
    clock.runFor(1);
    expect(atB).toHaveLength(30); // b heard them all already: no copies
    expect([...atC].sort((x, y) => x - y)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(atC).not.toEqual([...atC].sort((x, y) => x - y));
    expect(atD).toEqual([]);
    expect(bus.stats).toMatchObject({ cut: 60, replayed: 30 });
    // What was cut before is replayed once, and a plain heal replays nothing.
    bus.split([['a', 'b'], ['c']]);
    a.send(bytes(99));
    bus.heal();
    clock.runFor(1);
    expect(atC).toHaveLength(30);
  });

  it('duplicates and reorders when asked', () => {
    const clock = new VirtualClock();
    const bus = new Bus({ clock, duplicate: 0.5, reorder: true, jitter: 0.05, random: createRandom(3).fn });
    const a = bus.attach('a', () => undefined);
    const atB = listen(bus, 'b');
    for (let i = 0; i < 100; i++) a.send(bytes(i));
    clock.runFor(1);
    expect(atB.length).toBeGreaterThan(130);
    expect(atB).not.toEqual([...atB].sort((x, y) => x - y));
  });

  it('a killed node is told its transport closed, and hears nothing more', async () => {
    const clock = new VirtualClock();
    const bus = new Bus({ clock });
    const transport = bus.transport('a');
    const events: TransportEvent[] = [];
    await transport.open((e) => events.push(e));
    bus.kill('a');
    expect(events.map((e) => e.type)).toEqual(['closed']);
    await expect(transport.send(bytes(1))).rejects.toThrow(/closed/);
    bus.attach('b', () => undefined).send(bytes(2));
    clock.runFor(1);
    expect(events).toHaveLength(1);

    // Restarted: a new transport for the same node hears the channel again.
    const restarted = bus.transport('a');
    const heard: TransportEvent[] = [];
    await restarted.open((e) => heard.push(e));
    bus.attach('b', () => undefined).send(bytes(3));
    clock.runFor(1);
    expect(heard).toEqual([{ type: 'message', payload: bytes(3) }]);
    await restarted.close();
  });

  it('a paused receiver gets what waited, in order, on resume; a split cuts whole groups', () => {
    const clock = new VirtualClock();
    const bus = new Bus({ clock, latency: 0.01, jitter: 0.005, random: createRandom(5).fn });
    const a = bus.attach('a', () => undefined);
    const atB = listen(bus, 'b');
    const atC = listen(bus, 'c');
    bus.pause('b');
    for (let i = 0; i < 10; i++) a.send(bytes(i));
    clock.runFor(1);
    expect(atB).toEqual([]);
    expect(atC).toHaveLength(10);
    bus.resume('b');
    expect(atB).toEqual(Array.from({ length: 10 }, (_, i) => i));
    bus.split([['a'], ['b']]);
    a.send(bytes(20));
    clock.runFor(1);
    expect([atB.length, atC.length]).toEqual([10, 10]);
    expect(bus.stats.cut).toBe(2);
  });
});

describe('Bus transport', () => {
  it('refuses a payload above the bus limit with a PayloadTooLargeError naming size and limit, and sends nothing', async () => {
    const clock = new VirtualClock();
    const bus = new Bus({ clock, latency: 0.1, maxPayloadBytes: 4 });
    const atB = listen(bus, 'b');
    const sender = bus.transport('a');
    await sender.open(() => undefined);
    const failure = sender.send(new Uint8Array(5));
    await expect(failure).rejects.toBeInstanceOf(PayloadTooLargeError);
    await expect(failure).rejects.toMatchObject({ size: 5, limit: 4 });
    await sender.send(bytes(7));
    clock.runFor(1);
    expect(atB).toEqual([7]);
  });
});

transportCompliance('in-memory bus (real time)', async () => {
  const bus = new Bus({ clock: systemClock, latency: 0.001, maxPayloadBytes: 1024 });
  return { transports: [bus.transport('a'), bus.transport('b')], teardown: () => Promise.resolve() };
});
