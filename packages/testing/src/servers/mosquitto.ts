/**
 * A real Mosquitto broker on a free loopback port, started and stopped by tests.
 *
 * @module
 */
import { spawn, spawnSync, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findBinary } from './binaries';
import type { TestHost } from './netns';
import { freePort, waitForPort } from './ports';

/** Options of {@link startMosquitto}. */
export interface MosquittoOptions {
  /** Port on 127.0.0.1; default a free one. */
  readonly port?: number;
  /** Users and passwords; when given, anonymous clients are refused. */
  readonly users?: Readonly<Record<string, string>>;
  /** ACL file contents (`user NAME` / `topic read|write|readwrite TOPIC` lines). */
  readonly acl?: string;
  /** Run it on this test host (its namespace, on every address there; `url` is its test-network address) instead of 127.0.0.1. */
  readonly host?: TestHost;
}

/** A running broker. */
export interface RunningMosquitto {
  readonly url: string;
  readonly port: number;
  /** Kill it with SIGKILL (a crash) and wait until it is gone. */
  kill(): Promise<void>;
  /** Start it again on the same port, after {@link kill}. */
  restart(): Promise<void>;
  /** Freeze it (SIGSTOP): connections stay open and nothing is delivered, as a hung broker behaves; {@link thaw} resumes it. */
  freeze(): void;
  /** Resume it after {@link freeze} (SIGCONT). */
  thaw(): void;
  /** Stop it and remove its files. */
  stop(): Promise<void>;
}

/**
 * Start `mosquitto` on 127.0.0.1 and resolve once it accepts connections.
 *
 * @throws if the binary is missing (check with `requireBinary` first).
 */
export async function startMosquitto(options: MosquittoOptions = {}): Promise<RunningMosquitto> {
  const binary = findBinary('mosquitto');
  if (!binary) throw new Error('mosquitto is not installed (apt-get install -y mosquitto)');
  const port = options.port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), 'asyncactor-mosquitto-'));
  // Started as root, mosquitto drops to its own user, which must read these files.
  chmodSync(dir, 0o755);
  const host = options.host;
  // In a test host's namespace: every address there (only our namespaces reach it).
  const lines = [host ? `listener ${port}` : `listener ${port} 127.0.0.1`, 'persistence false'];
  if (options.users) {
    const passwordFile = join(dir, 'passwords');
    writeFileSync(passwordFile, '');
    for (const [user, password] of Object.entries(options.users)) {
      const result = spawnSync(findBinary('mosquitto_passwd') ?? 'mosquitto_passwd', ['-b', passwordFile, user, password]);
      if (result.status !== 0) throw new Error(`mosquitto_passwd failed: ${String(result.stderr)}`);
    }
    lines.push('allow_anonymous false', `password_file ${passwordFile}`);
  } else {
    lines.push('allow_anonymous true');
  }
  if (options.acl !== undefined) {
    const aclFile = join(dir, 'acl');
    writeFileSync(aclFile, options.acl);
    lines.push(`acl_file ${aclFile}`);
  }
  const config = join(dir, 'mosquitto.conf');
  writeFileSync(config, lines.join('\n') + '\n');
  for (const file of ['passwords', 'acl', 'mosquitto.conf']) {
    try {
      chmodSync(join(dir, file), 0o644);
    } catch {
      // not written for this broker
    }
  }

  let child: ChildProcess | undefined;
  const launch = async (): Promise<void> => {
    const stdio: SpawnOptions = { stdio: ['ignore', 'ignore', 'pipe'] };
    const started = host ? host.spawn(binary, ['-c', config], stdio) : spawn(binary, ['-c', config], stdio);
    child = started;
    let output = '';
    started.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const exited = new Promise<never>((_, reject) =>
      started.once('exit', (code) => reject(new Error(`mosquitto exited with code ${code}: ${output.trim()}`))),
    );
    exited.catch(() => undefined);
    await Promise.race([host ? waitForPort(port, 10_000, host.controlAddress) : waitForPort(port), exited]);
  };
  const terminate = async (signal: NodeJS.Signals): Promise<void> => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill(signal);
    await gone;
  };
  await launch();
  return {
    url: `mqtt://${host?.address ?? '127.0.0.1'}:${port}`,
    port,
    kill: () => terminate('SIGKILL'),
    restart: launch,
    freeze: () => void child?.kill('SIGSTOP'),
    thaw: () => void child?.kill('SIGCONT'),
    async stop() {
      child?.kill('SIGCONT');
      await terminate('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
