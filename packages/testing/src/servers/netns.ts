/**
 * Test hosts in Linux network namespaces, for tests of what crosses a real
 * network: each host has its own network stack and address, hosts are
 * grouped, and the links between groups can be cut and healed.
 *
 * Layout of one {@link TestNetwork}: a hub namespace holds a core bridge and
 * one bridge per group, each group bridge joined to the core by an uplink
 * (a veth pair). Every host namespace has a `net0` interface on its group's
 * bridge (the address other hosts see) and a point-to-point `ctl0` link to
 * the namespace this process runs in (the address this process uses to reach
 * servers on the host, e.g. an agent's RPC port). Cutting a group's uplink
 * partitions it from the others; the control links stay up.
 *
 * Needs root and `ip` from iproute2. Nothing leaves the namespaces created
 * here.
 *
 * @module
 */
import { execFile, execFileSync, spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { promisify } from 'node:util';
import { findBinary } from './binaries';

const run = promisify(execFile);

/** Options of {@link createTestNetwork}. */
export interface TestNetworkOptions {
  /** Hosts per group, e.g. `[2, 2]` for two halves of two hosts. */
  readonly groups: readonly number[];
}

/** One test host: a network namespace with its own addresses. */
export interface TestHost {
  /** Index of the host in {@link TestNetwork.hosts}. */
  readonly index: number;
  /** Index of its group in {@link TestNetworkOptions.groups}. */
  readonly group: number;
  /** The network namespace (`ip netns exec <namespace> …`). */
  readonly namespace: string;
  /** Its address on the test network, seen by the other hosts. */
  readonly address: string;
  /** Its address on the control link, reachable from this process. */
  readonly controlAddress: string;
  /** Start `command` inside the host's namespace (`ip netns exec`, which execs: the child is the command). */
  spawn(command: string, args: readonly string[], options?: SpawnOptions): ChildProcess;
}

/** A set of test hosts whose groups can be partitioned. */
export interface TestNetwork {
  readonly hosts: readonly TestHost[];
  /** Cut every group from every other (each group keeps its own links). */
  split(): Promise<void>;
  /** Restore the links cut by {@link split}. */
  heal(): Promise<void>;
  /** Cut one group from every other (the others keep their links; the control links stay up). */
  cut(group: number): Promise<void>;
  /** Restore the link cut by {@link cut}. */
  restore(group: number): Promise<void>;
  /** Delete every namespace and interface of this network. Idempotent. */
  destroy(): Promise<void>;
}

/**
 * Whether network-namespace tests can run here (root and `ip`). When they
 * cannot, print a loud warning and return false (the caller skips); under
 * `CI=true`, throw instead, so that CI never passes by skipping.
 */
export function requireNetworkNamespaces(): boolean {
  const problem = process.getuid?.() !== 0 ? 'they need root' : !findBinary('ip') ? 'ip is missing (apt-get install -y iproute2)' : undefined;
  if (!problem) return true;
  const message = `network namespace tests are SKIPPED: ${problem}`;
  if (process.env.CI === 'true') throw new Error(`${message} (CI=true: failing instead of skipping)`);
  console.warn(`\n${'!'.repeat(72)}\n!! ${message}\n${'!'.repeat(72)}\n`);
  return false;
}

/** Networks this process made and has not destroyed yet, removed at exit if a test forgot. */
const live = new Set<Network>();
let exitHookInstalled = false;
let created = 0;

/**
 * Create the namespaces, bridges and links of a test network.
 *
 * @throws if a command fails (everything made so far is removed first).
 */
export async function createTestNetwork(options: TestNetworkOptions): Promise<TestNetwork> {
  const total = options.groups.reduce((sum, size) => sum + size, 0);
  if (options.groups.length === 0 || options.groups.some((size) => !Number.isInteger(size) || size < 1) || total > 60) {
    throw new RangeError(`groups must be 1 to 60 hosts in all, each group at least 1, got ${JSON.stringify(options.groups)}`);
  }
  await removeStaleNetworks();
  const subnet = await freeSubnet();
  const network = new Network(`aa${process.pid.toString(36)}n${created++}`, subnet, options.groups);
  live.add(network);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const leftover of live) leftover.destroySync();
    });
  }
  try {
    await network.build();
  } catch (error) {
    await network.destroy();
    throw error;
  }
  return network;
}

const ip = (...args: string[]): Promise<unknown> => run('ip', args, { timeout: 10_000 });

class Network implements TestNetwork {
  readonly hosts: TestHost[] = [];
  private readonly hub: string;
  private destroyed = false;

  constructor(
    private readonly id: string,
    private readonly subnet: number,
    private readonly groups: readonly number[],
  ) {
    this.hub = `${id}-hub`;
    let index = 0;
    groups.forEach((size, group) => {
      for (let i = 0; i < size; i++, index++) this.hosts.push(this.host(index, group));
    });
  }

  private host(index: number, group: number): TestHost {
    const namespace = `${this.id}-h${index}`;
    return {
      index,
      group,
      namespace,
      address: `10.231.${this.subnet}.${10 + index}`,
      controlAddress: `10.232.${this.subnet}.${4 * index + 2}`,
      spawn: (command, args, options = {}) => spawn('ip', ['netns', 'exec', namespace, command, ...args], options),
    };
  }

