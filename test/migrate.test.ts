import { randomBytes } from 'node:crypto';
import knexFactory, { type Knex } from 'knex';
import { main as migrate } from '../scripts/migrate';
import { readDatabaseTarget } from '../src/config';
import { CURATED_POSTINGS } from '../src/data/curated';
import { knexConfig } from '../src/db/knex-config';
import { describeMigrateError } from '../src/db/migrate-errors';
import { migrationFiles } from '../src/db/migrate-latest';
import { type CliResult, expectCleanFailure, inProcess, knexCli, PASSWORD } from './support/cli';
import {
  ADMIN_URL,
  createScratchDatabase,
  describeEachTarget,
  type ScratchDatabase,
  targetKinds,
} from './support/databases';
import { countRows, seedFile } from './support/seeding';
import { describeServer } from './support/suites';
import { waitFor } from './support/wait';

/** Every migration of the project, applied by one successful migrate. */
const MIGRATIONS = migrationFiles().length;

/** Issue 8, scenario 6: `knex migrate:*` speaks the project's language; one retrying migrate for all. */

/**
 * scripts/migrate.ts as `npm run migrate` (and `db:setup`, and docker/entrypoint.sh) runs it, in-process through
 * its main. The watcher's lines (a lock wait naming its holder) are left out: these tests are about the retries.
 */
function npmMigrate(env: Record<string, string>, onStderr?: (stderr: string) => void): Promise<CliResult> {
  // Retries 50 ms apart, not a second (the default, and its words: test/entrypoint.test.ts).
  return inProcess((options) => migrate({ ...options, retryEveryMs: 50 }), env, {
    onStderr,
    omit: /^migrate: waiting for /,
  });
}

/** A fresh database for one test, dropped after it: each test sets up the state it needs. */
async function withDatabase(fn: (db: ScratchDatabase) => Promise<void>): Promise<void> {
  const db = await createScratchDatabase('postgres', 'migrate');
  try {
    await fn(db);
  } finally {
    await db.drop();
  }
}

/** A login role of its own (trust auth: the password in the URL is not checked, only never printed). */
async function withRole(
  db: ScratchDatabase,
  fn: (role: string, env: Record<string, string>) => Promise<void>,
): Promise<void> {
  const role = `jps_role_${randomBytes(4).toString('hex')}`;
  const owner = db.knex();
  await owner.raw('CREATE ROLE ?? LOGIN', [role]);
  // PostgreSQL 15's default, made explicit: before 15 every role could create in the public schema.
  await owner.raw('REVOKE CREATE ON SCHEMA public FROM PUBLIC');
  const url = new URL(db.env.DATABASE_URL);
  url.username = role;
  url.password = PASSWORD;
  try {
    await fn(role, { DATABASE_URL: url.toString() });
  } finally {
    await db.drop();
    const admin = knexFactory({ client: 'pg', connection: ADMIN_URL });
    try {
      await admin.raw('DROP ROLE IF EXISTS ??', [role]);
    } finally {
      await admin.destroy();
    }
  }
}

/** How many of this project's connections to the database wait on a lock. */
async function lockWaiters(owner: Knex): Promise<number> {
  const { rows } = await owner.raw(
    `SELECT count(*) AS n FROM pg_stat_activity
     WHERE datname = current_database() AND application_name = 'job-postings-seed' AND wait_event_type = 'Lock'`,
  );
  return Number(rows[0].n);
}

/**
 * Another process creating knex's tables, caught between CREATE and COMMIT: `fn` runs while it holds them
 * uncommitted, then it commits, as the replica that wins the first-ever migrate does.
 */
async function whileAnotherMigrateCreatesKnexTables(owner: Knex, fn: () => Promise<void>): Promise<void> {
  let commit!: () => void;
  const gate = new Promise<void>((resolve) => {
    commit = resolve;
  });
  let created!: () => void;
  const tablesCreated = new Promise<void>((resolve) => {
    created = resolve;
  });
  const other = owner.transaction(async (trx) => {
    await trx.schema.createTable('knex_migrations', (t) => {
      t.increments();
      t.string('name');
      t.integer('batch');
      t.timestamp('migration_time');
    });
    await trx.schema.createTable('knex_migrations_lock', (t) => {
      t.increments('index').primary();
      t.integer('is_locked');
    });
    await trx('knex_migrations_lock').insert({ is_locked: 0 });
    created();
    await gate;
  });
  await tablesCreated;
  try {
    await fn();
  } finally {
    commit();
    await other;
  }
}

