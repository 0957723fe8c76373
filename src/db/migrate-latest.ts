import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Knex } from 'knex';
import { SeedError } from '../errors';
import { PROJECT_ROOT } from '../project-env';
import { throwIfStopRequested } from '../stop-request';
import {
  activeMigration,
  hiddenKnexTablesError,
  isMigrationLocked,
  MigrationFailure,
  migrateRaceReason,
} from './migrate-errors';
import {
  readLockTable,
  repairedLine,
  repairRaceLeftover,
  stuckLockAdvice,
  withMigrateLock,
} from './migrate-lock';

/** The migration files knex runs (knexfile: migrations/, `.ts` and `.js`), by the name knex records. */
export function migrationFiles(directory: string = path.join(PROJECT_ROOT, 'migrations')): string[] {
  return fs
    .readdirSync(directory)
    .filter((file) => /\.(ts|js)$/.test(file))
    .sort();
}

/**
 * True when knex_migrations records exactly the migration files: nothing to do. Needs only SELECT on
 * knex_migrations, where knex's own `migrate:latest` needs to see both of its tables and to UPDATE its lock
 * row even when nothing is pending: so a role that only seeds can boot the entrypoint on a migrated database.
 */
export async function migrationsUpToDate(knex: Knex): Promise<boolean> {
  const { rows } = await knex.raw(`SELECT to_regclass('knex_migrations') AS t`);
  if (!rows[0].t) return false;
  const applied: { name: string }[] = await knex('knex_migrations').select('name');
  const files = migrationFiles();
  const names = new Set(applied.map((m) => m.name));
  return names.size === files.length && files.every((file) => names.has(file));
}

/**
 * knex decides whether its tables exist through information_schema, which shows a role only the tables it
 * has a privilege on: for a role without one, "already exists" is no race, and a retry would fail the same way.
 */
async function assertKnexTablesVisible(knex: Knex): Promise<void> {
  const { rows } = await knex.raw(
    `SELECT t AS name, current_user AS user FROM unnest(ARRAY['knex_migrations', 'knex_migrations_lock']) AS t
     WHERE to_regclass(t) IS NOT NULL AND NOT has_table_privilege(to_regclass(t), 'SELECT')`,
  );
  if (rows.length === 0) return;
  const names = rows.map((r: { name: string }) => r.name).join(' and ');
  const [verb, it] = rows.length === 1 ? ['exists', 'it'] : ['exist', 'them'];
  throw new SeedError(
    'DB_PERMISSION_DENIED',
    `${names} ${verb} but user "${rows[0].user}" has no privilege on ${it}, so knex cannot see ${it} and ` +
      `tries to create ${it}: run migrations as the database owner`,
  );
}

/** Options of {@link migrateToLatest}. */
export interface MigrateOptions {
  /** How long to keep retrying a migrate that raced another one, in seconds (`DB_WAIT_TIMEOUT`). */
  retryForSeconds: number;
  /** Receives one line per retry. */
  log: (line: string) => void;
  /** The wait before each retry, in ms. Default 1000 (tests set it small). */
  retryEveryMs?: number;
}

/**
 * `knex migrate:latest` for `npm run migrate`, `npm run db:setup` and docker/entrypoint.sh (one mechanism):
 * nothing is locked or created when every migration has run. Otherwise it holds the migrate lock
 * (src/db/migrate-lock.ts) for the whole run, so replicas booting at once migrate one after another, and the
 * later ones find nothing to do. knex's lock table left with several unlocked rows (migrates that raced before
 * the migrate lock existed) is repaired, with one line to `log`. A migrate that finds knex's lock taken, or that
 * races a migrate without the migrate lock creating knex's own tables, is retried once a second for up to
 * `retryForSeconds`; then MIGRATE_LOCKED names the fix. Any other error is thrown at once. Returns the
 * migrations applied (none: up to date).
 */
export async function migrateToLatest(knex: Knex, options: MigrateOptions): Promise<string[]> {
  if (await migrationsUpToDate(knex)) return [];
  return withMigrateLock(knex, async () => {
    // Another replica may have migrated while this one waited for the lock.
    if (await migrationsUpToDate(knex)) return [];
    return retryingMigrate(knex, options);
  });
}

async function retryingMigrate(knex: Knex, options: MigrateOptions): Promise<string[]> {
  const deadline = Date.now() + options.retryForSeconds * 1000;
  let repaired = false;
  for (let attempt = 1; ; attempt++) {
    const migrator = knex.migrate; // a new Migrator on each access: this one knows the file that failed
    try {
      const [, applied]: [number, string[]] = await migrator.latest();
      return applied;
    } catch (error) {
      const why = migrateRaceReason(error);
      if (!why) {
        const failed = activeMigration(migrator);
        throw (
          (await hiddenKnexTablesError(knex, error)) ?? (failed ? new MigrationFailure(failed, error) : error)
        );
      }
      await assertKnexTablesVisible(knex);
      if (!repaired && isMigrationLocked(error)) {
        const leftover = await repairRaceLeftover(knex);
        if (leftover) {
          repaired = true;
          options.log(repairedLine('migrate', leftover));
          continue;
        }
      }
      if (Date.now() >= deadline) {
        const advice = isMigrationLocked(error)
          ? stuckLockAdvice(await readLockTable(knex))
          : 'if no other migration is running, run it again';
        throw new SeedError(
          'MIGRATE_LOCKED',
          `${why}; gave up after ${options.retryForSeconds} s (DB_WAIT_TIMEOUT): ${advice}`,
          { cause: error },
        );
      }
      const every = options.retryEveryMs ?? 1000;
      throwIfStopRequested('waiting to retry the migrate');
      options.log(`migrate: ${why}; retry ${attempt} in ${every / 1000} s`);
      await sleep(every);
      throwIfStopRequested('waiting to retry the migrate');
    }
  }
}
