/**
 * Waiting, in real time, for a condition that real servers and actors bring
 * about (a broker restart, a reconnect): for tests that cannot drive a
 * virtual clock.
 *
 * @module
 */

/**
 * Resolve once `check` holds, polling every `intervalMs`; reject after
 * `timeoutMs` with an error naming `what`.
 *
 * @example
 * await waitUntil(() => actor.tagged, 'the actor to be tagged', 10_000);
 */
export async function waitUntil(check: () => boolean | Promise<boolean>, what: string, timeoutMs: number, intervalMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await delay(intervalMs);
  }
}

/** Resolve after `ms` milliseconds of real time. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
