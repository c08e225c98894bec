/**
 * A real Serf cluster from the `serf` binary, on loopback ports or on the
 * hosts of a test network, started and stopped by tests.
 *
 * @module
 */
import { execFile, spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { findBinary } from './binaries';
import type { TestHost, TestNetwork } from './netns';
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
  /**
   * Run agent `i` on host `i` of this network, gossiping on the host's test
   * address and serving RPC on its control address (ports 7946 and 7373),
   * instead of on loopback ports. `size` defaults to the number of hosts.
   */
  readonly network?: TestNetwork;
  /** How often an agent tries to reach failed members again (Serf's `reconnect_interval`, e.g. `'1s'`; Serf's default is 30 s). */
  readonly reconnectInterval?: string;
}

/** One running agent. */
export interface SerfAgent {
  readonly name: string;
  /** The agent's gossip address, `IP:PORT`. */
  readonly bindAddress: string;
  /** The agent's RPC address, `IP:PORT`, reachable from this process. */
  readonly rpcAddress: string;
  /** Kill it with SIGKILL (a crash) and wait until it is gone. */
  kill(): Promise<void>;
  /** Start it again with the same name and ports, joining the others. */
  restart(): Promise<void>;
  /** Freeze it (SIGSTOP): its sockets stay open and it answers nothing, as a hung agent behaves; {@link thaw} resumes it. */
  freeze(): void;
  /** Resume it after {@link freeze} (SIGCONT). */
  thaw(): void;
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
 * Start `size` agents on 127.0.0.1 (or on the hosts of `network`), joined
 * into one cluster, and resolve once every agent sees all of them alive.
 *
 * @throws if the binary is missing (check with `requireBinary` first).
 */
export async function startSerfCluster(options: SerfClusterOptions = {}): Promise<SerfCluster> {
  const binary = findBinary('serf');
  if (!binary) throw new Error('serf is not installed (apt-get install -y serf)');
  const hosts = options.network?.hosts;
  const size = options.size ?? hosts?.length ?? 3;
  if (hosts && size > hosts.length) throw new RangeError(`${size} agents need ${size} hosts, the network has ${hosts.length}`);
  const prefix = options.namePrefix ?? 'serf';
  const agents: AgentProcess[] = [];
  for (let i = 0; i < size; i++) {
    const host = hosts?.[i];
    const place: Placement = host
      ? { bindAddress: `${host.address}:7946`, rpcHost: host.controlAddress, rpcPort: 7373, host }
      : { bindAddress: `127.0.0.1:${await freePort()}`, rpcHost: '127.0.0.1', rpcPort: await freePort() };
    agents.push(new AgentProcess(binary, `${prefix}-${i}`, place, options));
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

/** Where an agent runs: its addresses, and the test host if not this one. */
interface Placement {
  readonly bindAddress: string;
  readonly rpcHost: string;
  readonly rpcPort: number;
  readonly host?: TestHost;
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
    private readonly place: Placement,
    private readonly options: SerfClusterOptions,
  ) {
    this.bindAddress = place.bindAddress;
    this.rpcAddress = `${place.rpcHost}:${place.rpcPort}`;
  }

  get running(): boolean {
    return this.child !== undefined;
  }

  async restart(): Promise<void> {
    if (this.child) return;
    const args = ['agent', `-node=${this.name}`, `-bind=${this.bindAddress}`, `-rpc-addr=${this.rpcAddress}`, '-log-level=warn'];
    if (this.options.encryptKey) args.push(`-encrypt=${this.options.encryptKey}`);
    // The agent takes these settings from a config file only.
    const config = {
      ...(this.options.rpcAuth ? { rpc_auth: this.options.rpcAuth } : {}),
      ...(this.options.reconnectInterval ? { reconnect_interval: this.options.reconnectInterval } : {}),
    };
    if (Object.keys(config).length > 0) {
      this.configDir ??= mkdtempSync(join(tmpdir(), 'asyncactor-serf-'));
      const file = join(this.configDir, 'agent.json');
      writeFileSync(file, JSON.stringify(config));
      args.push(`-config-file=${file}`);
    }
    // Join whichever peers run (an agent exits if a -join target is down).
    for (const peer of this.peers()) args.push(`-join=${peer}`);
    const stdio: SpawnOptions = { stdio: ['ignore', 'ignore', 'pipe'] };
    const child = this.place.host ? this.place.host.spawn(this.binary, args, stdio) : spawn(this.binary, args, stdio);
    this.child = child;
    let output = '';
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', () => {
      if (this.child === child) this.child = undefined;
    });
    const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`serf agent ${this.name} exited (${code}): ${output.trim()}`))));
    exited.catch(() => undefined);
    await Promise.race([waitForPort(this.place.rpcPort, 15_000, this.place.rpcHost), exited]);
  }

  /** Remove the agent's config files. */
  removeFiles(): void {
    if (this.configDir) rmSync(this.configDir, { recursive: true, force: true });
  }

  freeze(): void {
    this.child?.kill('SIGSTOP');
  }

  thaw(): void {
    this.child?.kill('SIGCONT');
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
