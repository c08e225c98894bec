/**
 * Watches real actors (any transport) for the property every group must
 * have: at most one tagged at a time, and everyone gets a turn.
 *
 * @module
 */
import type { Actor } from '@asyncactor/core';
import { waitUntil } from './wait';

/** What a {@link TagWatcher} saw. */
export interface TagWatcher {
  /** Nodes tagged right now. */
  readonly tagged: ReadonlySet<string>;
  /** Nodes tagged at least once. */
  readonly everTagged: ReadonlySet<string>;
  /** Most nodes tagged at the same time. */
  readonly mostAtOnce: number;
  /** Tags seen, in order. */
  readonly tags: readonly string[];
  /** Resolve once `check` holds (polled every 50 ms), or reject after `timeoutMs`. */
  until(check: (watcher: TagWatcher) => boolean, what: string, timeoutMs: number): Promise<void>;
}

/** Follow the tag events of `actors` from now on. */
export function watchTags(actors: readonly Actor[]): TagWatcher {
  const tagged = new Set<string>();
  const everTagged = new Set<string>();
  const tags: string[] = [];
  let mostAtOnce = 0;
  const watcher: TagWatcher = {
    tagged,
    everTagged,
    tags,
    get mostAtOnce() {
      return mostAtOnce;
    },
    async until(check, what, timeoutMs) {
      await waitUntil(() => check(watcher), what, timeoutMs).catch((error: Error) => {
        throw new Error(`${error.message} (tags so far: ${tags.join(', ') || 'none'})`);
      });
    },
  };
  for (const actor of actors) {
    actor.on('tag', () => {
      tagged.add(actor.name);
      everTagged.add(actor.name);
      tags.push(actor.name);
      mostAtOnce = Math.max(mostAtOnce, tagged.size);
    });
    actor.on('untag', () => tagged.delete(actor.name));
    actor.on('detag', () => tagged.delete(actor.name));
  }
  return watcher;
}

/**
 * Make every actor ready (value 1), wait until each has been tagged, then
 * close them all. Resolves with what the watcher saw (check its
 * `mostAtOnce`); rejects after `timeoutMs` naming the tags seen so far.
 */
export async function rotateUntilEveryoneTagged(actors: readonly Actor[], timeoutMs: number): Promise<TagWatcher> {
  const watcher = watchTags(actors);
  for (const actor of actors) {
    actor.setValue(1);
    actor.setReady();
  }
  try {
    await watcher.until((w) => w.everTagged.size === actors.length, 'every actor to be tagged', timeoutMs);
  } finally {
    await Promise.all(actors.map((a) => a.close()));
  }
  return watcher;
}
