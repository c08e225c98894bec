/**
 * The name-collision check every transport's tests run: a newcomer that
 * takes a running node's name fails with `ActorCollisionError`, while the
 * running node keeps going and counts it. Give it how to make an actor on
 * your channel and how to let time pass (virtual or real).
 *
 * @module
 */
import { ActorCollisionError, cycleTimeMax, makeConfig, type Actor, type ActorConfig, type ConfigInput } from '@asyncactor/core';

/** How {@link newcomerTakesRunningName} reaches the channel. */
export interface NameCollisionSetup {
  /** A new actor called `name` on the channel, with `config` (made with `Actor.create`, not started). */
  create(name: string, config: ActorConfig): Actor | Promise<Actor>;
  /** Let `seconds` pass: advance a virtual clock, or wait in real time. */
  pass(seconds: number): Promise<void>;
  /** The group's timing (default cycle 1 s, gap 0.2 s). */
  readonly config?: ConfigInput;
}

/** What happened. */
export interface NameCollisionOutcome {
  /**
   * What the newcomer's `start()` rejected with, or undefined when it
   * resolved first (its own `init` came back before the running node's
   * answer; it fails a moment later: see {@link newcomerDone}).
   */
  readonly startError: unknown;
  /** How the newcomer ended: `failed` with an `ActorCollisionError`. */
  readonly newcomerDone: Awaited<Actor['done']>;
  /** Whether the running node was still running a cycle after the collision. */
  readonly runningKeptGoing: boolean;
  /** `stats.nameCollisions` of the running node. */
  readonly nameCollisions: number;
  /** Turns the running node took after the collision. */
  readonly turnsAfter: number;
  /** `error` events of the running node. */
  readonly runningErrors: readonly Error[];
}

/**
 * Start a node called `name`, let its start-up window pass, start a
 * newcomer with the same name, and report what happened to both: once the
 * newcomer has ended, and the running node has taken two more turns (or
 * the time for them has passed). Both are closed at the end.
 */
export async function newcomerTakesRunningName(setup: NameCollisionSetup, name = 'twin'): Promise<NameCollisionOutcome> {
  const config = makeConfig({ cycle: 1, gap: 0.2, ...setup.config });
  const bound = cycleTimeMax(config);
  const running = await setup.create(name, config);
  const runningErrors: Error[] = [];
  running.on('error', ({ error }) => runningErrors.push(error));
  try {
    let up = false;
    const started = running.start().finally(() => (up = true));
    await passUntil(setup, () => up, bound, config.gap / 2);
    await started;
    running.setValue(1);
    running.setReady();
    // Past its start-up window (cycle + gap * 1.75 at most): it is the established node.
    await setup.pass(config.cycle + 2 * config.gap);
    const newcomer = await setup.create(name, config);
    let ended = false;
    void newcomer.done.then(() => (ended = true));
    const outcome = newcomer.start().then(() => undefined, (error: unknown) => error);
    await passUntil(setup, () => ended, 2 * bound, config.gap / 2);
    const startError = await outcome;
    await newcomer.close();
    const tagsBefore = running.stats.tags;
    await passUntil(setup, () => running.stats.tags >= tagsBefore + 2, 3 * bound, config.gap / 2);
    return {
      startError,
      newcomerDone: await newcomer.done,
      runningKeptGoing: !running.closed,
      nameCollisions: running.stats.nameCollisions,
      turnsAfter: running.stats.tags - tagsBefore,
      runningErrors,
    };
  } finally {
    await running.close();
  }
}

/** Let time pass in steps of `step` until `check` holds or `bound` seconds have passed. */
async function passUntil(setup: NameCollisionSetup, check: () => boolean, bound: number, step: number): Promise<void> {
  for (let passed = 0; !check() && passed < bound; passed += step) await setup.pass(step);
}

/**
 * What went against the rule "the healthy node wins" (empty = all good):
 * the newcomer must fail with `ActorCollisionError` naming `name`; the
 * running node must keep going, count exactly one collision, report no
 * error and take turns after it.
 */
export function nameCollisionViolations(outcome: NameCollisionOutcome, name = 'twin'): string[] {
  const violations: string[] = [];
  const { error } = outcome.newcomerDone;
  if (outcome.newcomerDone.reason !== 'failed' || !(error instanceof ActorCollisionError) || error.node !== name) {
    violations.push(`the newcomer ended ${outcome.newcomerDone.reason} (${String(error)}), not failed with ActorCollisionError for ${name}`);
  }
  if (outcome.startError !== undefined && outcome.startError !== error) violations.push(`the newcomer's start() rejected with something else than its failure`);
  if (!outcome.runningKeptGoing) violations.push('the running node stopped');
  if (outcome.nameCollisions !== 1) violations.push(`the running node counted ${outcome.nameCollisions} name collisions, not 1`);
  if (outcome.runningErrors.length > 0) violations.push(`the running node reported errors: ${outcome.runningErrors.map((e) => e.message).join('; ')}`);
  if (outcome.turnsAfter < 1) violations.push('the running node took no turn after the collision');
  return violations;
}

/** The outcome in one line, for test logs. */
export function describeNameCollision(outcome: NameCollisionOutcome): string {
  const { newcomerDone, startError, ...rest } = outcome;
  const started = startError === undefined ? 'resolved' : `rejected (${startError instanceof Error ? startError.message : 'not an Error'})`;
  return `newcomer: start() ${started}, then ${newcomerDone.reason}: ${String(newcomerDone.error)}; running node: ${JSON.stringify(rest)}`;
}
