/**
 * The options of a protocol machine, and their defaults.
 *
 * @module
 */
import { DEFAULT_CONFIG, makeConfig, type ActorConfig, type ConfigInput } from '../config';
import { CallbackError, ConfigError, messageOf, type CallbackName } from '../errors';
import { DEFAULT_WIRE_LIMITS, utf8Length, type WireLimits } from '../wire';
import { boundedConfigPolicy, DEFAULT_CONFIG_BOUNDS } from './config-policy';
import { defaultPriority, type PriorityRule } from './priority';
import type { ConfigPolicy } from './versions';

/** Options of an {@link ActorMachine}. */
export interface MachineOptions {
  /** The group's config; missing keys take the defaults (PROTOCOL §2). */
  readonly config?: ConfigInput;
  /** Uniform random numbers in [0, 1). Default `Math.random`. */
  readonly random?: () => number;
  /** The collision rule; see {@link PriorityRule} for its contract. */
  readonly priority?: PriorityRule;
  /** Start passive (listen only) when false. Default true. */
  readonly enabled?: boolean;
  /** Emit a `raw` event for every valid message received. */
  readonly rawMessages?: boolean;
  /** Send nothing at all, not even `init` (a pure observer; implies passive). */
  readonly silent?: boolean;
  /** Bounds on received payloads. */
  readonly limits?: WireLimits;
  /**
   * Decide whether to adopt a higher-versioned config from the network.
   * Anyone who can publish on the channel can send one; return false to
   * refuse (counted in `stats.configsRefused`). Default:
   * {@link boundedConfigPolicy} with {@link DEFAULT_CONFIG_BOUNDS} (sane
   * timing, `nodes` and `splits` of at least 2, version steps of at most a
   * million); {@link acceptAnyConfig} adopts everything, as the reference does.
   */
  readonly acceptConfig?: ConfigPolicy;
  /**
   * Most distinct node values remembered (oldest forgotten first), and the
   * longest history kept when `nodes` is 0 or negative (unbounded) or larger.
   * Bounds the memory a flood of made-up node names can take. Default 1024.
   */
  readonly maxKnownNodes?: number;
  /**
   * How long a silent node stays in the members view, in seconds. Default:
   * a whole rotation plus a cycle (`(nodes + 1) * (cycle + 2.5 * gap)`).
   */
  readonly membersWindow?: number;
}

/** {@link MachineOptions} with every default filled in and checked. */
export interface Settings {
  readonly config: ActorConfig;
  readonly random: () => number;
  readonly priority: PriorityRule;
  readonly enabled: boolean;
  readonly rawMessages: boolean;
  readonly silent: boolean;
  readonly limits: WireLimits;
  readonly acceptConfig: ConfigPolicy;
  readonly maxKnownNodes: number;
  readonly membersWindow: number | undefined;
}

/**
 * A node's own `nodes`: 0 for no limit, else at most what the default
 * `acceptConfig` of its peers takes from the network
 * ({@link DEFAULT_CONFIG_BOUNDS}): beyond that, peers would refuse our
 * config, and every node off a chain would butt in each cycle. A config from
 * the network is judged by the policy.
 */
function checkOwnNodes(nodes: number): void {
  const most = DEFAULT_CONFIG_BOUNDS.nodes[1];
  if (nodes < 0) throw new ConfigError('nodes', `must be >= 0, 0 for no limit (got ${nodes})`);
  if (nodes > most) throw new ConfigError('nodes', `${nodes} is over ${most}, the most peers accept by default (DEFAULT_CONFIG_BOUNDS)`);
}

/**
 * Fill in the defaults of `options` and check them.
 *
 * @throws {ConfigError} if the config breaks a rule or `maxKnownNodes` is below 1.
 */
