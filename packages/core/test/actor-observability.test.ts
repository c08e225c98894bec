/**
 * What an application can see of an actor besides its turns: listeners
 * attached before start-up, `once` and `off`, `done` with how it ended,
 * `error` events nobody listens to, the logger, the members view and who
 * is it. On a loopback channel with a fake clock.
 */
import { Actor, ActorTimeoutError, encodeMessage, makeConfig, TransportError, type ActorEvent, type Logger, type Transport, type TransportListener } from '@asyncactor/core';
import { FakeClock } from './support/fake-clock';
import { Loopback } from './support/loopback';

const fast = { cycle: 1, gap: 0.1 };

/** A logger that keeps every line, by level. */
function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const at = (level: string) => (message: string): void => void lines.push(`${level} ${message}`);
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** A seeded uniform random source (a small LCG): the same run every time. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

async function group(names: string[], clock: FakeClock, channel = new Loopback(), options = {}): Promise<Actor[]> {
  const actors = await Promise.all(names.map((name, i) => Actor.start(channel.transport(), name, fast, { clock, random: seeded(i + 1), ...options })));
  for (const actor of actors) {
    actor.setValue(1);
    actor.setReady();
  }
  return actors;
}

describe('listeners before start-up', () => {
  it('Actor.create, then listeners, then start: the members event of the start-up is not missed', async () => {
    const clock = new FakeClock();
    const actor = Actor.create(new Loopback().transport(), 'a', fast, { clock });
    const events: ActorEvent[] = [];
    actor.on('members', (event) => events.push(event));
    const started = actor.start();
    expect(actor.start()).toBe(started);
    await clock.runUntil(0.1);
    expect(await started).toBe(actor);
    expect(events).toEqual([{ type: 'members', joined: ['a'], left: [], changed: [] }]);
    await actor.close();
  });

  it('start after close rejects; a never-started actor closes cleanly and is done', async () => {
    const clock = new FakeClock();
    const actor = Actor.create(new Loopback().transport(), 'a', fast, { clock });
    await actor.close();
    await expect(actor.start()).rejects.toThrow(/start\(\) after close\(\)/);
    expect(await actor.done).toEqual({ reason: 'closed' });
    expect(clock.pending).toBe(0);
  });

  it('a transport that reports an error while it never echoes: the timeout names it as its cause', async () => {
    const clock = new FakeClock();
    const reported = new TransportError('not authorised to publish');
    let listener: TransportListener | undefined;
    const deaf: Transport = {
      open: (l) => {
        listener = l;
        return Promise.resolve();
      },
      send: () => {
        listener?.({ type: 'error', error: reported });
        return Promise.resolve();
      },
      close: () => Promise.resolve(),
    };
    const actor = Actor.create(deaf, 'a', fast, { clock, random: () => 0.5 });
    const seen: Error[] = [];
    actor.on('error', ({ error }) => seen.push(error));
    const settled = actor.start().catch((error: unknown) => error);
    await clock.runUntil(1.175);
    const error = (await settled) as ActorTimeoutError;
    expect(error).toBeInstanceOf(ActorTimeoutError);
    expect(error.cause).toBe(reported);
    expect(error.message).toContain('the transport reported: not authorised to publish');
    expect(seen[0]).toBe(reported);
  });
});

describe('once and off', () => {
  it('once fires for the next event only; off removes a listener added with on or once', async () => {
    const clock = new FakeClock();
    const [a, b] = await group(['a', 'b'], clock);
    const onceTags: string[] = [];
    const allTags: string[] = [];
    const removed: string[] = [];
    const all = (): number => allTags.push('tag');
    const never = (): number => removed.push('tag');
    for (const actor of [a!, b!]) {
      actor.once('tag', () => onceTags.push(actor.name));
      actor.on('tag', all);
      actor.on('tag', never);
      actor.off('tag', never);
      actor.once('untag', never);
      actor.off('untag', never);
    }
    await clock.runUntil(30);
    expect(onceTags.sort()).toEqual(['a', 'b']);
    expect(allTags.length).toBeGreaterThan(4);
    expect(removed).toEqual([]);
    await Promise.all([a!.close(), b!.close()]);
  });
});

describe('done', () => {
  it('resolves with closed, failed (with the error) or aborted, once everything is released', async () => {
    const clock = new FakeClock();
    const channel = new Loopback();
    const [closed] = await group(['closed'], clock, channel);
    const closing = closed!.close();
    let resolvedEarly = false;
    void closed!.done.then(() => (resolvedEarly = true));
    expect(resolvedEarly).toBe(false);
    await closing;
    expect(await closed!.done).toEqual({ reason: 'closed' });

    const controller = new AbortController();
    const [aborted] = await group(['aborted'], clock, channel, { signal: controller.signal });
    const reason = new Error('shutting down');
    controller.abort(reason);
    expect(await aborted!.done).toEqual({ reason: 'aborted', error: reason });
    expect(aborted!.closed).toBe(true);

    let listener: TransportListener | undefined;
    const dying: Transport = { ...channel.transport(), open: (l) => ((listener = l), channel.transport().open(l)) };
    const failed = await Actor.start(dying, 'failed', fast, { clock });
    failed.on('error', () => undefined);
    const cause = new TransportError('broker gone for good');
    listener!({ type: 'closed', error: cause });
    expect(await failed.done).toEqual({ reason: 'failed', error: cause });
  });
});

