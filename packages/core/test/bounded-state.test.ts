/**
 * What the hostile-input suite found, pinned as plain tests: a machine's
 * state stays bounded whatever the channel sends, what it sends its peers
 * accept, a rogue `vers` can be refused, and absurd nesting is a counted drop.
 */
import { deliver } from './support/deliver';
import { acceptAnyConfig, ActorMachine, ConfigError, DEFAULT_WIRE_LIMITS, decodeMessage, encodeMessage, type MachineOptions, type PingMessage } from '@asyncactor/core';
import { encode } from '@msgpack/msgpack';
import { Reannouncements, type Recovery } from '@asyncactor/core/internal';

/** A started machine 'me' (its own `init` echoed), cycle 1 s, gap 0.1 s. */
function started(options: MachineOptions = {}): ActorMachine {
  const machine = new ActorMachine('me', { random: () => 0.5, ...options, config: { cycle: 1, gap: 0.1, ...options.config } });
  machine.setValue(1);
  machine.setReady();
  machine.start(0);
  deliver(machine, 0, { type: 'init', node: 'me' });
  machine.drain();
  return machine;
}

const ping = (node: string, ...rest: string[]): Uint8Array => encodeMessage({ type: 'ping', node, value: 1, history: [node, ...rest] });

/** Pings from `count` made-up nodes, each continuing the chain of the one before. */
function flood(machine: ActorMachine, count: number, from = 0): void {
  let head = machine.history[0];
  for (let i = from; i < from + count; i++) {
    const node = `made-up-${i}`;
    machine.receive(i * 0.001, head === undefined ? ping(node) : ping(node, head));
    head = node;
  }
  machine.drain();
}

describe('the history stays bounded', () => {
  it('with nodes 0 (unbounded), a flood of made-up names stops at maxKnownNodes', () => {
    const machine = started({ config: { nodes: 0 }, maxKnownNodes: 16 });
    flood(machine, 1000);
    expect(machine.history).toHaveLength(16);
    expect(machine.history[0]).toBe('made-up-999');
  });

  it('with a huge nodes from the network, at maxKnownNodes (default 1024)', () => {
    // The default policy refuses such a config; a node that accepts any config still bounds its history.
    const machine = started({ acceptConfig: acceptAnyConfig });
    deliver(machine, 0, { type: 'config', node: 'x', config: { ...machine.config, version: 1, nodes: Number.MAX_SAFE_INTEGER } });
    flood(machine, 3000);
    expect(machine.history).toHaveLength(1024);
  });

  it('a config with a smaller nodes cuts the history at once, and it stays cut', () => {
    const machine = started({ config: { nodes: 5 } });
    flood(machine, 5);
    expect(machine.history).toHaveLength(5);
    deliver(machine, 1, { type: 'config', node: 'x', config: { ...machine.config, version: 1, nodes: 2 } });
    expect(machine.history).toEqual(['made-up-4', 'made-up-3']);
    flood(machine, 50, 5);
    expect(machine.history).toHaveLength(2);
  });

  it('maxKnownNodes below 1 is a ConfigError', () => {
    for (const maxKnownNodes of [0, -1, 1.5, Number.NaN]) expect(() => new ActorMachine('me', { maxKnownNodes })).toThrow(ConfigError);
  });
});

describe('what the machine sends, its peers accept', () => {
  it('a ping carries at most limits.maxHistory entries, even with splits 100 and a longer history', () => {
    const machine = started({ config: { nodes: 0, splits: 100 } });
    flood(machine, 80);
    expect(machine.history.length).toBeGreaterThan(DEFAULT_WIRE_LIMITS.maxHistory);
    let sent: PingMessage | undefined;
    for (let now = 1; !sent && now < 10; now += 0.01) {
      machine.tick(now);
      sent = machine.drain().sends.find((m): m is PingMessage => m.type === 'ping');
    }
    expect(sent?.history).toHaveLength(DEFAULT_WIRE_LIMITS.maxHistory);
    expect(decodeMessage(encodeMessage(sent!)).ok).toBe(true);
  });
});

