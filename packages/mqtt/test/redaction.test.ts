/**
 * Credentials in a broker URL never reach an error's message or fields.
 */
import { inspect } from 'node:util';
import { connect, MqttConnectError, redactUrl } from '@asyncactor/mqtt';
import { requireBinary, startMosquitto, type RunningMosquitto } from '@asyncactor/testing/servers';

describe('redactUrl', () => {
  it.each([
    ['mqtt://alice:s3cret@127.0.0.1:1883', 'mqtt://***@127.0.0.1:1883'],
    ['mqtts://token-only@broker:8883/path', 'mqtts://***@broker:8883/path'],
    ['mqtt://alice:p@ss@word@127.0.0.1:1883', 'mqtt://***@127.0.0.1:1883'],
    ['alice:s3cret@127.0.0.1', '***@127.0.0.1'],
  ])('%s -> %s', (url, redacted) => {
    expect(redactUrl(url)).toBe(redacted);
  });

  it.each(['mqtt://127.0.0.1:1883', 'ws://broker/mqtt@path', 'notaurl'])('leaves %s as it is', (url) => {
    expect(redactUrl(url)).toBe(url);
  });
});

/** Everything a log line could show of an error: message, fields, inspect() output (cause included). */
function everythingShown(error: unknown): string {
  return [String(error), inspect(error, { depth: 5 }), JSON.stringify(error)].join('\n');
}

describe('MqttConnectError hides the credentials of the URL', () => {
  it('on a refused connection', async () => {
    const attempt = connect('mqtt://alice:s3cret-pw@127.0.0.1:1', { reconnectPeriod: 0, timeoutMs: 2000 });
    const error = await attempt.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MqttConnectError);
    expect((error as MqttConnectError).url).toBe('mqtt://***@127.0.0.1:1');
    expect((error as Error).message).toMatch(/^cannot connect to MQTT broker mqtt:\/\/\*\*\*@127\.0\.0\.1:1: connection refused/);
    const shown = everythingShown(error);
    expect(shown).not.toContain('s3cret-pw');
    expect(shown).not.toContain('alice');
  });

  const mosquitto = requireBinary('mosquitto', 'apt-get install -y mosquitto');
  (mosquitto ? describe : describe.skip)('against mosquitto with a password file', () => {
    let broker: RunningMosquitto;
    beforeAll(async () => {
      broker = await startMosquitto({ users: { alice: 'right-password' } });
    });
    afterAll(async () => {
      await broker.stop();
    });

    it('on a refused password given in the URL', async () => {
      const url = broker.url.replace('mqtt://', 'mqtt://alice:wrong-password@');
      const error = await connect(url, { reconnectPeriod: 0, timeoutMs: 5000 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MqttConnectError);
      expect((error as Error).message).toMatch(/not authorized/i);
      const shown = everythingShown(error);
      expect(shown).not.toContain('wrong-password');
      expect(shown).not.toContain('alice');
      expect(shown).toContain(`mqtt://***@127.0.0.1:${broker.port}`);
    });

    it('while the right password in the URL still connects', async () => {
      const client = await connect(broker.url.replace('mqtt://', 'mqtt://alice:right-password@'), { timeoutMs: 5000 });
      expect(client.connected).toBe(true);
      await client.endAsync();
    });
  });
});