describe('errors nobody listens to', () => {
  it('go to the logger, at error level, never dropped; with no logger, to console.error', async () => {
    const clock = new FakeClock();
    const logger = recordingLogger();
    const channel = new Loopback();
    const [a] = await group(['a'], clock, channel, { logger });
    const transport = channel.transport();
    let listener: TransportListener | undefined;
    const noisy: Transport = { ...transport, open: (l) => ((listener = l), transport.open(l)) };
    const b = await Actor.start(noisy, 'b', fast, { clock, logger });
    listener!({ type: 'error', error: new TransportError('a hiccup') });
    expect(logger.lines).toContain('error asyncactor b: error (no listener took it): a hiccup');
    // Taken by a listener: only a debug line.
    b.on('error', () => undefined);
    listener!({ type: 'error', error: new TransportError('another hiccup') });
    expect(logger.lines).toContain('debug asyncactor b: error: another hiccup');
    expect(logger.lines.filter((line) => line.includes('another hiccup'))).toHaveLength(1);

    const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      let plainListener: TransportListener | undefined;
      const plain = await Actor.start({ ...transport, open: (l) => ((plainListener = l), transport.open(l)) }, 'c', fast, { clock });
      plainListener!({ type: 'error', error: new TransportError('lost in the void?') });
      expect(spy).toHaveBeenCalledWith('asyncactor c: error (no listener took it): lost in the void?');
      // A listener that throws on an error event: logged too.
      plain.on('error', () => {
        throw new Error('listener bug');
      });
      plainListener!({ type: 'error', error: new TransportError('x') });
      expect(spy).toHaveBeenCalledWith('asyncactor c: an error listener threw: Error: listener bug');
      await plain.close();
    } finally {
      spy.mockRestore();
    }
    await Promise.all([a!.close(), b.close()]);
  });
});

describe('the logger', () => {
  it('says what the node decides, at sensible levels; silent without one', async () => {
    const clock = new FakeClock();
    const logger = recordingLogger();
    const channel = new Loopback();
    const actors = await group(['a', 'b'], clock, channel, { logger });
    await clock.runUntil(30);
    const lines = logger.lines;
    expect(lines).toContain('info asyncactor a: started on loopback');
    expect(lines.some((line) => /^info asyncactor [ab]: tagged: this node is it for 0\.95 s$/.test(line))).toBe(true);
    expect(lines.some((line) => /^info asyncactor [ab]: untagged: its turn is over$/.test(line))).toBe(true);
    expect(lines.some((line) => /^debug asyncactor [ab]: [ab] pinged and is it$/.test(line))).toBe(true);
    expect(lines.some((line) => /^debug asyncactor a: members: joined /.test(line))).toBe(true);
    await actors[0]!.close();
    expect(lines).toContain('info asyncactor a: closed');
    await actors[1]!.close();
  });

  it('logs drops by reason, refused configs and name collisions from the counters', async () => {
    const clock = new FakeClock();
    const logger = recordingLogger();
    const channel = new Loopback();
    const a = await Actor.start(channel.transport(), 'a', fast, { clock, logger, acceptConfig: () => false, random: () => 0.5 });
    const injector = channel.transport();
    await injector.open(() => undefined);
    await injector.send(new Uint8Array([0xc1]));
    expect(logger.lines).toContain('debug asyncactor a: dropped 1 invalid payload(s): malformed');
    await injector.send(encodeMessage({ type: 'config', node: 'x', config: makeConfig({ ...fast, version: 9 }) }));
    expect(logger.lines).toContain('warn asyncactor a: refused 1 config change(s) from the network (acceptConfig)');
    await clock.runUntil(5);
    const newcomer = Actor.start(channel.transport(), 'a', fast, { clock });
    await clock.runUntil(5.5);
    await expect(newcomer).rejects.toThrow(/already uses the name "a"/);
    expect(logger.lines.some((line) => line.startsWith("warn asyncactor a: another node used this node's name (1×)"))).toBe(true);
    await a.close();
  });
});

describe('the members view and who is it, on real actors', () => {
  it('every actor lists the whole group; `it` names the tagged node everywhere', async () => {
    const clock = new FakeClock();
    const actors = await group(['a', 'b', 'c'], clock);
    await clock.runUntil(40);
    for (const actor of actors) {
      expect(actor.members.map((m) => m.node).sort()).toEqual(['a', 'b', 'c']);
      expect(actor.members.every((m) => m.ready && m.value === 1)).toBe(true);
    }
    let checked = 0;
    for (let t = 40; t < 60; t += 0.05) {
      await clock.runUntil(t);
      const tagged = actors.filter((a) => a.tagged);
      if (tagged.length !== 1) continue;
      for (const actor of actors) expect(actor.it).toBe(tagged[0]!.name);
      checked++;
    }
    expect(checked).toBeGreaterThan(100);
    await Promise.all(actors.map((a) => a.close()));
    expect(actors[0]!.it).toBeUndefined();
  });
});
