// The migrate lock: one migrate of this project at a time on a database (a PostgreSQL advisory lock), and the
// repair of what knex's own lock table keeps when migrates raced before there was one.

import type { Knex } from 'knex';
import { isMigrationLocked } from './migrate-errors';
import { ident, query, type Sql, sql } from './sql';

/**
 * The advisory lock key every migrate of this project holds for its whole run: the first 8 bytes of
 * sha256('job-postings-seed migrate') as a signed bigint. The seed's key is sha256('job-postings-seed')'s
 * (src/seed/locks.ts), and both are far from other tools' small integer keys (node-pg-migrate, graphile-migrate).
 */
export const MIGRATE_LOCK_KEY = '6605767793110500548';

/** knex's lock table (the knexfile keeps knex's default migration table name and schema). */
export const KNEX_LOCK_TABLE = 'knex_migrations_lock';

/** True when `knex` has one connection only (PGlite): one session, and one process owns the database. */
function singleConnection(knex: Knex): boolean {
  // biome-ignore lint/suspicious/noExplicitAny: the pool settings are not part of knex's public types.
  const client = knex.client as any;
  return (client.pool?.max ?? client.config?.pool?.max ?? 10) <= 1;
}

/**
 * True when the server lets this role have one session at a time on this database (a CONNECTION LIMIT of 1 on
 * the role or the database, superusers aside): then the lock's connection would take the one the migrate needs,
 * and no second migrate of this role can be connected beside this one, so there is nothing to serialize. (A
 * migrate by a superuser or another role at the same moment on an empty database could still race this one on
 * knex's lock table; the next migrate repairs what that leaves: {@link keepOneLockRowSql}.)
 */
export async function oneSessionAllowed(knex: Knex): Promise<boolean> {
  const { rows } = await query<{ one: boolean }>(knex, oneSessionAllowedSql());
  return rows[0]?.one === true;
}

/** The statement behind {@link oneSessionAllowed}: the role's and the database's connection limits. */
export function oneSessionAllowedSql(): Sql {
  return sql`SELECT NOT r.rolsuper AND (r.rolconnlimit BETWEEN 0 AND ${1} OR d.datconnlimit BETWEEN 0 AND ${1}) AS one
    FROM pg_roles r, pg_database d WHERE r.rolname = current_user AND d.datname = current_database()`;
}

/**
 * Runs `fn` holding the migrate lock, taken in a transaction on a connection of its own and released with it
 * (a killed process never leaves it held): two migrates never run knex's "create the lock table if missing, add
 * a row if it is empty" at once, which can leave the table with two rows and every later migrate "already
 * locked". The wait for it is a lock wait like any other: bounded by the session's `lock_timeout`
 * (DB_WAIT_TIMEOUT for the commands that migrate) and named by the command's watcher ("waiting for the migrate
 * lock, held by pid ..."). On one connection (PGlite, whose directory one process owns) there is nothing to
 * serialize, and the transaction would take the connection the migrate needs: `fn` runs as it is. The lock's
 * session is idle in its transaction while `fn` migrates on other connections, so it turns off
 * `idle_in_transaction_session_timeout` for that transaction: a server that sets it would otherwise end the session
 * mid-migrate and free the lock early (knex does not even report it: the commit on the dead session "succeeds").
 */
export async function withMigrateLock<T>(knex: Knex, fn: () => Promise<T>): Promise<T> {
  if (singleConnection(knex) || (await oneSessionAllowed(knex))) return fn();
  const trx = await knex.transaction();
  try {
    await trx.raw("SELECT set_config('idle_in_transaction_session_timeout', '0', true)");
    await trx.raw('SELECT pg_advisory_xact_lock(?::bigint)', [MIGRATE_LOCK_KEY]);
    const result = await fn();
    await trx.commit();
    return result;
  } finally {
    if (!trx.isCompleted()) await trx.rollback().catch(() => undefined);
  }
}

/** What knex's lock table holds: how many rows, and how many of them say a migration is running. */
export interface LockTableState {
  rows: number;
  locked: number;
}

/** The statement that reads {@link LockTableState}. */
export function lockTableStateSql(table: string = KNEX_LOCK_TABLE): Sql {
  return sql`SELECT count(*)::int AS rows, count(*) FILTER (WHERE ${ident('is_locked')} <> 0)::int AS locked FROM ${ident(table)}`;
}

