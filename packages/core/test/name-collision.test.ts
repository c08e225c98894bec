/**
 * Name collisions: the healthy node wins. A node whose start-up window has
 * passed answers an `init` of its name with its own, so that the newcomer
 * sees "its" init twice and fails, while it keeps running and counts it.
 * Machines are wired by a tiny relay in virtual time.
 */
import { deliver } from './support/deliver';
import { ActorCollisionError, ActorMachine, encodeMessage, type MachineOptions, type Message } from '@asyncactor/core';

const CONFIG = { cycle: 1, gap: 0.1 };
/** The start-up window with random 0.5: cycle + gap * 1.75. */
const WINDOW = 1 + 0.1 * 1.75;

/** Machines on one channel: every send reaches every machine (its sender too) `latency` later. */
class Relay {
  readonly machines: ActorMachine[] = [];
  private queue: { at: number; from: ActorMachine | undefined; payload: Uint8Array }[] = [];
  readonly inits: { at: number; from: ActorMachine }[] = [];
  now = 0;

  constructor(private readonly latency = 0.01) {}

  add(name: string, options: MachineOptions = {}): ActorMachine {
    const machine = new ActorMachine(name, { random: () => 0.5, config: CONFIG, ...options });
    this.machines.push(machine);
    return machine;
  }

  start(machine: ActorMachine): void {
    machine.start(this.now);
    this.collect(machine);
  }

  /** Run until `until`: deliveries and timers in time order. */
  run(until: number): void {
    for (;;) {
      const delivery = this.queue[0];
      const timer = Math.min(...this.machines.map((m) => m.deadline ?? Infinity));
      const next = Math.min(delivery?.at ?? Infinity, timer);
      if (next > until) break;
      this.now = next;
      if (delivery && delivery.at === next) {
        this.queue.shift();
        for (const machine of this.machines) {
          machine.receive(next, delivery.payload);
          this.collect(machine);
        }
      } else {
        for (const machine of this.machines) if (machine.deadline !== undefined && machine.deadline <= next) {
          machine.tick(next);
          this.collect(machine);
        }
      }
    }
    this.now = until;
  }

  /** Put `message` on the channel at `at`, from outside. */
  inject(at: number, message: Message): void {
    this.queue.push({ at, from: undefined, payload: encodeMessage(message) });
    this.queue.sort((a, b) => a.at - b.at);
  }

  private collect(machine: ActorMachine): void {
    for (const message of machine.drain().sends) this.send(machine, message);
  }

  private send(from: ActorMachine, message: Message): void {
    if (message.type === 'init') this.inits.push({ at: this.now, from });
    this.queue.push({ at: this.now + this.latency, from, payload: encodeMessage(message) });
    this.queue.sort((a, b) => a.at - b.at);
  }
}

/** A machine `me` started at 0, its own init echoed at once. */
function established(options: MachineOptions = {}): ActorMachine {
  const machine = new ActorMachine('me', { random: () => 0.5, config: CONFIG, ...options });
  machine.start(0);
  deliver(machine, 0, { type: 'init', node: 'me' });
  machine.drain();
  return machine;
}

describe('a newcomer with a running node\'s name', () => {
  it('fails with ActorCollisionError; the running node keeps going and counts it', () => {
    const relay = new Relay();
    const running = relay.add('a');
    relay.start(running);
    relay.run(5);
    expect(running.phase).toBe('running');
    const newcomer = relay.add('a');
    relay.start(newcomer);
    relay.run(10);
    expect(newcomer.phase).toBe('failed');
    expect(newcomer.failure).toBeInstanceOf(ActorCollisionError);
    expect((newcomer.failure as ActorCollisionError).node).toBe('a');
    expect(running.phase).toBe('running');
    expect(running.failure).toBeUndefined();
    expect(running.stats.nameCollisions).toBe(1);
    // One init each at start, and one answer from the running node.
    expect(relay.inits.map(({ from }) => (from === running ? 'running' : 'newcomer'))).toEqual(['running', 'newcomer', 'running']);
    // The running node goes on taking turns.
    relay.run(30);
    expect(running.phase).toBe('running');
    expect(running.stats.tags).toBeGreaterThan(0);
  });

  it('a node still inside its start-up window gives way, as before: the second init stops it', () => {
    const relay = new Relay();
    const first = relay.add('a');
    relay.start(first);
    relay.run(WINDOW / 2);
    const second = relay.add('a');
    relay.start(second);
    relay.run(10);
    expect(first.failure).toBeInstanceOf(ActorCollisionError);
    expect(second.phase).toBe('running');
  });

  it('two nodes starting together with one name both fail', () => {
    const relay = new Relay();
    const one = relay.add('a');
    const two = relay.add('a');
    relay.start(one);
    relay.start(two);
    relay.run(5);
    expect(one.failure).toBeInstanceOf(ActorCollisionError);
    expect(two.failure).toBeInstanceOf(ActorCollisionError);
  });
});

describe('a forged init of a running node\'s name', () => {
  const inits = (machine: ActorMachine): number => machine.drain().sends.filter((m) => m.type === 'init').length;

  it('is answered and counted; the echo of the answer is neither', () => {
    const m = established();
    deliver(m, 5, { type: 'init', node: 'me' });
    expect(inits(m)).toBe(1);
    expect(m.stats.nameCollisions).toBe(1);
    deliver(m, 5.01, { type: 'init', node: 'me' });
    expect(inits(m)).toBe(0);
    expect(m.stats.nameCollisions).toBe(1);
    expect(m.phase).toBe('running');
  });

  it('a flood of them is counted, and answered at most once per gap', () => {
    const m = established();
    let answers = 0;
    for (let i = 0; i < 1000; i++) {
      deliver(m, 5 + i * 0.001, { type: 'init', node: 'me' });
      answers += inits(m);
    }
    // One second of forgeries: at most one answer per 0.1 s; each answer's echo is one of the forgeries.
    expect(answers).toBeLessThanOrEqual(11);
    expect(answers).toBeGreaterThanOrEqual(9);
    expect(m.stats.nameCollisions).toBe(1000 - answers);
    expect(m.phase).toBe('running');
  });

  it('an answer whose echo never came back is forgotten after the start-up window', () => {
    const m = established();
    deliver(m, 5, { type: 'init', node: 'me' });
    expect(inits(m)).toBe(1);
    deliver(m, 5 + WINDOW + 0.01, { type: 'init', node: 'me' });
    expect(inits(m)).toBe(1);
    expect(m.stats.nameCollisions).toBe(2);
  });

  it('two running nodes with one name (started apart) answer each other once, not for ever', () => {
    const relay = new Relay();
    // Each started where the other did not hear it (on both sides of a split, say).
    const one = established();
    const two = established();
    relay.machines.push(one, two);
    relay.inject(5, { type: 'init', node: 'me' });
    relay.run(20);
    // Both answer the forgery; each hears the other's answer within gap of its own, and counts it.
    expect(relay.inits).toHaveLength(2);
    expect(one.phase).toBe('running');
    expect(two.phase).toBe('running');
  });

  it('a silent observer never answers (it sent no init of its own)', () => {
    const m = new ActorMachine('me', { silent: true });
    m.start(0);
    deliver(m, 5, { type: 'init', node: 'me' });
    expect(m.drain().sends).toEqual([]);
    expect(m.stats.nameCollisions).toBe(0);
  });
});
