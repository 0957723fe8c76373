import knexFactory, { type Knex } from 'knex';
import { closeWithin } from './db/close';
import type { DatabaseTarget } from './db/database-target';
import { knexLog, pgConnection } from './db/knex-config';
import { describeHolder, type LockHolder, watchWaits } from './db/lock-holder';
import { backendPids, pgClientFor } from './db/pg-client';
import { SeedError } from './errors';

/** How a command's watcher looks and reports (the seed's {@link LockWaitOptions}, for any command). */
export interface CommandWatchOptions {
  /** First word of each line: the command ("migrate", "db:status"). */
  label: string;
  /** The bound of a lock wait, in seconds, and the setting it comes from. */
  timeoutSeconds: number;
  setting: string;
  log: (line: string) => void;
  /** Time between two lines about the same wait. Default 5000 ms. */
  reportEveryMs?: number;
  /** How often the watcher looks. Default 500 ms. */
  pollMs?: number;
  /**
   * When it first looks: a command over by then never opens the watcher's connection. Default 1000 ms, or 40%
   * of the bound when that is shorter.
   */
  firstLookMs?: number;
}

/** What {@link watchCommand} hands back. */
export interface CommandWatch {
  lastHolder(): LockHolder | undefined;
  /** Stops looking and closes the watcher's connection. */
  stop(): Promise<void>;
  /** Cancels the statements of every connection `knex` holds (SIGINT/SIGTERM), from the watcher's connection. */
  cancelAll(): Promise<void>;
}

/**
 * Watches every connection of `knex` (a server target) from a connection of its own, opened at the first look
 * and kept for the command: while one of them waits for a lock, a line names the holder at once, then every
 * `reportEveryMs`. When the watcher cannot get a connection (a role's CONNECTION LIMIT, a full server) it says so
 * in a line of its own, at once and then every `reportEveryMs`, with the bound. PGlite: nothing to watch.
 */
export function watchCommand(knex: Knex, target: DatabaseTarget, options: CommandWatchOptions): CommandWatch {
  // A bound of a second or two must still see its holder named before it ends.
  const { reportEveryMs = 5_000, pollMs = 500 } = options;
  const firstLookMs = options.firstLookMs ?? Math.min(1_000, options.timeoutSeconds * 400);
  if (target.kind !== 'postgres') {
    return { lastHolder: () => undefined, stop: async () => {}, cancelAll: async () => {} };
  }
  let watcher: Knex | undefined;
  const connect = () => {
    watcher ??= knexFactory({
      client: pgClientFor(target),
      connection: pgConnection(target, { application_name: 'job-postings-seed lock watcher' }),
      pool: { min: 0, max: 1 },
      acquireConnectionTimeout: target.connectTimeoutMs + 2_000,
      // A failed connection is the fallback line's to say, not a warning per attempt.
      log: knexLog,
    });
    return watcher;
  };
  const watch = watchWaits({
    label: options.label,
    timeoutSeconds: options.timeoutSeconds,
    setting: options.setting,
    log: options.log,
    reportEveryMs,
    pollMs,
    firstLookMs,
    connection: connect,
    pids: () => backendPids(knex),
  });
  return {
    lastHolder: watch.lastHolder,
    stop: async () => {
      await watch.stop();
      if (watcher) await closeWithin(watcher);
    },
    cancelAll: async () => {
      const pids = backendPids(knex);
      if (pids.length === 0) return;
      await connect().raw('SELECT pg_cancel_backend(pid) FROM unnest(?::int[]) AS pid', [pids]);
    },
  };
}

/**
 * A lock wait of command `name` that reached its bound (`setting`, `seconds`), as the command's one line,
 * naming the holder the watcher saw: MIGRATE_LOCKED for the commands that migrate (DB_WAIT_TIMEOUT),
 * SEED_LOCKED for those that read.
 */
export function lockWaitTimeoutError(
  spec: { name: string; lockTimeout: string },
  seconds: number,
  error: unknown,
  holder?: LockHolder,
): SeedError {
  const what = holder ? `${holder.lock}, held by ${describeHolder(holder)}` : 'a lock another session holds';
  const migrates = spec.lockTimeout === 'DB_WAIT_TIMEOUT';
  return new SeedError(
    migrates ? 'MIGRATE_LOCKED' : 'SEED_LOCKED',
    `${spec.name} waited ${seconds} s (${spec.lockTimeout}) for ${what}; ` +
      `${migrates ? 'nothing was applied (its transaction was rolled back)' : 'it read no further'}: ` +
      `let that session finish and run it again, or raise ${spec.lockTimeout}`,
    { cause: error },
  );
}