/** The statements that leave exactly one row, the first one, unlocked: run in one transaction. */
export function keepOneLockRowSql(table: string = KNEX_LOCK_TABLE): Sql[] {
  return [
    // No other session reads or changes the table until the repair commits.
    sql`LOCK TABLE ${ident(table)} IN ACCESS EXCLUSIVE MODE`,
    sql`DELETE FROM ${ident(table)} WHERE ${ident('index')} <> (SELECT min(${ident('index')}) FROM ${ident(table)})`,
    sql`UPDATE ${ident(table)} SET ${ident('is_locked')} = ${0}`,
  ];
}

/** knex's lock table as it is now (undefined: it does not exist). */
export async function readLockTable(knex: Knex | Knex.Transaction): Promise<LockTableState | undefined> {
  const { rows } = await knex.raw('SELECT to_regclass(?) AS t', [KNEX_LOCK_TABLE]);
  if (!rows[0].t) return undefined;
  return (await query<LockTableState>(knex, lockTableStateSql())).rows[0];
}

/**
 * True for the state only migrates that raced on an empty database leave: more than one row, none locked. knex
 * takes its lock by setting is_locked on the one row it expects, and with two rows it cannot, however long it
 * waits; no migration is running (none could take the lock). Any locked row is a migration's, running or killed.
 */
export function isRaceLeftover(state: LockTableState | undefined): state is LockTableState {
  return state !== undefined && state.rows > 1 && state.locked === 0;
}

/**
 * Repairs a race's leftover ({@link isRaceLeftover}) in one transaction, the table locked: exactly one row stays,
 * unlocked. Call it holding the migrate lock. Returns the state repaired, or undefined when there was nothing
 * to repair (the state is read again under the table lock).
 */
export async function repairRaceLeftover(knex: Knex): Promise<LockTableState | undefined> {
  return knex.transaction(async (trx) => {
    const [lock, ...repair] = keepOneLockRowSql();
    await query(trx, lock);
    const state = await readLockTable(trx);
    if (!isRaceLeftover(state)) return undefined;
    for (const statement of repair) await query(trx, statement);
    return state;
  });
}

/**
 * Runs `run` (a knex migrate command); when knex finds its lock taken because of a race's leftover, repairs it,
 * says so in one line to `log`, and runs it once more. `locked` runs the repair holding the migrate lock, for a
 * caller that does not hold it already. Any other error, or a lock really taken, is thrown as it is.
 */
export async function repairingRaceLeftover<T>(
  knex: Knex,
  options: { label: string; log: (line: string) => void; locked?: <R>(fn: () => Promise<R>) => Promise<R> },
  run: () => Promise<T>,
): Promise<T> {
  const { label, log, locked = (fn) => fn() } = options;
  try {
    return await run();
  } catch (error) {
    if (!isMigrationLocked(error)) throw error;
    const leftover = await locked(() => repairRaceLeftover(knex));
    if (!leftover) throw error;
    log(repairedLine(label, leftover));
    return run();
  }
}

/** The one line a migrate prints when it repaired a race's leftover. */
export function repairedLine(label: string, state: LockTableState): string {
  return (
    `${label}: ${KNEX_LOCK_TABLE} had ${state.rows} rows, none locked (left by migrates that raced on an empty ` +
    'database, before the migrate lock): kept one, unlocked; migrating'
  );
}

/**
 * What to do about knex's lock that stays taken, from its table's state: the fix a MIGRATE_LOCKED error names.
 * `npx knex migrate:unlock` deletes every row and adds one unlocked row, whatever the state.
 */
export function stuckLockAdvice(state: LockTableState | undefined): string {
  if (state && state.rows !== 1)
    return (
      `${KNEX_LOCK_TABLE} has ${state.rows} rows (${state.locked} locked) where knex expects one: if no other ` +
      'migration is running, run `npx knex migrate:unlock` (it leaves one unlocked row), then migrate again'
    );
  return (
    `${KNEX_LOCK_TABLE} says a migration is running: if none is (a migrate killed while it ran leaves it so), ` +
    'run `npx knex migrate:unlock`, then migrate again'
  );
}
