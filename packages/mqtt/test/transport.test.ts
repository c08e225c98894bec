import { Actor, PayloadTooLargeError, TransportError, type Transport, type TransportEvent } from '@asyncactor/core';
import { connect, MqttConnectError, MqttOfflineError, MqttTopicError, mqttTransport } from '@asyncactor/mqtt';
import { rotateUntilEveryoneTagged, waitUntil } from '@asyncactor/testing';
import { requireBinary, startAedes, startMosquitto, type EmbeddedBroker, type RunningMosquitto } from '@asyncactor/testing/servers';
import type { MqttClient } from 'mqtt';

/** Collects a transport's events and lets a test wait for one. */
class Inbox {
  readonly events: TransportEvent[] = [];
  private waiters: (() => void)[] = [];
  readonly listener = (event: TransportEvent): void => {
    this.events.push(event);
    for (const wake of this.waiters.splice(0)) wake();
  };
  get payloads(): string[] {
    return this.events.flatMap((e) => (e.type === 'message' ? [Buffer.from(e.payload).toString()] : []));
  }
  async until(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(this.events.map((e) => e.type))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

function transportSuite(name: string, setup: () => Promise<{ url: string; restart?: () => Promise<void>; kill?: () => Promise<void>; close: () => Promise<void> }>): void {
  describe(`MQTT transport on ${name}`, () => {
    let broker: Awaited<ReturnType<typeof setup>>;
    const clients: MqttClient[] = [];
    const transports: Transport[] = [];

    beforeAll(async () => {
      broker = await setup();
    });
    afterEach(async () => {
      await Promise.all(transports.splice(0).map((t) => t.close()));
      await Promise.all(clients.splice(0).map((c) => c.endAsync(true)));
    });
    afterAll(async () => {
      await broker.close();
    });

    async function client(options: Parameters<typeof connect>[1] = {}): Promise<MqttClient> {
      const c = await connect(broker.url, { reconnectPeriod: 200, ...options });
      clients.push(c);
      return c;
    }
    function track(t: Transport): Transport {
      transports.push(t);
      return t;
    }

    it('delivers to every subscriber, the sender included, in order', async () => {
      const [a, b] = [await client(), await client()];
      const [ta, tb] = [track(mqttTransport(a, ['test', 'echo'])), track(mqttTransport(b, ['test', 'echo']))];
      const [ia, ib] = [new Inbox(), new Inbox()];
      await ta.open(ia.listener);
      await tb.open(ib.listener);
      for (const text of ['one', 'two', 'three']) await ta.send(bytes(text));
      await ia.until(() => ia.payloads.length === 3, 'own echo');
      await ib.until(() => ib.payloads.length === 3, 'delivery to the peer');
      expect(ia.payloads).toEqual(['one', 'two', 'three']);
      expect(ib.payloads).toEqual(['one', 'two', 'three']);
    });

    it('keeps two actors on one client on different topics apart', async () => {
      const c = await client();
      const [t1, t2] = [track(mqttTransport(c, ['iso', 'one'])), track(mqttTransport(c, ['iso', 'two']))];
      const [i1, i2] = [new Inbox(), new Inbox()];
      await t1.open(i1.listener);
      await t2.open(i2.listener);
      await t1.send(bytes('for one'));
      await t2.send(bytes('for two'));
      await i1.until(() => i1.payloads.length === 1, 'one');
      await i2.until(() => i2.payloads.length === 1, 'two');
      await new Promise((r) => setTimeout(r, 100));
      expect(i1.payloads).toEqual(['for one']);
      expect(i2.payloads).toEqual(['for two']);
    });

    it('stops delivering after close and rejects sends; close is idempotent', async () => {
      const c = await client();
      const t = mqttTransport(c, ['test', 'closed']);
      const inbox = new Inbox();
      await t.open(inbox.listener);
      await t.close();
      await t.close();
      await expect(t.send(bytes('late'))).rejects.toThrow(/closed/);
      const other = track(mqttTransport(c, ['test', 'closed']));
      const otherInbox = new Inbox();
      await other.open(otherInbox.listener);
      await other.send(bytes('x'));
      await otherInbox.until(() => otherInbox.payloads.length === 1, 'delivery');
      expect(inbox.payloads).toEqual([]);
    });

    it('rejects topics that are not one exact topic', async () => {
      const c = await client();
      expect(() => mqttTransport(c, [])).toThrow(MqttTopicError);
      expect(() => mqttTransport(c, ['a', '+'])).toThrow(MqttTopicError);
      expect(() => mqttTransport(c, ['a', ''])).toThrow(MqttTopicError);
    });

    it('refuses a payload above maxPayloadBytes with a PayloadTooLargeError, publishes nothing, and goes on working', async () => {
      const [a, b] = [await client(), await client()];
      const sender = track(mqttTransport(a, ['test', 'limit'], { maxPayloadBytes: 8 }));
      const receiver = track(mqttTransport(b, ['test', 'limit']));
      const inbox = new Inbox();
      await sender.open(() => undefined);
      await receiver.open(inbox.listener);
      const failure = await sender.send(bytes('nine byte')).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(PayloadTooLargeError);
      expect(failure).toBeInstanceOf(TransportError);
      expect(failure).toMatchObject({ size: 9, limit: 8 });
      expect((failure as Error).message).toMatch(/test\/limit/);
      await sender.send(bytes('8 bytes!'));
      await inbox.until(() => inbox.payloads.length === 1, 'the payload within the limit');
      expect(inbox.payloads).toEqual(['8 bytes!']);
    });

    it('five actors rotate the tag: everyone gets a turn, never two at once', async () => {
      const names = ['n1', 'n2', 'n3', 'n4', 'n5'];
      const actors = await Promise.all(
        names.map(async (node) => Actor.start(track(mqttTransport(await client(), ['actor', name])), node, { cycle: 0.5, gap: 0.1, nHosts: 5 })),
      );
      // Until every one of 5 has had a turn: 4.5 s (median) and up to 22 s in
      // simulation (this config, seeds 1-1000), so the wait allows 45 s.
      const watcher = await rotateUntilEveryoneTagged(actors, 45_000);
      expect(watcher.mostAtOnce).toBe(1);
    }, 60_000);

    it('client.end() under a running actor: the transport reports closed, and the actor closes', async () => {
      const c = await connect(broker.url, { reconnectPeriod: 200 });
      const actor = await Actor.start(mqttTransport(c, ['actor', 'ended-under']), 'orphan', { cycle: 0.5, gap: 0.1, nHosts: 1 });
      const seen: string[] = [];
      actor.on('disconnected', () => seen.push('disconnected'));
      actor.on('error', (event) => seen.push(`error: ${event.error.message}`));
      let tags = 0;
      actor.on('tag', () => tags++);
      actor.setValue(1);
      actor.setReady();
      try {
        await waitUntil(() => tags > 0, 'the lone actor to be tagged', 10_000);
        await c.endAsync();
        const endedAt = tags;
        await waitUntil(() => actor.closed, 'the actor to close after its client ended', 5000).catch((error: Error) => {
          throw new Error(`${error.message}: closed=${actor.closed}, saw ${seen.join(', ')}`);
        });
        expect(tags).toBe(endedAt);
        expect(actor.tagged).toBe(false);
        expect(seen.join('\n')).toMatch(/error: the MQTT client was ended/);
      } finally {
        await actor.close();
      }
    }, 20_000);

    if (name === 'mosquitto') {
      it('reports the broker going away and coming back; sends meanwhile are refused, not queued', async () => {
        const a = await client();
        const t = track(mqttTransport(a, ['test', 'outage']));
        const inbox = new Inbox();
        await t.open(inbox.listener);
        await broker.kill!();
        await inbox.until(() => inbox.events.some((e) => e.type === 'down'), 'down');
        await expect(t.send(bytes('while down'))).rejects.toBeInstanceOf(MqttOfflineError);
        await broker.restart!();
        await inbox.until(() => inbox.events.some((e) => e.type === 'up'), 'up', 10_000);
        await t.send(bytes('after'));
        await inbox.until(() => inbox.payloads.includes('after'), 'delivery after the outage');
        expect(inbox.payloads).toEqual(['after']);
      }, 20_000);
    }
  });
}

transportSuite('aedes (in-process)', async () => {
  const aedes: EmbeddedBroker = await startAedes();
  return { url: aedes.url, close: () => aedes.close() };
});

const mosquittoBinary = requireBinary('mosquitto', 'apt-get install -y mosquitto');
if (mosquittoBinary) {
  transportSuite('mosquitto', async () => {
    const m: RunningMosquitto = await startMosquitto();
    return { url: m.url, kill: () => m.kill(), restart: () => m.restart(), close: () => m.stop() };
  });

  describe('MQTT connect against mosquitto with passwords', () => {
    let m: RunningMosquitto;
    beforeAll(async () => {
      m = await startMosquitto({ users: { actor: 'secret' } });
    });
    afterAll(async () => {
      await m.stop();
    });

    it('accepts the right credentials', async () => {
      const c = await connect(m.url, { username: 'actor', password: 'secret' });
      await c.endAsync();
    });

    it('refuses wrong credentials with a clear error', async () => {
      const attempt = connect(m.url, { username: 'actor', password: 'wrong', reconnectPeriod: 0 });
      await expect(attempt).rejects.toBeInstanceOf(MqttConnectError);
      await expect(attempt).rejects.toThrow(/not authorized/i);
    });

    it('reports an unreachable broker clearly', async () => {
      const attempt = connect('mqtt://127.0.0.1:1', { reconnectPeriod: 0, timeoutMs: 2000 });
      await expect(attempt).rejects.toThrow(/cannot connect to MQTT broker mqtt:\/\/127.0.0.1:1/);
    });
  });
} else {
  describe.skip('MQTT transport on mosquitto (mosquitto not installed)', () => {
    it('needs mosquitto', () => undefined);
  });
}
