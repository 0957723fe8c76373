import { randomBytes } from 'node:crypto';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import type { DatabaseTarget } from '../../src/db/database-target';
import { knexConfig } from '../../src/db/knex-config';
import { copyPGliteTemplate } from './pglite-template';
import { removeScratchDirectory, scratchDirectory } from './scratch-dirs';
import { createServerDatabase, serverTarget } from './server-template';

export { copyPGliteTemplate };

/** The server the suites use; each test file makes and drops its own database on it. */
export const ADMIN_URL = process.env.TEST_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export type TargetKind = 'postgres' | 'pglite';

/** In CI (or with TEST_REQUIRE_SERVER=true) a missing server fails the suite instead of skipping it. */
export const SERVER_REQUIRED = process.env.CI === 'true' || process.env.TEST_REQUIRE_SERVER === 'true';

/** True when the test server answers; throws when it is required (CI) and does not. */
export async function serverAvailable(): Promise<boolean> {
  let serverUp = false;
  const admin = knexFactory({
    client: 'pg',
    connection: { connectionString: ADMIN_URL, connectionTimeoutMillis: 3000 },
  });
  try {
    await admin.raw('SELECT 1');
    serverUp = true;
  } catch (error) {
    if (SERVER_REQUIRED)
      throw new Error(`PostgreSQL at ${new URL(ADMIN_URL).host} is required (CI) but unreachable: ${error}`);
    serverUp = false;
  } finally {
    await admin.destroy();
  }
  return serverUp;
}

/** The targets a suite runs on: TEST_TARGETS (default "postgres,pglite"). */
export function targetKinds(): TargetKind[] {
  return (process.env.TEST_TARGETS ?? 'postgres,pglite').split(',').map((t) => t.trim()) as TargetKind[];
}

/** A fresh, empty database of its own for one test file, and how to reach and drop it. */
export interface ScratchDatabase {
  kind: TargetKind;
  target: DatabaseTarget;
  /** Environment that points the knex CLI at this database. */
  env: Record<string, string>;
  /** This file's knex instance (one per database; made on first use). */
  knex(): Knex;
  /** Closes the knex instance, e.g. so a child process can open the PGlite directory; knex() makes a new one. */
  release(): Promise<void>;
  drop(): Promise<void>;
}

/** Options of {@link createScratchDatabase}. */
export interface ScratchOptions {
  /**
   * Every migration of migrations/ applied before the file's first test: the database is a copy of the run's
   * migrated template (test/support/pglite-template.ts, server-template.ts), or, without one, migrated here.
   */
  migrated?: boolean;
}

export async function createScratchDatabase(
  kind: TargetKind,
  label: string,
  options: ScratchOptions = {},
): Promise<ScratchDatabase> {
  const { database, fromTemplate } = await newScratchDatabase(kind, label, options);
  // A template is made from every migration of migrations/ (keyed by their content): nothing left to apply, and
  // knex's look at knex_migrations that says so costs 0.13 s of CPU on PGlite.
  if (options.migrated && !fromTemplate) await database.knex().migrate.latest();
  return database;
}

async function newScratchDatabase(
  kind: TargetKind,
  label: string,
  options: ScratchOptions,
): Promise<{ database: ScratchDatabase; fromTemplate: boolean }> {
  // PostgreSQL cuts names at 63 bytes: the label is cut, never the random part, so two runs never share a name.
  const suffix = `${label
    .replace(/[^a-z0-9]/gi, '_')
    .toLowerCase()
    .slice(0, 40)}_${randomBytes(4).toString('hex')}`;
  // One knex per database: a second instance on a PGlite directory would wait for the first one's lock.
  let instance: Knex | undefined;
  const make = (target: DatabaseTarget) => () => {
    instance ??= knexFactory(knexConfig(target));
    return instance;
  };
  const destroyAll = async () => {
    await instance?.destroy();
    instance = undefined;
  };

  if (kind === 'pglite') {
    const dir = scratchDirectory(`jps-${suffix}-`);
    const dataDir = path.join(dir, 'pgdata');
    const fromTemplate = copyPGliteTemplate(dataDir, options.migrated);
    const target: DatabaseTarget = { kind, dataDir, lockTimeoutMs: 60_000, describe: dataDir };
    const database: ScratchDatabase = {
      kind,
      target,
      env: { PGLITE_DIR: dataDir, DATABASE_URL: '' },
      knex: make(target),
      release: destroyAll,
      drop: async () => {
        await destroyAll();
        removeScratchDirectory(dir);
      },
    };
    return { database, fromTemplate };
  }

  const database = `jps_${suffix}`;
  const admin = knexFactory({ client: 'pg', connection: ADMIN_URL });
  let fromTemplate: boolean;
  try {
    fromTemplate = await createServerDatabase(admin, database, options.migrated === true);
    // A scratch database is dropped after its file: no commit of it needs to wait for its WAL flush.
    await admin.raw('ALTER DATABASE ?? SET synchronous_commit = off', [database]);
  } finally {
    await admin.destroy();
  }
  const target = serverTarget(ADMIN_URL, database);
  const scratch: ScratchDatabase = {
    kind,
    target,
    env: { DATABASE_URL: target.connectionString },
    knex: make(target),
    release: destroyAll,
    drop: async () => {
      await destroyAll();
      const a = knexFactory({ client: 'pg', connection: ADMIN_URL });
      await a.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [database]);
      await a.destroy();
    },
  };
  return { database: scratch, fromTemplate };
}

/**
 * Declares `fn`'s tests once per target (of `kinds`: all by default), each with its own scratch database.
 * test/support/global-setup.ts removes the server target outside CI when no server runs; in CI its absence fails
 * the run.
 */
export function describeEachTarget(
  name: string,
  fn: (db: () => ScratchDatabase) => void,
  options: ScratchOptions = {},
  kinds: TargetKind[] = targetKinds(),
): void {
  for (const kind of kinds) {
    describe(`${name} [${kind}]`, () => {
      let db: ScratchDatabase | undefined;
      beforeAll(async () => {
        db = await createScratchDatabase(kind, name, options);
      });
      afterAll(async () => {
        await db?.drop();
      });
      fn(() => {
        if (!db) throw new Error('database not created');
        return db;
      });
    });
  }
}

/** A knex of its own for one look at the database, closed after (on PGlite this frees the directory). */
export async function inspect<T>(target: DatabaseTarget, fn: (knex: Knex) => Promise<T>): Promise<T> {
  const knex = knexFactory(knexConfig(target));
  try {
    return await fn(knex);
  } finally {
    await knex.destroy();
  }
}

/** {@link describeEachTarget} on databases with every migration applied (a migrated copy on PGlite). */
export function describeEachMigratedTarget(
  name: string,
  fn: (db: () => ScratchDatabase) => void,
  kinds: TargetKind[] = targetKinds(),
): void {
  describeEachTarget(name, fn, { migrated: true }, kinds);
}