export function settingsOf(options: MachineOptions): Settings {
  const silent = options.silent ?? false;
  const maxKnownNodes = options.maxKnownNodes ?? 1024;
  if (!Number.isSafeInteger(maxKnownNodes) || maxKnownNodes < 1) {
    throw new ConfigError('maxKnownNodes', `must be an integer >= 1 (got ${maxKnownNodes})`);
  }
  // Only a missing config means the defaults: `null` or `5` is a mistake, and makeConfig says so.
  const config = makeConfig(options.config === undefined ? {} : options.config, DEFAULT_CONFIG);
  // A node's own config starts at version 0 or above (one from the network is taken as it comes, like the reference does).
  if (config.version < 0) throw new ConfigError('version', `must be >= 0 (got ${config.version})`);
  checkOwnNodes(config.nodes);
  return {
    config,
    random: checkedRandom(options.random ?? Math.random),
    priority: options.priority ? checkedPriority(options.priority) : defaultPriority,
    enabled: !silent && (options.enabled ?? true),
    rawMessages: options.rawMessages ?? false,
    silent,
    limits: options.limits ?? DEFAULT_WIRE_LIMITS,
    acceptConfig: options.acceptConfig ? checkedPolicy(options.acceptConfig) : boundedConfigPolicy(),
    maxKnownNodes,
    membersWindow: checkedWindow(options.membersWindow),
  };
}

/** `membersWindow`, when given: seconds above zero. */
function checkedWindow(window: number | undefined): number | undefined {
  if (window !== undefined && !(typeof window === 'number' && window > 0 && window < Infinity)) {
    throw new ConfigError('membersWindow', `must be a number of seconds > 0 (got ${String(window)})`);
  }
  return window;
}

/** `random`, checked on every call: a result outside [0, 1) would make timers fire in a loop. */
function checkedRandom(random: () => number): () => number {
  return () => {
    const r = call('random', random);
    if (!(typeof r === 'number' && r >= 0 && r < 1)) throw new CallbackError('random', `returned ${String(r)}, not a number in [0, 1)`);
    return r;
  };
}

/** A user's priority rule, checked on every call: it must return a boolean and not throw. */
function checkedPriority(rule: PriorityRule): PriorityRule {
  return (a, aValue, b, bValue) => booleanOf('priority', call('priority', () => rule(a, aValue, b, bValue)));
}

/** A user's config policy, checked on every call: it must return a boolean and not throw. */
function checkedPolicy(policy: ConfigPolicy): ConfigPolicy {
  return (proposed, current) => booleanOf('acceptConfig', call('acceptConfig', () => policy(proposed, current)));
}

function call<T>(name: CallbackName, callback: () => T): T {
  try {
    return callback();
  } catch (error) {
    throw new CallbackError(name, `threw: ${messageOf(error)}`, { cause: error });
  }
}

function booleanOf(name: CallbackName, result: unknown): boolean {
  if (typeof result !== 'boolean') throw new CallbackError(name, `returned ${String(result)}, not a boolean`);
  return result;
}

/**
 * Check this node's name against the wire limits: peers with the same
 * limits drop any message from a longer name, so it could never start.
 *
 * @throws {ConfigError} naming `name` or the limit that is too small.
 */
export function checkNodeName(name: unknown, limits: WireLimits): asserts name is string {
  if (typeof name !== 'string' || name.length === 0) throw new ConfigError('name', 'must be a non-empty string');
  const bytes = utf8Length(name);
  if (bytes > limits.maxNameBytes) throw new ConfigError('name', `is ${bytes} bytes in UTF-8, over limits.maxNameBytes (${limits.maxNameBytes}): peers would drop every message of this node`);
  if (!(Number.isSafeInteger(limits.maxHistory) && limits.maxHistory >= 1)) throw new ConfigError('limits.maxHistory', `must be an integer >= 1 (got ${limits.maxHistory})`);
  // An init is the smallest message: 2 map keys, "t":"init" and the name, under 20 bytes of framing.
  if (!(limits.maxPayloadBytes >= bytes + 20)) throw new ConfigError('limits.maxPayloadBytes', `${limits.maxPayloadBytes} is too small for even an init of this node`);
}
