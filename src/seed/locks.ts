// Locks: the advisory lock every seed run takes, and how the run bounds, watches and reports its lock waits.

import type { Knex } from 'knex';
import { describeHolder, type LockHolder, type WaitWatch, watchWaits } from '../db/lock-holder';
import { SeedError } from '../errors';

/** Receives one line per call (the entry point writes them to stderr). */
export type WaitLog = (line: string) => void;

/** How a seed run waits for locks other sessions hold: the seed lock, or a row the app has locked. */
export interface LockWaitOptions {
  /** `SEED_LOCK_TIMEOUT`: the longest one lock wait may last, in seconds, before the run fails with SEED_LOCKED. */
  timeoutSeconds: number;
  /** Where "waiting for ..." lines go. Default: nowhere. */
  log?: WaitLog;
  /** Time between two lines about the same wait. Default 5000 ms. */
  reportEveryMs?: number;
  /** How often the watcher looks for a wait. Default 500 ms. */
  pollMs?: number;
  /** When the watcher first looks. Default 1000 ms. */
  firstLookMs?: number;
  /** Who is waiting, first word of each line. Default 'seed'. */
  label?: string;
  /** The setting that bounds the wait, named in each line. Default 'SEED_LOCK_TIMEOUT'. */
  setting?: string;
}

/** True when `knex` can lend a second connection while the seed's transaction holds one (never on PGlite). */
function hasSpareConnection(knex: Knex): boolean {
  // biome-ignore lint/suspicious/noExplicitAny: the pool settings are not part of knex's public types.
  const client = knex.client as any;
  const max = client.pool?.max ?? client.config?.pool?.max ?? 10;
  return max > 1;
}

/** What {@link watchLockWaits} hands back: the last holder seen, and how to stop it. */
export interface LockWatch extends WaitWatch {
  /** Tells the watcher what the run is about to wait for (undefined: nothing known), for its fallback line. */
  waitingFor(what: string | undefined): void;
}

/**
 * Watches the seed transaction's backend from another pooled connection ({@link watchWaits}): as soon as the seed
 * waits for a lock it logs a line naming the holder, then one every `reportEveryMs` while it still waits. The
 * first look is `firstLookMs` after the start, so a run that is over by then never opens the second connection.
 * On a single-connection client (PGlite: one process, so no other holder) it watches nothing.
 */
export async function watchLockWaits(
  knex: Knex,
  trx: Knex.Transaction,
  options: LockWaitOptions,
): Promise<LockWatch> {
  const { log, reportEveryMs = 5_000, pollMs = 500, firstLookMs = 1_000, timeoutSeconds } = options;
  const { label = 'seed', setting = 'SEED_LOCK_TIMEOUT' } = options;
  let phase: string | undefined;
  const waitingFor = (what: string | undefined) => {
    phase = what;
  };
  if (!hasSpareConnection(knex)) return { lastHolder: () => undefined, waitingFor, stop: async () => {} };
  const startedAt = Date.now();
  const { rows: me } = await trx.raw('SELECT pg_backend_pid() AS pid');
  const pid = Number(me[0].pid);
  const watch = watchWaits({
    label,
    timeoutSeconds,
    setting,
    log,
    reportEveryMs,
    pollMs,
    firstLookMs,
    connection: () => knex,
    pids: () => [pid],
    waitingFor: () => phase,
    startedAt,
  });
  return { ...watch, waitingFor };
}

/** Bounds every lock wait of the transaction to `timeoutSeconds` (PostgreSQL's lock_timeout, this transaction only). */
export async function boundLockWaits(trx: Knex.Transaction, timeoutSeconds: number): Promise<void> {
  // SET takes no bind parameters; set_config(..., true) is SET LOCAL with the value bound.
  await trx.raw(`SELECT set_config('lock_timeout', ?, true)`, [`${Math.trunc(timeoutSeconds)}s`]);
}

/** True for PostgreSQL's "canceling statement due to lock timeout" (55P03). */
export function isLockTimeout(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === '55P03';
}

/** The one-line SEED_LOCKED error for a wait that reached SEED_LOCK_TIMEOUT. */
export function lockTimeoutError(error: unknown, timeoutSeconds: number, holder?: LockHolder): SeedError {
  const what = holder ? `${holder.lock}, held by ${describeHolder(holder)}` : 'a lock another session holds';
  return new SeedError(
    'SEED_LOCKED',
    `waited ${timeoutSeconds} s (SEED_LOCK_TIMEOUT) for ${what}; nothing was written: ` +
      'let that session finish and run the seed again, or raise SEED_LOCK_TIMEOUT',
    { cause: error },
  );
}

/**
 * The advisory lock key every seed run takes: the first 8 bytes of sha256('job-postings-seed') as a signed
 * bigint, so it will not collide with another tool's small integer keys (node-pg-migrate, graphile-migrate).
 */
export const SEED_LOCK_KEY = '-526588446513554064';

/**
 * Runs `fn` holding the transaction-level advisory lock: concurrent seed runs queue here one after another,
 * and the lock goes with the transaction's commit or rollback, so a killed process never leaves it held.
 */
export async function withSeedLock<T>(trx: Knex.Transaction, fn: () => Promise<T>): Promise<T> {
  await trx.raw('SELECT pg_advisory_xact_lock(?::bigint)', [SEED_LOCK_KEY]);
  return fn();
}