  async build(): Promise<void> {
    await ip('netns', 'add', this.hub);
    await ip('-n', this.hub, 'link', 'add', 'core', 'type', 'bridge');
    await ip('-n', this.hub, 'link', 'set', 'core', 'up');
    for (let group = 0; group < this.groups.length; group++) {
      await ip('-n', this.hub, 'link', 'add', `g${group}`, 'type', 'bridge');
      await ip('-n', this.hub, 'link', 'add', `up${group}`, 'type', 'veth', 'peer', 'name', `dn${group}`);
      await ip('-n', this.hub, 'link', 'set', `up${group}`, 'master', 'core');
      await ip('-n', this.hub, 'link', 'set', `dn${group}`, 'master', `g${group}`);
      for (const link of [`g${group}`, `up${group}`, `dn${group}`]) await ip('-n', this.hub, 'link', 'set', link, 'up');
    }
    for (const host of this.hosts) {
      const ns = host.namespace;
      const port = `${this.id}p${host.index}`;
      const control = `${this.id}c${host.index}`;
      await ip('netns', 'add', ns);
      await ip('-n', ns, 'link', 'set', 'lo', 'up');
      // The test-network link: net0 in the host, its peer on the group bridge.
      await ip('link', 'add', port, 'type', 'veth', 'peer', 'name', 'net0', 'netns', ns);
      await ip('link', 'set', port, 'netns', this.hub);
      await ip('-n', this.hub, 'link', 'set', port, 'master', `g${host.group}`);
      await ip('-n', this.hub, 'link', 'set', port, 'up');
      await ip('-n', ns, 'addr', 'add', `${host.address}/24`, 'dev', 'net0');
      await ip('-n', ns, 'link', 'set', 'net0', 'up');
      // The control link: a /30 between this process's namespace and the host.
      await ip('link', 'add', control, 'type', 'veth', 'peer', 'name', 'ctl0', 'netns', ns);
      await ip('addr', 'add', `10.232.${this.subnet}.${4 * host.index + 1}/30`, 'dev', control);
      await ip('link', 'set', control, 'up');
      await ip('-n', ns, 'addr', 'add', `${host.controlAddress}/30`, 'dev', 'ctl0');
      await ip('-n', ns, 'link', 'set', 'ctl0', 'up');
    }
  }

  async split(): Promise<void> {
    for (let group = 0; group < this.groups.length; group++) await ip('-n', this.hub, 'link', 'set', `up${group}`, 'down');
  }

  async heal(): Promise<void> {
    for (let group = 0; group < this.groups.length; group++) await ip('-n', this.hub, 'link', 'set', `up${group}`, 'up');
  }

  async cut(group: number): Promise<void> {
    await ip('-n', this.hub, 'link', 'set', this.uplink(group), 'down');
  }

  async restore(group: number): Promise<void> {
    await ip('-n', this.hub, 'link', 'set', this.uplink(group), 'up');
  }

  private uplink(group: number): string {
    if (!Number.isInteger(group) || group < 0 || group >= this.groups.length) throw new RangeError(`no group ${group} (groups 0 to ${this.groups.length - 1})`);
    return `up${group}`;
  }

  async destroy(): Promise<void> {
    if (this.destroyed) return;
    this.destroyed = true;
    live.delete(this);
    await Promise.all(this.namespaces().map((ns) => ip('netns', 'del', ns).catch(() => undefined)));
    // Deleting a namespace deletes its end of each veth pair, and the kernel
    // then removes the other end; control ends are removed here at once.
    await Promise.all(this.hosts.map((host) => ip('link', 'del', `${this.id}c${host.index}`).catch(() => undefined)));
  }

  /** The synchronous form of {@link destroy}, for the exit hook. */
  destroySync(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const ns of this.namespaces()) {
      try {
        execFileSync('ip', ['netns', 'del', ns], { stdio: 'ignore' });
      } catch {
        // already gone
      }
    }
  }

  private namespaces(): string[] {
    return [this.hub, ...this.hosts.map((host) => host.namespace)];
  }
}

/** A third octet for 10.231.x.0/24 and 10.232.x.0/24 that no interface here uses. */
async function freeSubnet(): Promise<number> {
  const { stdout } = (await run('ip', ['-o', 'addr'])) as { stdout: string };
  const start = process.pid % 250;
  for (let i = 0; i < 250; i++) {
    const candidate = (start + i) % 250;
    if (!stdout.includes(`10.231.${candidate}.`) && !stdout.includes(`10.232.${candidate}.`)) return candidate;
  }
  throw new Error('no free 10.231.x/10.232.x subnet for a test network');
}

/**
 * Remove namespaces left by test processes that no longer run (a killed
 * test run: its `afterAll` and exit hook never ran), with the processes
 * still running inside them (its Serf agents, say), which would otherwise
 * outlive their namespace.
 */
async function removeStaleNetworks(): Promise<void> {
  const { stdout } = (await run('ip', ['netns', 'list'])) as { stdout: string };
  for (const line of stdout.split('\n')) {
    const match = /^(aa([0-9a-z]+)n\d+-(?:hub|h\d+))\b/.exec(line);
    if (!match) continue;
    const pid = Number.parseInt(match[2]!, 36);
    if (pid === process.pid || isRunning(pid)) continue;
    await killProcessesIn(match[1]!);
    await ip('netns', 'del', match[1]!).catch(() => undefined);
  }
}

/** SIGKILL every process that runs in namespace `ns` (`ip netns pids`). */
async function killProcessesIn(ns: string): Promise<void> {
  const listed = await run('ip', ['netns', 'pids', ns], { encoding: 'utf8' }).catch(() => ({ stdout: '' }));
  for (const pid of listed.stdout.split(/\s+/).filter(Boolean).map(Number)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone already
    }
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
