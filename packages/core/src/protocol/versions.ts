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
import type { TurnPhase } from './turn';

/** Decides whether a config from the network may replace ours. */
export type ConfigPolicy = (proposed: ActorConfig, current: ActorConfig) => boolean;

/** Where this node stands when a lower version arrives: whether and when it answers. */
export interface AnswerPosition {
  /** False for a passive or silent node: it never answers. */
  readonly participating: boolean;
  /** Where this node's own turn stands. */
  readonly turn: TurnPhase;
  /** Its position in the history (-1 when not on it). */
  readonly position: number;
}

/**
 * When a node answers a lower version: `'now'`, after so many seconds (a
 * timer that an answer of our version from someone else cancels), or
 * `undefined` for never. `sinceOurs` is the time since our version was
 * last heard on the channel (our own `vers` included; Infinity if never).
 */
export type AnswerDelay = (answerer: AnswerPosition, gap: number, sinceOurs: number) => 'now' | number | undefined;

/**
 * The shipping answer slots: one node of a side answers a lower version.
 * The node whose ping is pending (it just sent the newest one) answers at
 * once; the node tagged or newest otherwise after `gap`, so that when a
 * lower version reaches both while the new ping is still on its way to the
 * old turn holder, the pending node's answer comes first; the others one
 * `gap` per position after that, up to 4 `gap`s. The reference's
 * `gap * (1 - 2^-pos)` put positions 0 and 1 only `gap / 2` apart and
 * answered at once in both turns, so two nodes could answer one `vers` on a
 * channel whose deliveries spread over more than that (Serf's gossip).
 * No answer when our version was heard within `gap` (`sinceOurs` seconds
 * ago): that was an answer to this very `vers` that overtook it, as
 * deliveries from two senders may.
 */
export function answerDelay(answerer: AnswerPosition, gap: number, sinceOurs: number): 'now' | number | undefined {
  if (!answerer.participating || sinceOurs <= gap) return undefined;
  if (answerer.turn === 'pending') return 'now';
  if (answerer.turn === 'tagged' || answerer.position === 0) return gap;
  return answerer.position > 0 ? gap * (1 + Math.min(answerer.position, 3)) : undefined;
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
  /** When our version was last heard on the channel (our own `vers` included). */
  #oursHeardAt = -Infinity;

  readonly #policy: ConfigPolicy;
  readonly #timers: TimerTable;
  readonly #delay: AnswerDelay;

  constructor(initial: ActorConfig, policy: ConfigPolicy, timers: TimerTable, delay: AnswerDelay = answerDelay) {
    this.#current = initial;
    this.#policy = policy;
    this.#timers = timers;
    this.#delay = delay;
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
      this.#oursHeardAt = now;
      return 'none';
    }
    // An older config is about: the node whose turn it is answers, else the history in order.
    const delay = this.#delay(answerer, this.#current.gap, now - this.#oursHeardAt);
    if (delay === 'now') return 'answer';
    if (delay !== undefined) this.#timers.set('versionAnswer', now + delay);
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
