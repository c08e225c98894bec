/**
 * Credentials and TLS against real mosquitto brokers on loopback: a
 * password from a file, the environment or the URL; a TLS listener with a
 * CA and certificates made for the test. The password and the user name
 * never appear in anything the command prints, on success or failure.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireBinary, startMosquitto, type RunningMosquitto } from '@asyncactor/testing/servers';
import { linesOf, runCli, startCli, type Finished } from './support/cli';
import { makeCertificates, startTlsMosquitto, type TestCertificates, type TlsBroker } from './support/tls-broker';

jest.setTimeout(90_000);

const USER = 'operator-alice';
const PASSWORD = 'correct horse battery staple';
const WRONG = 'wrong-password-42';
const DEMO = ['--cycles', '2', '--count', '2', '--cycle', '1', '--gap', '0.1'];

function expectNoCredentials(result: Finished): void {
  const printed = result.stdout + result.stderr;
  for (const secret of [PASSWORD, WRONG, USER, encodeURIComponent(PASSWORD)]) expect(printed).not.toContain(secret);
}

const mosquittoBinary = requireBinary('mosquitto', 'apt-get install -y mosquitto');
const passwdBinary = requireBinary('mosquitto_passwd', 'apt-get install -y mosquitto');
const opensslBinary = requireBinary('openssl', 'apt-get install -y openssl');

(mosquittoBinary && passwdBinary ? describe : describe.skip)('against mosquitto with a password file', () => {
  let broker: RunningMosquitto;
  let dir: string;
  let passwordFile: string;
  let wrongFile: string;
  beforeAll(async () => {
    broker = await startMosquitto({ users: { [USER]: PASSWORD } });
    dir = mkdtempSync(join(tmpdir(), 'asyncactor-cred-'));
    passwordFile = join(dir, 'password');
    wrongFile = join(dir, 'wrong-password');
    writeFileSync(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
    writeFileSync(wrongFile, `${WRONG}\n`, { mode: 0o600 });
  });
  afterAll(async () => {
    await broker.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it.concurrent('--username and --password-file connect; the banner shows the URL without them', async () => {
    const result = await runCli(['demo', '--mqtt', broker.url, '--username', USER, '--password-file', passwordFile, ...DEMO], 60_000);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`on MQTT broker mqtt://127.0.0.1:${broker.port} (with credentials), topic actor/demo`);
    expect(result.stdout).toMatch(/most tagged at once: 1/);
    expectNoCredentials(result);
  });

  it.concurrent('ASYNCACTOR_MQTT_URL, _USERNAME and _PASSWORD connect watch', async () => {
    const env = { ASYNCACTOR_MQTT_URL: broker.url, ASYNCACTOR_MQTT_USERNAME: USER, ASYNCACTOR_MQTT_PASSWORD: PASSWORD };
    // A group to watch, on the same broker, until the watcher has seen two of its messages.
    const demo = startCli(['demo', '--mqtt', broker.url, '--username', USER, '--password-file', passwordFile, '--topic', 'cred/env', '--count', '1', '--cycle', '1', '--gap', '0.1']);
    const watched = await runCli(['watch', '--topic', 'cred/env', '--messages', '2', '--json'], 60_000, { env });
    demo.child.kill('SIGINT');
    expect(watched.code).toBe(0);
    expect(linesOf(watched.stdout).map((line) => (JSON.parse(line) as { node?: string }).node ?? 'node-1')).toEqual(['node-1', 'node-1']);
    expectNoCredentials(watched);
    const demoResult = await demo.finished;
    expect(demoResult.code).toBe(130);
    expectNoCredentials(demoResult);
  });

  it.concurrent.each([
    ['a wrong --password-file', (url: string, wrong: string) => ['--mqtt', url, '--username', USER, '--password-file', wrong]],
    ['a wrong password in the URL', (url: string) => ['--mqtt', url.replace('mqtt://', `mqtt://${USER}:${WRONG}@`)]],
  ])('%s: one line, exit 1, no credentials', async (_, args) => {
    const result = await runCli(['demo', ...args(broker.url, wrongFile), '--cycles', '1'], 60_000);
    expect(result.code).toBe(1);
    expect(linesOf(result.stderr)).toEqual([`asyncactor: cannot connect to MQTT broker mqtt://127.0.0.1:${broker.port}: not authorized (Connection refused: Not authorized)`]);
    expectNoCredentials(result);
  });
});

(mosquittoBinary && passwdBinary && opensslBinary ? describe : describe.skip)('against mosquitto on a TLS listener', () => {
  let certs: TestCertificates;
  let broker: TlsBroker;
  let passwordFile: string;
  beforeAll(async () => {
    certs = makeCertificates(opensslBinary!);
    broker = await startTlsMosquitto({ mosquitto: mosquittoBinary!, passwd: passwdBinary! }, certs, { name: USER, password: PASSWORD });
    passwordFile = join(certs.dir, 'client-password');
    writeFileSync(passwordFile, PASSWORD, { mode: 0o600 });
  });
  afterAll(async () => {
    await broker?.stop();
    rmSync(certs.dir, { recursive: true, force: true });
  });
  const auth = (): string[] => ['--username', USER, '--password-file', passwordFile];

  it.concurrent('--ca, --cert and --key connect over mqtts://', async () => {
    const result = await runCli(['demo', '--mqtt', broker.url, ...auth(), '--ca', certs.ca, '--cert', certs.clientCert, '--key', certs.clientKey, ...DEMO], 60_000);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`on MQTT broker ${broker.url} (with credentials)`);
    expect(result.stdout).toMatch(/most tagged at once: 1/);
    expectNoCredentials(result);
  });

  it.concurrent.each([
    ['without --ca', (): string[] => [], /the broker's certificate is not signed by a CA this system trusts \(give its CA with --ca\)$/],
    ['without a client certificate', (): string[] => ['--ca', certs.ca], /the broker requires a client certificate \(give --cert and --key\)$/],
  ])('%s: one line, exit 1', async (_, tls, reason) => {
    const result = await runCli(['watch', '--mqtt', broker.url.replace('mqtts://', `mqtts://${USER}:${encodeURIComponent(PASSWORD)}@`), ...tls()], 60_000);
    expect(result.code).toBe(1);
    expect(linesOf(result.stderr)).toEqual([expect.stringMatching(reason)]);
    expect(result.stderr).toContain(`cannot connect to MQTT broker ${broker.url}:`);
    expectNoCredentials(result);
  });
});
