/**
 * Keeping our name once we are established: the healthy node wins a name
 * collision.
 *
 * Within its start-up window a node that sees its own `init` a second time
 * fails with `ActorCollisionError` (PROTOCOL §6, "Start"). After that window
 * an `init` with our name that is not the echo of one of ours comes from a
 * newcomer (or a forger) using our name. We answer with an `init` of our
 * own: the newcomer sees "its" `init` twice within its start-up and fails,
 * the way a Python reference newcomer fails too, while we keep running and
 * count it in `stats.nameCollisions`. The reference does the opposite (the
 * running node stops), which let anyone who can publish stop a node.
 *
 * The messages are identical, so our answers' echoes are told apart by
 * count: each answer expects one echo within the start-up window. We answer
 * at most once per `gap`: two established nodes with one name (started on
 * both sides of a split) would otherwise answer each other for ever.
 *
 * @module
 */
import type { ActorCollisionError } from '../errors';
import type { Parts } from './parts';

/** What an `init` of our name means once we are established. */
export type ClaimOutcome =
  /** The echo of our own answer. */
  | 'echo'
  /** A newcomer with our name: answer it. */
  | 'answer'
  /** Another `init` of our name within `gap` of our last answer: counted, not answered. */
  | 'count';

/** Our answers to newcomers with our name. See the module comment. */
export class NameClaim {
  /** When each answer whose echo has not come back went out, oldest first. */
  readonly #answers: number[] = [];
  #lastAnswerAt = -Infinity;

  /**
   * An `init` of our name arrived at `now`, after our start-up window.
   *
   * @param echoWithin how long an echo of ours may take
   */
  receive(now: number, gap: number, echoWithin: number): ClaimOutcome {
    while (this.#answers.length > 0 && now - this.#answers[0]! > echoWithin) this.#answers.shift();
    if (this.#answers.length > 0) {
      this.#answers.shift();
      return 'echo';
    }
    if (now - this.#lastAnswerAt < gap) return 'count';
    this.#lastAnswerAt = now;
    this.#answers.push(now);
    return 'answer';
  }
}

/**
 * An `init` of our own name arrived at `now`: our echo, a collision that
 * stops us (returned) while we start, or a newcomer we answer once we are
 * established.
 */
export function ownInit(parts: Parts, now: number): ActorCollisionError | undefined {
  const { startup } = parts;
  if (!startup.passed || now < startup.settledAt) return startup.ownInit();
  const outcome = parts.claim.receive(now, parts.versions.config.gap, startup.echoWithin);
  if (outcome === 'echo') return undefined;
  parts.counters.nameCollisions++;
  if (outcome === 'answer') parts.outbox.send({ type: 'init', node: parts.name });
  return undefined;
}
