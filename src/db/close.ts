import type { Knex } from 'knex';

/**
 * How long closing a command's connections may take before it stops waiting (ms). Ending a connection sends
 * Terminate and waits for the socket to close; over a stalled network path it never does.
 */
export const CLOSE_WITHIN_MS = 5_000;

/** `knex.destroy()`, waited for at most `ms`: a command that is over never hangs on closing its connections. */
export async function closeWithin(knex: Knex, ms: number = CLOSE_WITHIN_MS): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    knex.destroy().catch(() => undefined),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
      timer.unref();
    }),
  ]);
  clearTimeout(timer);
}
