/**
 * `asyncactor watch` on a running group: one line per message, and a line
 * when a member drops off.
 */
import { startAedes, type EmbeddedBroker } from '@asyncactor/testing/servers';
import { startCli } from './support/cli';

jest.setTimeout(90_000);

let broker: EmbeddedBroker;
beforeAll(async () => {
  broker = await startAedes();
});
afterAll(async () => {
  await broker.close();
});

it('watch follows the group and says when a member drops off', async () => {
  const channel = ['--mqtt', broker.url, '--topic', 'cli/watch', '--cycle', '1', '--gap', '0.1'];
  const group = startCli(['demo', ...channel, '--count', '2']);
  const leaver = startCli(['run', ...channel, '--name', 'box-1', '--', 'true']);
  const watcher = startCli(['watch', ...channel]);
  try {
    await watcher.waitFor(/box-1 pinged value=1 chain=box-1,node-\d/, 60_000);
    await watcher.waitFor(/node-\d pinged value=1 chain=node-\d,/, 20_000);
    leaver.child.kill('SIGTERM');
    expect((await leaver.finished).code).toBe(143);
    // 3 members: dropped after (3 + 1) x cycleTimeMax (1.25 s) = 5 s of silence.
    const [line] = await watcher.waitFor(/^\d\d:\d\d:\d\d\.\d{3} box-1 dropped off \(not heard for [\d.]+ s\)$/m, 20_000);
    expect(Number(/for ([\d.]+) s/.exec(line)![1])).toBeGreaterThanOrEqual(5);
  } finally {
    watcher.child.kill('SIGINT');
    group.child.kill('SIGINT');
  }
  expect((await watcher.finished).code).toBe(130);
  expect((await group.finished).code).toBe(130);
  expect(watcher.stdout()).toMatch(/^watching MQTT broker mqtt:\/\/127\.0\.0\.1:\d+, topic cli\/watch \(Ctrl-C stops\)$/m);
});
