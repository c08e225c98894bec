/**
 * Every failure ends the command promptly, with one readable line on stderr
 * and its documented exit code: 2 for bad flags, URLs and topics (rejected
 * before anything connects), 1 for a broker that cannot be used.
 */
import { linesOf, runCli, type Finished } from './support/cli';
import { startFakeServer, type FakeServer } from './support/fake-servers';
import { callMain } from './support/in-process';

/** Longer than a tsx start on a loaded machine, far shorter than a hang. */
const PROMPT_MS = 20_000;

function expectOneLine(result: Finished, code: number, pattern: RegExp): void {
  expect({ code: result.code, stderr: result.stderr }).toEqual({ code, stderr: expect.stringMatching(pattern) as unknown });
  expect(linesOf(result.stderr)).toHaveLength(1);
  expect(result.stdout).toBe('');
}

jest.setTimeout(90_000);

describe('usage errors: exit code 2, one line, nothing connected', () => {
  it.concurrent.each([
    ['watch', '+'],
    ['run', '#'],
    ['demo', '+'],
  ])('%s rejects the wildcard topic a/%s before connecting', async (command, wildcard) => {
    // If the command connected before checking its topic, this server would count it.
    const listener: FakeServer = await startFakeServer(undefined);
    try {
      const tail = command === 'run' ? ['--', 'true'] : [];
      const result = await runCli([command, '--mqtt', `mqtt://127.0.0.1:${listener.port}`, '--topic', `a/${wildcard}`, ...tail], PROMPT_MS);
      expectOneLine(result, 2, new RegExp(`^asyncactor: --topic "a/\\${wildcard}": invalid topic segment`));
      expect(listener.connections()).toBe(0);
    } finally {
      await listener.close();
    }
  });

  it.concurrent('a malformed URL, in a process of its own', async () => {
    expectOneLine(await runCli(['watch', '--mqtt', 'notaurl'], PROMPT_MS), 2, /^asyncactor: --mqtt: "notaurl" is not a URL/);
  });

  // The same checks, called in this process (each ends before anything is opened).
  it.each([
    [['watch', '--mqtt', 'notaurl'], /--mqtt: "notaurl" is not a URL/],
    [['watch', '--mqtt', 'http://127.0.0.1:1883'], /has scheme http:/],
    [['watch', '--mqtt', 'mqtt://alice:s3cret@'], /--mqtt: "mqtt:\/\/\*\*\*@" is not a URL/],
    [['demo', '--count', '-3'], /--count: invalid value "-3" \(expected a whole number from 1 to 200\)/],
    [['demo', '--cylces', '5'], /demo: unknown option --cylces/],
    [['demo', '--cycle', '1', '--gap', '1'], /--cycle: must be >= 3 \* gap/],
    [['watch', '--bus'], /watch: unknown option --bus/],
    [['run', '--bus', '--', 'true'], /run: unknown option --bus/],
    [['run', '--mqtt', 'mqtt://127.0.0.1:1'], /no command given/],
    [['run', '--mqtt', 'mqtt://127.0.0.1:1', '--', 'no-such-command-here'], /cannot run no-such-command-here: not found on PATH/],
    [['watch'], /say where the group is/],
    [['watch', '--mqtt', 'mqtt://127.0.0.1:1', '--ca', 'ca.pem'], /--ca, --cert and --key need an mqtts:\/\/ or wss:\/\/ URL/],
    [['watch', '--mqtt', 'mqtt://alice@127.0.0.1:1', '--password-file', '/nonexistent/pw'], /--password-file: cannot read \/nonexistent\/pw \(ENOENT\)/],
    [['frobnicate'], /unknown command "frobnicate"/],
  ])('%j', async (args, pattern) => {
    const { code, out, err } = await callMain(args);
    expect({ code, out, err }).toEqual({ code: 2, out: [], err: [expect.stringMatching(pattern)] });
  });
});

describe('a broker that cannot be used: exit code 1, one line, promptly', () => {
  it.concurrent('a refused port fails at once, not after the connect timeout', async () => {
    const result = await runCli(['watch', '--mqtt', 'mqtt://u:pw-secret@127.0.0.1:1', '--connect-timeout', '60'], PROMPT_MS);
    expectOneLine(result, 1, /^asyncactor: cannot connect to MQTT broker mqtt:\/\/127\.0\.0\.1:1: connection refused/);
    expect(result.stderr).not.toMatch(/pw-secret|u:/);
  });

  it.concurrent('a port that accepts TCP but speaks no MQTT fails at once, not after the connect timeout', async () => {
    const server = await startFakeServer('SSH-2.0-OpenSSH_9.2\r\n');
    try {
      const result = await runCli(['run', '--mqtt', `mqtt://127.0.0.1:${server.port}`, '--connect-timeout', '60', '--', 'true'], PROMPT_MS);
      expectOneLine(result, 1, /^asyncactor: cannot connect to MQTT broker mqtt:\/\/127\.0\.0\.1:\d+: .*\(does this port speak MQTT\?\)$/m);
      expect(server.connections()).toBeGreaterThanOrEqual(1);
    } finally {
      await server.close();
    }
  });

  it.concurrent('a broker that never answers CONNECT fails after --connect-timeout', async () => {
    const server = await startFakeServer(undefined);
    try {
      const quick = await runCli(['--version'], PROMPT_MS);
      const result = await runCli(['demo', '--mqtt', `mqtt://127.0.0.1:${server.port}`, '--connect-timeout', '1'], PROMPT_MS);
      expectOneLine(result, 1, /^asyncactor: cannot connect to MQTT broker mqtt:\/\/127\.0\.0\.1:\d+: (connack timeout|no answer within 1000 ms)$/m);
      expect(server.connections()).toBeGreaterThanOrEqual(1);
      // At least the timeout, and not much more than a start plus the timeout.
      expect(result.elapsedMs).toBeGreaterThanOrEqual(1000);
      expect(result.elapsedMs).toBeLessThan(quick.elapsedMs * 3 + 4000);
    } finally {
      await server.close();
    }
  });
});
