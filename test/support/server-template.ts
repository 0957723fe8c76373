import { randomBytes } from 'node:crypto';
import knexFactory, { type Knex } from 'knex';
import type { DatabaseTarget } from '../../src/db/database-target';
import { knexConfig } from '../../src/db/knex-config';
import { migrationsHash } from './pglite-template';

/**
 * Files that start migrated ran every migration on each new server database (a knex migrate.latest). The global
 * setup migrates one database per migrations' content, `jps_tmpl_migrated_<hash>`, and each such file's
 * database is a `CREATE DATABASE ... TEMPLATE` copy of it. Nothing ever connects to a finished template
 * (PostgreSQL copies one only while no session is on it): it is made under a name of its own and renamed into
 * place once migrated and closed. Default strategy (WAL_LOG from PostgreSQL 15, a file copy before): FILE_COPY
 * took 0.85-1.1 s of wall here (two checkpoints), WAL_LOG 0.3-0.9 s.
 */
type ServerTarget = Extract<DatabaseTarget, { kind: 'postgres' }>;

const TEMPLATE_ENV = 'TEST_SERVER_MIGRATED_TEMPLATE';
const TEMPLATE = /^jps_tmpl_migrated_[0-9a-f]{12}$/;

/** The knex target of one database on the server at `adminUrl`. */
export function serverTarget(adminUrl: string, database: string): ServerTarget {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return {
    kind: 'postgres',
    connectionString: url.toString(),
    host: url.hostname,
    port: Number(url.port || 5432),
    database,
    user: decodeURIComponent(url.username) || 'postgres',
    ssl: undefined,
    connectTimeoutMs: 5000,
    describe: database,
  };
}

/**
 * A template of other migrations is dropped once no run has used it for this long: checkouts on different
 * migrations (branches, worktrees) share the server, and dropping theirs at once made each fall back to migrating.
 */
const STALE_MS = 60 * 60_000;

/**
 * Global setup: makes the migrated template unless it is there, marks it used now (its comment), drops templates
 * of other migrations unused for an hour (a run still on one falls back to migrating), and tells the test files
 * its name.
 */
export async function prepareServerTemplate(adminUrl: string): Promise<void> {
  const name = `jps_tmpl_migrated_${migrationsHash().slice(0, 12)}`;
  const admin = knexFactory({ client: 'pg', connection: adminUrl });
  try {
    for (const { datname, usedAt } of await templates(admin)) {
      if (datname === name || !TEMPLATE.test(datname) || Date.now() - usedAt < STALE_MS) continue;
      await admin.raw('DROP DATABASE IF EXISTS ??', [datname]).catch(() => undefined);
    }
    if ((await templates(admin)).some((t) => t.datname === name)) await markUsed(admin, name);
    else await build(admin, adminUrl, name);
    process.env[TEMPLATE_ENV] = name;
  } finally {
    await admin.destroy();
  }
}

async function templates(admin: Knex): Promise<{ datname: string; usedAt: number }[]> {
  const { rows } = await admin.raw<{ rows: { datname: string; comment: string | null }[] }>(
    `SELECT datname, shobj_description(oid, 'pg_database') AS comment
       FROM pg_database WHERE datname LIKE 'jps\\_tmpl\\_%'`,
  );
  return rows.map((r) => ({ datname: r.datname, usedAt: Number(r.comment) || 0 }));
}

/** The database's comment is when a run last used it (milliseconds; a utility statement takes no parameters). */
async function markUsed(admin: Knex, database: string): Promise<void> {
  await admin.raw(`COMMENT ON DATABASE ?? IS '${Date.now()}'`, [database]).catch(() => undefined);
}

/** Migrates a database of its own and renames it to `name` (when another run did first, theirs is kept). */
async function build(admin: Knex, adminUrl: string, name: string): Promise<void> {
  const work = `jps_tmpl_work_${randomBytes(4).toString('hex')}`;
  await admin.raw('CREATE DATABASE ??', [work]);
  try {
    const knex = knexFactory(knexConfig(serverTarget(adminUrl, work)));
    try {
      await knex.migrate.latest();
    } finally {
      await knex.destroy();
    }
    await markUsed(admin, work); // before its name makes it a template: never unmarked, never taken for stale
    // A closed connection's server process may still be ending: RENAME needs none on the database.
    await admin.raw(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()',
      [work],
    );
    await admin.raw('ALTER DATABASE ?? RENAME TO ??', [work, name]).catch(async (error) => {
      if (!(await templates(admin)).some((t) => t.datname === name)) throw error;
    });
  } finally {
    await admin.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [work]);
  }
}

/**
 * Creates `database` for a test file: a copy of the migrated template when `migrated` and there is one, else
 * empty (as when a run on other migrations dropped the template meanwhile: the file then migrates it). True when
 * copied.
 */
export async function createServerDatabase(
  admin: Knex,
  database: string,
  migrated: boolean,
): Promise<boolean> {
  const template = migrated ? process.env[TEMPLATE_ENV] : undefined;
  if (template) {
    try {
      await admin.raw('CREATE DATABASE ?? TEMPLATE ??', [database, template]);
      return true;
    } catch (error) {
      // 3D000: no such template; 55006: a session is on it.
      if (!['3D000', '55006'].includes((error as { code?: string }).code ?? '')) throw error;
    }
  }
  await admin.raw('CREATE DATABASE ??', [database]);
  return false;
}
