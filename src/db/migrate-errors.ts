import type { Knex } from 'knex';
import { isSeedError, SeedError } from '../errors';
import type { DatabaseTarget } from './database-target';
import { describeError, driverMessage } from './describe-error';
import { accessFacts, missingGrants } from './schema-check';

/** Codes of {@link describeError} that mean the same under migrate: the connection, the target, the setup. */
const KEPT = /^(CONFIG_|DB_(?!PERMISSION)|PGLITE_|MIGRATE_)/;

/** The innermost error knex or a wrapper kept (`cause`, knex's `original`). */
function rootOf(error: unknown): unknown {
  let current = error;
  for (let depth = 0; depth < 5; depth++) {
    const next =
      (current as { original?: unknown } | null)?.original ?? (current as { cause?: unknown } | null)?.cause;
    if (!next) break;
    current = next;
  }
  return current;
}

/** True when knex found its migration lock taken ("Migration table is already locked"), even wrapped. */
export function isMigrationLocked(error: unknown): boolean {
  return ([error, rootOf(error)] as { name?: string; message?: string }[]).some(
    (e) =>
      e?.name === 'MigrationLocked' || /Migration table is already locked/.test(String(e?.message ?? '')),
  );
}

/**
 * Why a migrate failed because another migrate ran at the same moment (a retry will succeed), or undefined:
 * knex's migration lock taken, or two processes creating knex's own tables on a database that had none
 * (`relation "knex_migrations_lock" already exists`, `duplicate key ... "pg_type_typname_nsp_index"`).
 */