describe('the chains remembered as re-announced stay bounded', () => {
  it('a flood of hist messages under made-up names is remembered up to the limit only', () => {
    const machine = started({ maxKnownNodes: 32 });
    for (let i = 0; i < 5000; i++) machine.receive(i * 1e-4, encodeMessage({ type: 'history', value: 1, history: [`made-up-${i}`] }));
    expect((machine as unknown as { parts: { recovery: Recovery } }).parts.recovery.sizes.remembered).toBeLessThanOrEqual(32);
  });

  it('forgets a chain once its memory has passed, and bounds the count within it', () => {
    const announcements = new Reannouncements(3);
    for (const [i, head] of ['a', 'b', 'c', 'd'].entries()) announcements.seen(i, 10, [head]);
    expect(announcements.remembered).toBe(3); // 'a' went first
    announcements.seen(100, 10, ['e']);
    expect(announcements.remembered).toBe(1); // b, c, d expired
    // A chain announced lately is not scheduled again; one announced long ago is.
    announcements.schedule(105, 10, { at: 106, history: ['e'], value: 1 });
    expect(announcements.earliest).toBeUndefined();
    announcements.schedule(120, 10, { at: 121, history: ['e'], value: 1 });
    expect(announcements.earliest).toBe(121);
  });

  it('keeps only the newest few entries of each announced chain, however long its history', () => {
    const announcements = new Reannouncements();
    const long = Array.from({ length: 64 }, (_, i) => `n${i}`.padEnd(256, 'x'));
    announcements.seen(0, 10, long);
    const done = (announcements as unknown as { done: Map<string, { history: string[] }> }).done;
    expect([...done.values()][0]!.history).toHaveLength(4);
  });

  it('a chain counts as announced when its hist comes from a view a ping older or newer than ours', () => {
    const announcements = new Reannouncements();
    announcements.schedule(0, 10, { at: 1, history: ['c', 'b', 'a'], value: 1 });
    // Someone who heard one more ping (by a) re-announces: the same chain.
    expect(announcements.seen(0.5, 10, ['a', 'c', 'b'])).toBe(true);
    expect(announcements.earliest).toBeUndefined();
    // And we do not schedule it again when the rival chain reaches us later.
    announcements.schedule(0.6, 10, { at: 0.6, history: ['c', 'b', 'a'], value: 1 });
    expect(announcements.earliest).toBeUndefined();
    // A rival chain's hist (no shared entries) cancels nothing.
    announcements.schedule(0.7, 10, { at: 2, history: ['z', 'y', 'x'], value: 1 });
    expect(announcements.seen(0.8, 10, ['q', 'p'])).toBe(false);
    expect(announcements.earliest).toBe(2);
  });
});

