/**
 * A test run killed in the middle (Ctrl-C on jest, a CI timeout) runs no
 * `afterAll` and no exit hook: its namespaces stay, and so do the processes
 * it started in them (Serf agents, brokers). The next test network removes
 * both.
 */
import { spawn, execFileSync } from 'node:child_process';
import { createTestNetwork, requireNetworkNamespaces } from '../src/servers';

const netns = requireNetworkNamespaces();

/** Whether process `pid` runs (and is not a zombie). */
function running(pid: number): boolean {
  try {
    return !execFileSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' }).trim().startsWith('Z');
  } catch {
    return false;
  }
}

const namespaces = (): string => execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' });

(netns ? describe : describe.skip)('a test run killed before its clean-up', () => {
  it('leaves a namespace and a process in it; the next test network removes both', async () => {
    // The killed run: a process that names its namespace as the helpers do,
    // starts a long-lived process inside it and reports both.
    const script = `
      const { execFileSync, spawn } = require('node:child_process');
      const ns = 'aa' + process.pid.toString(36) + 'n0-h0';
      execFileSync('ip', ['netns', 'add', ns]);
      const child = spawn('ip', ['netns', 'exec', ns, 'sleep', '300'], { stdio: 'ignore', detached: true });
      child.unref();
      setTimeout(() => console.log(JSON.stringify({ ns, pid: child.pid })), 200);
      setInterval(() => {}, 1000);
    `;
    const run = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const { ns, pid } = await new Promise<{ ns: string; pid: number }>((resolve, reject) => {
      run.stdout.once('data', (chunk: Buffer) => resolve(JSON.parse(chunk.toString()) as { ns: string; pid: number }));
      run.once('exit', (code) => reject(new Error(`the killed run's stand-in exited early (${code})`)));
    });
    run.removeAllListeners('exit');
    const gone = new Promise((resolve) => run.once('exit', resolve));
    run.kill('SIGKILL');
    await gone;
    expect(namespaces()).toContain(ns);
    expect(running(pid)).toBe(true);

    const network = await createTestNetwork({ groups: [1] });
    try {
      expect(namespaces()).not.toContain(ns);
      // SIGKILL is delivered before `ip netns del` returns; the process may take a moment to be reaped.
      for (let i = 0; i < 50 && running(pid); i++) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(running(pid)).toBe(false);
    } finally {
      await network.destroy();
    }
  }, 30_000);
});
