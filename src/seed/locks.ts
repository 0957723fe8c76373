// Locks: the advisory lock every seed run takes, and how the run bounds, watches and reports its lock waits.

import type { Knex } from 'knex';
import {
  blindLine,
  describeHolder,
  type LockHolder,
  lookForHolder,
  noSpareConnection,
  waitingLine,
} from '../db/lock-holder';
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
export interface LockWatch {
  lastHolder(): LockHolder | undefined;
  /** Tells the watcher what the run is about to wait for (undefined: nothing known), for its fallback line. */
  waitingFor(what: string | undefined): void;
  stop(): Promise<void>;
}

/**
 * Watches the seed transaction's backend from another pooled connection: as soon as the seed waits for a lock
 * it logs a line naming the holder, then one every `reportEveryMs` while it still waits. The first look is
 * `firstLookMs` after the start, so a run that is over by then never opens the second connection. On a
 * single-connection client (PGlite: one process, so no other holder) it watches nothing.
 */
export async function watchLockWaits(
  knex: Knex,
  trx: Knex.Transaction,
  options: LockWaitOptions,
): Promise<LockWatch> {
  const { log, reportEveryMs = 5_000, pollMs = 500, firstLookMs = 1_000, timeoutSeconds } = options;
  const { label = 'seed', setting = 'SEED_LOCK_TIMEOUT' } = options;
  let last: LockHolder | undefined;
  let phase: string | undefined;
  const waitingFor = (what: string | undefined) => {
    phase = what;
  };
  if (!hasSpareConnection(knex)) return { lastHolder: () => last, waitingFor, stop: async () => {} };
  const started = Date.now();
  let blindAt = 0;
  const { rows: me } = await trx.raw('SELECT pg_backend_pid() AS pid');
  const pid = Number(me[0].pid);

  let stopped = false;
  let waitStarted = 0;
  let reportedAt = 0;
  let reportedKey = '';
  let wake: (() => void) | undefined;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      wake = resolve;
      setTimeout(resolve, ms).unref();
    });
  const look = async () => {
    const holder = await lookForHolder(knex, pid);
    const now = Date.now();
    if (!holder) {
      waitStarted = 0;
      reportedKey = '';
      return;
    }
    last = holder;
    if (waitStarted === 0) waitStarted = now;
    const key = `${last.pid}/${last.lock}`;
    if (key === reportedKey && now - reportedAt < reportEveryMs) return;
    reportedKey = key;
    reportedAt = now;
    log?.(waitingLine(label, last, now - waitStarted, timeoutSeconds, setting));
  };
  // No connection to look from (CONNECTION LIMIT, a full server): say so at once, then every reportEveryMs.
  const blind = () => {
    const now = Date.now();
    if (blindAt !== 0 && now - blindAt < reportEveryMs) return;
    blindAt = now;
    log?.(blindLine(label, phase, now - started, timeoutSeconds, setting));
  };
  const loop = (async () => {
    await pause(firstLookMs);
    while (!stopped) {
      // A failed look is not the run's failure (the run reports its own errors); one for want of a
      // connection gets the fallback line.
      await look().catch((error) => {
        if (!stopped && noSpareConnection(error)) blind();
      });
      if (!stopped) await pause(pollMs);
    }
  })();
  return {
    lastHolder: () => last,
    waitingFor,
    stop: async () => {
      stopped = true;
      wake?.();
      await loop;
    },
  };
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
