/**
 * A real Serf cluster on loopback ports, from the `serf` binary, started
 * and stopped by tests.
 *
 * @module
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { findBinary } from './binaries';
import { freePort, waitForPort } from './ports';

const run = promisify(execFile);

/** Options of {@link startSerfCluster}. */
export interface SerfClusterOptions {
  /** How many agents. Default 3. */
  readonly size?: number;
  /** A base64 gossip encryption key (`serf keygen`), for an encrypted cluster. */
  readonly encryptKey?: string;
  /** An RPC auth token every agent requires (`-rpc-auth`). */
  readonly rpcAuth?: string;
  /** Prefix of the node names (`serf-0`, `serf-1`, …). */
  readonly namePrefix?: string;
}

/** One running agent. */
export interface SerfAgent {
  readonly name: string;
  /** The agent's gossip address, `127.0.0.1:PORT`. */
  readonly bindAddress: string;
  /** The agent's RPC address, `127.0.0.1:PORT`. */
  readonly rpcAddress: string;
  /** Kill it with SIGKILL (a crash) and wait until it is gone. */
  kill(): Promise<void>;
  /** Start it again with the same name and ports, joining the others. */
  restart(): Promise<void>;
  /** Whether it runs. */
  readonly running: boolean;
}

/** A running cluster. */
export interface SerfCluster {
  readonly agents: readonly SerfAgent[];
  /** Wait until `agent` sees `count` alive members. */
  waitForMembers(agent: SerfAgent, count: number, timeoutMs?: number): Promise<void>;
  /** Stop every agent. */
  stop(): Promise<void>;
}

/**
 * Start `size` agents on 127.0.0.1, joined into one cluster, and resolve once
 * every agent sees all of them alive.
 *
 * @throws if the binary is missing (check with `requireBinary` first).
 */
export async function startSerfCluster(options: SerfClusterOptions = {}): Promise<SerfCluster> {
  const binary = findBinary('serf');
  if (!binary) throw new Error('serf is not installed (apt-get install -y serf)');
  const size = options.size ?? 3;
  const prefix = options.namePrefix ?? 'serf';
  const agents: AgentProcess[] = [];
  for (let i = 0; i < size; i++) {
    agents.push(new AgentProcess(binary, `${prefix}-${i}`, await freePort(), await freePort(), options));
  }
  const cluster: SerfCluster = {
    agents,
    async waitForMembers(agent, count, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const alive = await aliveMembers(binary, agent.rpcAddress, options.rpcAuth).catch(() => -1);
        if (alive >= count) return;
        if (Date.now() > deadline) throw new Error(`${agent.name} sees ${alive} alive members, not ${count}, after ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },
    async stop() {
      await Promise.all(agents.map((agent) => agent.kill()));
      for (const agent of agents) agent.removeFiles();
    },
  };
  try {
    for (const agent of agents) {
      agent.peers = () => agents.filter((other) => other !== agent && other.running).map((other) => other.bindAddress);
      await agent.restart();
    }
    for (const agent of agents) await cluster.waitForMembers(agent, size);
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  return cluster;
}

class AgentProcess implements SerfAgent {
  readonly bindAddress: string;
  readonly rpcAddress: string;
  /** The gossip addresses of the other agents that run now. */
  peers: () => string[] = () => [];
  private child: ChildProcess | undefined;
  private configDir: string | undefined;

  constructor(
    private readonly binary: string,
    readonly name: string,
    bindPort: number,
    private readonly rpcPort: number,
    private readonly options: SerfClusterOptions,
  ) {
    this.bindAddress = `127.0.0.1:${bindPort}`;
    this.rpcAddress = `127.0.0.1:${rpcPort}`;
  }

  get running(): boolean {
    return this.child !== undefined;
  }

  async restart(): Promise<void> {
    if (this.child) return;
    const args = ['agent', `-node=${this.name}`, `-bind=${this.bindAddress}`, `-rpc-addr=${this.rpcAddress}`, '-log-level=warn'];
    if (this.options.encryptKey) args.push(`-encrypt=${this.options.encryptKey}`);
    if (this.options.rpcAuth) {
      // The agent takes its RPC auth token from a config file only.
      this.configDir ??= mkdtempSync(join(tmpdir(), 'asyncactor-serf-'));
      const file = join(this.configDir, 'rpc-auth.json');
      writeFileSync(file, JSON.stringify({ rpc_auth: this.options.rpcAuth }));
      args.push(`-config-file=${file}`);
    }
    // Join whichever peers run (an agent exits if a -join target is down).
    for (const peer of this.peers()) args.push(`-join=${peer}`);
    const child = spawn(this.binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    this.child = child;
    let output = '';
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', () => {
      if (this.child === child) this.child = undefined;
    });
    const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`serf agent ${this.name} exited (${code}): ${output.trim()}`))));
    exited.catch(() => undefined);
    await Promise.race([waitForPort(this.rpcPort, 15_000), exited]);
  }

  /** Remove the agent's config files. */
  removeFiles(): void {
    if (this.configDir) rmSync(this.configDir, { recursive: true, force: true });
  }

  async kill(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await gone;
  }
}

async function aliveMembers(binary: string, rpcAddress: string, rpcAuth: string | undefined): Promise<number> {
  const args = ['members', `-rpc-addr=${rpcAddress}`, '-status=alive'];
  if (rpcAuth) args.push(`-rpc-auth=${rpcAuth}`);
  const { stdout } = await run(binary, args, { timeout: 5000 });
  return stdout.split('\n').filter((line) => line.trim() !== '').length;
}