describeServer('migrate errors and the shared retrying migrate [postgres]', () => {
  // npm run migrate in-process; the knex CLI wraps its errors in the same describer (its one line as a process: a
  // failing migration, below).
  test('a role without CREATE on the schema: one DB_PERMISSION_DENIED line with the GRANT', async () => {
    await withRole(await createScratchDatabase('postgres', 'migrate'), async (role, asRole) => {
      const result = await npmMigrate(asRole);
      expectCleanFailure(
        result,
        new RegExp(
          `^DB_PERMISSION_DENIED: permission denied for schema public \\(user "${role}"\\): .*GRANT CREATE ON SCHEMA public TO ${role}$`,
          'm',
        ),
        PASSWORD,
      );
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    });
  });

  test('first-ever migrates racing: npm run migrate retries, knex migrate:latest says so in one line', async () => {
    await withDatabase(async (db) => {
      const owner = db.knex();
      let plain: Promise<CliResult> | undefined;
      let shared: Promise<CliResult> | undefined;
      await whileAnotherMigrateCreatesKnexTables(owner, async () => {
        // Both block on the other CREATE TABLE's catalog rows until it commits, then fail as in a real race.
        plain = knexCli(['migrate:latest'], db.env);
        await waitFor(
          'knex migrate:latest to block on the other CREATE TABLE',
          async () => (await lockWaiters(owner)) >= 1,
        );
        shared = npmMigrate(db.env);
        await waitFor('npm run migrate to block as well', async () => (await lockWaiters(owner)) >= 2);
      });
      const once = await (plain as Promise<CliResult>);
      expectCleanFailure(
        once,
        /^MIGRATE_LOCKED: another migrate created knex's migration tables at the same moment; nothing was applied: run it again/,
        PASSWORD,
      );
      expect(once.stderr.trim().split('\n')).toHaveLength(1);
      const retried = await (shared as Promise<CliResult>);
      expect({ code: retried.code, stderr: retried.stderr }).toEqual({
        code: 0,
        stderr:
          "migrate: another replica created knex's migration tables at the same moment; retry 1 in 0.05 s\n",
      });
      expect(retried.stdout).toMatch(new RegExp(`^Applied ${MIGRATIONS} migration\\(s\\)`, 'm'));
      const [{ n }] = await owner('knex_migrations').count({ n: '*' });
      expect(Number(n)).toBe(MIGRATIONS);
    });
  });

  test('a taken migration lock: npm run migrate retries until it is free', async () => {
    await withDatabase(async (db) => {
      const owner = db.knex();
      await owner.migrate.latest();
      await owner.migrate.rollback(undefined, true);
      await owner('knex_migrations_lock').update({ is_locked: 1 });

      // Freed once npm run migrate has said it is waiting: a condition, not a time. (knex queries are lazy:
      // then() sends it now.)
      let freed: Promise<unknown> | undefined;
      const shared = await npmMigrate(db.env, (stderr) => {
        if (!freed && /retry 1 in 0\.05 s/.test(stderr))
          freed = owner('knex_migrations_lock')
            .update({ is_locked: 0 })
            .then(() => undefined);
      });
      await freed;
      expect(shared.code).toBe(0);
      expect(shared.stderr).toMatch(
        /^migrate: the migration lock is taken \(another replica migrating\?\); retry 1 in 0\.05 s$/m,
      );
      expect(shared.stdout).toMatch(new RegExp(`^Applied ${MIGRATIONS} migration\\(s\\)`, 'm'));
    });
  });

  // The boot's steps as that role, in-process: its migrate (scripts/migrate.ts) and its seed (the seed file). That
  // the entrypoint runs them, and a failed step ends the boot before the app starts: test/entrypoint.test.ts.
  test("the README's least-privilege seeder runs the boot's migrate and seed on a migrated database (with SELECT on knex_migrations)", async () => {
    const db = await createScratchDatabase('postgres', 'migrate');
    await withRole(db, async (role, asRole) => {
      if (db.target.kind !== 'postgres') throw new Error('expected a server target');
      const owner = db.knex();
      await owner.migrate.latest();
      // Exactly the README's grants, nothing inherited from PUBLIC.
      await owner.raw('REVOKE ALL ON DATABASE ?? FROM PUBLIC', [db.target.database]);
      await owner.raw('REVOKE ALL ON SCHEMA public FROM PUBLIC');
      await owner.raw('GRANT CONNECT, TEMPORARY ON DATABASE ?? TO ??', [db.target.database, role]);
      await owner.raw('GRANT USAGE ON SCHEMA public TO ??', [role]);
      await owner.raw('GRANT SELECT, INSERT, UPDATE, DELETE ON job_postings, seed_guard TO ??', [role]);

      // Without it, the migrate step fails at once.
      const without = await npmMigrate(asRole);
      expectCleanFailure(
        without,
        new RegExp(
          `^DB_PERMISSION_DENIED: permission denied for table knex_migrations \\(user "${role}"\\): .*GRANT SELECT ON knex_migrations TO ${role}`,
          'm',
        ),
        PASSWORD,
      );

      await owner.raw('GRANT SELECT ON knex_migrations TO ??', [role]);
      const migrated = await npmMigrate(asRole);
      expect({ code: migrated.code, stderr: migrated.stderr }).toEqual({ code: 0, stderr: '' });
      expect(migrated.stdout).toBe('Already up to date\n');
      const seeder = knexFactory(knexConfig(readDatabaseTarget(asRole)));
      try {
        const seeded = await seedFile(seeder);
        expect(seeded.out.join('\n')).toContain(`✓ Created ${CURATED_POSTINGS.length} job postings`);
        expect(seeded.out.join('\n') + seeded.err).not.toContain(PASSWORD);
      } finally {
        await seeder.destroy();
      }
      expect(await countRows(owner)).toBe(CURATED_POSTINGS.length);
    });
  });

  test("a role that cannot see knex's tables is told so at once, not retried as a race", async () => {
    const db = await createScratchDatabase('postgres', 'migrate');
    await withRole(db, async (role, asRole) => {
      if (db.target.kind !== 'postgres') throw new Error('expected a server target');
      const owner = db.knex();
      await owner.migrate.latest();
      await owner.migrate.rollback(undefined, true);
      await owner.raw('GRANT CREATE ON SCHEMA public TO ??', [role]);
      await owner.raw('GRANT SELECT ON knex_migrations TO ??', [role]);
      const result = await npmMigrate({ ...asRole, DB_WAIT_TIMEOUT: '600' });
      expectCleanFailure(
        result,
        new RegExp(
          `^DB_PERMISSION_DENIED: knex_migrations_lock exists but user "${role}" has no privilege on it, .*: run migrations as the database owner$`,
          'm',
        ),
        PASSWORD,
      );
      expect(result.stderr).not.toMatch(/retry/);
    });
  });
});