export function migrateRaceReason(error: unknown): string | undefined {
  if (isMigrationLocked(error)) return 'the migration lock is taken (another replica migrating?)';
  for (const e of [error, rootOf(error)] as { name?: string; message?: string }[]) {
    const message = String(e?.message ?? '');
    if (/create table "knex_migrations/.test(message) && /already exists|duplicate key value/.test(message))
      return "another replica created knex's migration tables at the same moment";
  }
  return undefined;
}

/**
 * A migration's failure, with the file knex was running: `npm run migrate` names it as `knex migrate:*` does.
 * `original` is the error itself, where the runner looks for a lock wait's timeout (as on knex's own errors).
 */
export class MigrationFailure extends Error {
  constructor(
    readonly migration: string,
    readonly original: unknown,
  ) {
    super(`migration ${migration} failed`, { cause: original });
    this.name = 'MigrationFailure';
  }
}

/** What knex keeps on a Migrator (untyped): the migration file it is running. */
type MigratorState = { _activeMigration?: { fileName?: string } };

/** The migration file `migrator` was running when it failed, if any. */
export function activeMigration(migrator: Knex.Migrator | MigratorState): string | undefined {
  return (migrator as MigratorState)._activeMigration?.fileName;
}

/**
 * A migrate failure as one {@link SeedError} line with the fix, like the seed's errors: the GRANT for a
 * missing privilege, what to do about a taken lock, which migration failed and that it was rolled back.
 */
export function describeMigrateError(error: unknown, target: DatabaseTarget, migration?: string): SeedError {
  if (error instanceof MigrationFailure) return describeMigrateError(error.original, target, error.migration);
  if (isSeedError(error)) return error;
  const root = (rootOf(error) ?? {}) as { code?: string; message?: string };
  const message = String(root.message ?? root);
  const user = target.kind === 'postgres' ? target.user : 'postgres';
  const race = migrateRaceReason(error);
  if (race?.startsWith('the migration lock')) {
    return new SeedError(
      'MIGRATE_LOCKED',
      'the migration lock is taken (another migrate running?): wait for it to finish; if none is running, ' +
        'run `npx knex migrate:unlock`',
      { cause: error },
    );
  }
  if (race) {
    return new SeedError(
      'MIGRATE_LOCKED',
      "another migrate created knex's migration tables at the same moment; nothing was applied: run it again " +
        '(`npm run migrate` and the Docker entrypoint retry this by themselves)',
      { cause: error },
    );
  }
  if (root.code === '55P03') {
    return new SeedError(
      'MIGRATE_LOCKED',
      `${migration ? `migration ${migration}` : 'a migration'} waited the longest lock wait (DB_WAIT_TIMEOUT) for a ` +
        'lock another session holds; it was rolled back: let that session finish (`npm run migrate` names it) ' +
        'and run it again, or raise DB_WAIT_TIMEOUT',
      { cause: error },
    );
  }
  const corrupt = /migration directory is corrupt, the following files are missing: (.*)/.exec(message);
  if (corrupt) {
    return new SeedError(
      'MIGRATE_FAILED',
      `the database has run migrations that are not in migrations/ (${corrupt[1]}): restore those files ` +
        '(check out the code that added them), or point DATABASE_URL at the database this code belongs to',
      { cause: error },
    );
  }
  if (root.code === '42501') {
    const denied = driverMessage(root);
    const schema = /permission denied for schema (\S+)/.exec(denied)?.[1];
    if (schema) {
      return new SeedError(
        'DB_PERMISSION_DENIED',
        `${denied} (user "${user}"): migrations create tables: run them as the database owner, or ` +
          `GRANT CREATE ON SCHEMA ${schema} TO ${user}`,
        { cause: error },
      );
    }
    if (/knex_migrations/.test(denied)) {
      return new SeedError(
        'DB_PERMISSION_DENIED',
        `${denied} (user "${user}"): run migrations as the database owner; a role that only seeds needs ` +
          `GRANT SELECT ON knex_migrations TO ${user} to see that they have run (README, Least privilege)`,
        { cause: error },
      );
    }
    return new SeedError(
      'DB_PERMISSION_DENIED',
      `${denied} (user "${user}"): migrations need the owner of the tables: run them as that role`,
      { cause: error },
    );
  }
  const described = describeError(error, target);
  if (KEPT.test(described.code)) return described;
  const code = root.code ? ` (${root.code})` : '';
  const first = driverMessage(root);
  return new SeedError(
    'MIGRATE_FAILED',
    `${migration ? `migration ${migration} failed` : 'migrate failed'}: ${first}${code}; it was rolled back: ` +
      'fix the cause (DEBUG=1 shows the stack) and run it again',
    { cause: error },
  );
}

/**
 * A permission error of knex's migrator explained by the server, or undefined: knex looks for its own tables in
 * information_schema, which hides a table the role has no privilege on (and every table of a schema it has no
 * USAGE on), so it takes them for missing, tries to create them, and fails ("permission denied for schema", or
 * "no schema has been selected to create in") while they exist and migrations may all have run. Asks
 * pg_catalog whether they exist and what the role lacks.
 */
export async function hiddenKnexTablesError(knex: Knex, error: unknown): Promise<SeedError | undefined> {
  // 42501: "permission denied for schema"; 3F000: no schema of the search path is usable to create in.
  const code = (rootOf(error) as { code?: string } | null)?.code;
  if (code !== '42501' && code !== '3F000') return undefined;
  const facts = await accessFacts(knex, ['knex_migrations', 'knex_migrations_lock'], ['SELECT']).catch(
    () => undefined,
  );
  const hidden = facts?.tables.filter((t) => t.schema !== null && (!t.schemaUsage || t.lacking.length > 0));
  if (!facts || !hidden || hidden.length === 0) return undefined;
  const grants = missingGrants({ user: facts.user, tables: hidden });
  const names = hidden.map((t) => t.name).join(' and ');
  return new SeedError(
    'DB_PERMISSION_DENIED',
    `${names} ${hidden.length === 1 ? 'exists' : 'exist'} but user "${facts.user}" lacks ${grants?.lacks}, so ` +
      'knex cannot see its tables and took them for missing; nothing was applied: run migrations as the ' +
      `database owner (only to list them: ${grants?.statements.map((s) => `${s};`).join(' ')})`,
    { cause: error },
  );
}

type MigratorMethod = (this: MigratorState & { knex?: Knex }, ...args: unknown[]) => unknown;

/** The knex Migrator methods the CLI's `migrate:*` commands call. */
const METHODS = [
  'latest',
  'up',
  'down',
  'rollback',
  'status',
  'currentVersion',
  'list',
  'forceFreeMigrationsLock',
] as const;

/**
 * Makes `knex migrate:*` fail with the project's one line instead of knex's stack: the knex CLI prints a
 * thrown error's `stack`, which a {@link SeedError} keeps to `CODE: message`. knex offers no hook for this, so
 * the Migrator's public methods are wrapped, once, in the CLI process only (knexfile.ts).
 */
export function reportMigrateErrorsAsOneLine(target: DatabaseTarget): void {
  // biome-ignore lint/suspicious/noExplicitAny: knex's Migrator is untyped JavaScript.
  const { Migrator } = require('knex/lib/migrations/migrate/Migrator') as { Migrator: any };
  if (Migrator.oneLineErrors) return;
  Migrator.oneLineErrors = true;
  for (const name of METHODS) {
    const original: MigratorMethod = Migrator.prototype[name];
    Migrator.prototype[name] = async function (this: ThisParameterType<MigratorMethod>, ...args: unknown[]) {
      try {
        return await original.apply(this, args);
      } catch (error) {
        const hidden = this.knex ? await hiddenKnexTablesError(this.knex, error) : undefined;
        throw hidden ?? describeMigrateError(error, target, activeMigration(this));
      }
    };
  }
}