describe('a rogue vers', () => {
  const rogue = encode({ t: 'vers', node: 'x', version: Number.MAX_SAFE_INTEGER, cycle: 3e7, gap: 0.1, nodes: 0, splits: 1000, n_hosts: 1, force_in: true });

  it('with acceptConfig refusing, changes nothing and is counted', () => {
    const machine = started({ acceptConfig: () => false });
    const config = machine.config;
    const deadline = machine.deadline;
    machine.receive(0.5, rogue);
    expect(machine.config).toBe(config);
    expect(machine.deadline).toBe(deadline);
    expect(machine.stats.configsRefused).toBe(1);
    expect(machine.stats.received.config).toBe(1);
    expect(machine.drain()).toEqual({ sends: [], events: [] });
  });

  it('by default, is refused and counted: the default policy bounds the fields and the version step', () => {
    const machine = started();
    machine.receive(0.5, rogue);
    expect(machine.config.version).toBe(0);
    expect(machine.stats.configsRefused).toBe(1);
    machine.updateConfig({ cycle: 1 });
    expect(machine.config).toMatchObject({ version: 1, cycle: 1 });
  });

  it('a sane config at a huge version is refused by default too: it would lock the group', () => {
    const machine = started();
    const sane = encode({ t: 'vers', node: 'x', version: Number.MAX_SAFE_INTEGER, cycle: 10, gap: 1.5, nodes: 5, splits: 4, n_hosts: 10, force_in: false });
    machine.receive(0.5, sane);
    expect(machine.config.version).toBe(0);
    expect(machine.stats.configsRefused).toBe(1);
  });

  it('with acceptAnyConfig, takes over, and no later config can replace it: why the default bounds it', () => {
    const machine = started({ acceptConfig: acceptAnyConfig });
    machine.receive(0.5, rogue);
    expect(machine.config.version).toBe(Number.MAX_SAFE_INTEGER);
    expect(machine.config.cycle).toBe(3e7);
    expect(() => machine.updateConfig({ cycle: 1 })).toThrow(ConfigError);
  });

  it('with a version beyond 2^53, or a bigint, is dropped as an invalid field and counted', () => {
    const machine = started();
    for (const version of [2 ** 53, 2n ** 63n, -(2n ** 63n), 1.5, Number.NaN]) {
      machine.receive(0.5, encode({ t: 'vers', node: 'x', version, cycle: 1, gap: 0.1, nodes: 5, splits: 4, n_hosts: 10, force_in: false }, { useBigInt64: true }));
    }
    expect(machine.stats.dropped['invalid-field']).toBe(5);
    expect(machine.config.version).toBe(0);
  });
});

describe('every tag ends exactly once, also across a config change', () => {
  it('a longer cycle adopted while our turn is pending: our next ping, scheduled before, ends the tag with an untag first', () => {
    // Found by the hostile-input suite (a rogue vers with a year-long cycle); an operator raising the cycle does the same.
    const machine = started();
    machine.receive(0.1, ping('a'));
    const events: string[] = [];
    let raised = false;
    for (let now = 0.1; now < 8; now += 0.01) {
      machine.tick(now);
      const outputs = machine.drain();
      // The channel delivers our own pings back (every transport must).
      for (const sent of outputs.sends) if (sent.type === 'ping') deliver(machine, now, sent);
      if (!raised && outputs.sends.some((m) => m.type === 'ping')) {
        // Our turn is pending (a gap from now); the next ping is already due a cycle and a bit later.
        deliver(machine, now, { type: 'config', node: 'a', config: { ...machine.config, version: 1, cycle: 60 } });
        raised = true;
      }
      for (const event of [...outputs.events, ...machine.drain().events]) if (event.type === 'tag' || event.type === 'untag' || event.type === 'detag') events.push(event.type);
    }
    expect(raised).toBe(true);
    expect(events.slice(0, 3)).toEqual(['tag', 'untag', 'tag']);
    expect(machine.tagged).toBe(true);
  });
});

describe('absurd nesting is a counted drop, not a stack overflow', () => {
  const limits = { ...DEFAULT_WIRE_LIMITS, maxPayloadBytes: 1 << 20 };
  const nested = (depth: number): Uint8Array => Uint8Array.from({ length: depth + 1 }, (_, i) => (i < depth ? 0x91 : 0xc0));

  it('100,000 nested arrays alone, and as the value of a ping', () => {
    const machine = started({ limits });
    machine.receive(1, nested(100_000));
    const prefix = encode({ t: 'ping', node: 'a', history: ['a'] });
    const asValue = Uint8Array.from([0x84, ...prefix.subarray(1), ...encode('value'), ...nested(100_000)]);
    machine.receive(1, asValue);
    expect(machine.stats.dropped).toMatchObject({ 'not-a-message': 1, 'too-large': 1 });
    expect(machine.phase).toBe('running');
  });
});
