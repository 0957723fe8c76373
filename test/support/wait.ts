/** How often {@link waitFor} looks again: a polling interval, never a wait that decides the outcome. */
const POLL_MS = 25;

/**
 * Polls `check` until it returns true; fails loudly with `what` after `timeoutMs`. Tests wait for conditions
 * (a lock in pg_locks, a line on stderr), never for time.
 */
export async function waitFor(
  what: string,
  check: () => Promise<boolean> | boolean,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
