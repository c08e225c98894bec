/**
 * Config versions (PROTOCOL §6, "Receiving `vers`"): the config in force,
 * adopting a higher version from the network (unless the policy refuses
 * it), and answering a lower one so that a node that missed a change
 * catches up.
 *
 * @module
 */
import { makeConfig, type ActorConfig, type ConfigInput } from '../config';
import { ConfigError } from '../errors';
import type { TimerTable } from './timers';

/** Decides whether a config from the network may replace ours. */
export type ConfigPolicy = (proposed: ActorConfig, current: ActorConfig) => boolean;

/** Where this node stands when a lower version arrives: whether and when it answers. */
export interface AnswerPosition {
  /** False for a passive or silent node: it never answers. */
  readonly participating: boolean;
  /** True while this node's turn is pending or running: it answers at once. */
  readonly turnActive: boolean;
  /** Its position in the history (-1 when not on it): it answers after `gap * (1 - 2^-position)`. */
  readonly position: number;
}

/** What a received config means for the machine. */
export type VersionOutcome =
  /** A higher version, now in force. */
  | 'adopted'
  /** A higher version the policy refused. */
  | 'refused'
  /** A lower version: send ours now. */
  | 'answer'
  /** Nothing to do now (the same version, or an answer scheduled for later). */
  | 'none';

/** The config in force and the answer to a lower version, with its timer `versionAnswer`. */
export class Versions {
  #current: ActorConfig;

  readonly #policy: ConfigPolicy;
  readonly #timers: TimerTable;

  constructor(initial: ActorConfig, policy: ConfigPolicy, timers: TimerTable) {
    this.#policy = policy;
    this.#timers = timers;
    this.#current = initial;
  }

  /** The config in force. */
  get config(): ActorConfig {
    return this.#current;
  }

  /** A config arrived from the network at `now`. */
  receive(now: number, theirs: ActorConfig, answerer: AnswerPosition): VersionOutcome {
    if (theirs.version > this.#current.version) {
      if (!this.#policy(theirs, this.#current)) return 'refused';
      this.#current = theirs;
      this.cancelAnswer();
      return 'adopted';
    }
    if (theirs.version === this.#current.version) {
      this.cancelAnswer();
      return 'none';
    }
    // An older config is about: the node whose turn it is answers, else the history in order.
    if (!answerer.participating) return 'none';
    if (answerer.turnActive) return 'answer';
    if (answerer.position >= 0) this.#timers.set('versionAnswer', now + this.#current.gap * (1 - 2 ** -answerer.position));
    return 'none';
  }

  /**
   * Put `input` in force with a higher version (default: one more than now).
   *
   * @throws {ConfigError} if a rule is broken or the version does not rise.
   */
  propose(input: ConfigInput): ActorConfig {
    const version = input.version ?? this.#current.version + 1;
    if (version <= this.#current.version) {
      throw new ConfigError('version', `must be greater than the current version ${this.#current.version}`);
    }
    this.#current = makeConfig({ ...input, version }, this.#current);
    return this.#current;
  }

  /** Forget a scheduled answer (someone sent our version, or we went passive). */
  cancelAnswer(): void {
    this.#timers.clear('versionAnswer');
  }
}