describeEachTarget('knex migrate:* failures in one line', (db) => {
  // The knex CLI's one line (the knexfile's wrapping, the same on either target) as a process on the server; on
  // the embedded database, for its rollback of the failed DDL, the same describer through npm run migrate's main.
  test('a failing migration is named, one line, and rolled back', async () => {
    const knex = db().knex();
    await knex.raw(
      'DROP TABLE IF EXISTS knex_migrations, knex_migrations_lock, job_postings, seed_guard CASCADE',
    );
    await knex.raw('CREATE TABLE job_postings (id int)');
    try {
      const result =
        db().kind === 'postgres'
          ? await knexCli(['migrate:latest'], db().env)
          : await inProcess(migrate, db().env, { knex });
      // Both name the migration that failed: the CLI's wrapping and npm run migrate's line.
      expectCleanFailure(
        result,
        /^MIGRATE_FAILED: migration \d+_create_job_postings\.ts failed: relation "job_postings" already exists \(42P07\); it was rolled back: /,
        PASSWORD,
      );
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      const [{ n }] = await db().knex()('knex_migrations').count({ n: '*' });
      expect(Number(n)).toBe(0);
    } finally {
      await db().knex().raw('DROP TABLE job_postings');
      await db().release();
    }
  });
});

/**
 * knex's migration lock is a row of knex_migrations_lock on either target, and the knexfile's one-line error
 * the same: one target, the first of TEST_TARGETS. In-process, through the describer the knexfile wraps knex's
 * Migrator in (src/db/migrate-errors.ts): that wrapping in the knex CLI, as a process, is the failing migration's
 * and the race's tests above.
 */
describe.each(targetKinds().slice(0, 1))('knex migrate:* with the lock taken [%s]', (kind) => {
  let db: ScratchDatabase;
  beforeAll(async () => {
    db = await createScratchDatabase(kind, 'migrate_locked');
  });
  afterAll(async () => {
    await db?.drop();
  });

  test('a taken migration lock: MIGRATE_LOCKED with the unlock command', async () => {
    const knex = db.knex();
    await knex.migrate.latest();
    await knex('knex_migrations_lock').update({ is_locked: 1 });
    try {
      const error = await knex.migrate.latest().then(
        () => undefined,
        (e: unknown) => describeMigrateError(e, db.target),
      );
      expect(error?.format()).toMatch(
        /^MIGRATE_LOCKED: the migration lock is taken .*`npx knex migrate:unlock`$/,
      );
    } finally {
      await knex('knex_migrations_lock').update({ is_locked: 0 });
    }
  });
});
