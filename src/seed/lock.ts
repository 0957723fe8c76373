import type { Knex } from 'knex';

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
