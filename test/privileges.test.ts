import { randomBytes } from 'node:crypto';
import knexFactory, { type Knex } from 'knex';
import { main as statusMain } from '../scripts/db-status';
import type { SeedOptions } from '../src/config';
import { CURATED_POSTINGS } from '../src/data/curated';
import type { DatabaseTarget } from '../src/db/database-target';
import { describeError } from '../src/db/describe-error';
import { knexConfig } from '../src/db/knex-config';
import { describeMigrateError, reportMigrateErrorsAsOneLine } from '../src/db/migrate-errors';
import { migrateToLatest } from '../src/db/migrate-latest';
import { accessFacts, missingGrants } from '../src/db/schema-check';
import type { SeedError } from '../src/errors';
import { addSeedWriteLog, dropSeedWriteLog } from '../src/seed/guard/write-log';
import { formatOutcome } from '../src/seed/summary';
import { type CliResult, inProcess } from './support/cli';
import { ADMIN_URL, createScratchDatabase, type ScratchDatabase } from './support/databases';
import { countRows, resetTables, seed, tableFingerprint } from './support/seeding';
import { describeServer } from './support/suites';

const N = CURATED_POSTINGS.length;

/** What a seed run prints, as `knex seed:run` would: the summary, or the one-line error. */
interface SeedPrint {
  ok: boolean;
  out: string;
}

/** Seeds in-process as `knex`'s role and returns what `runSeedFile` would print. */
async function seedAs(knex: Knex, target: DatabaseTarget, overrides: Partial<SeedOptions> = {}) {
  try {
    const outcome = await seed(knex, overrides);
    return { ok: true, out: formatOutcome(outcome).join('\n') } satisfies SeedPrint;
  } catch (error) {
    return { ok: false, out: describeError(error, target).format() } satisfies SeedPrint;
  }
}

/**
 * `npm run db:status` in-process through its main: its exit code and output (as a process, with its exit code
 * set: test/command-runner.test.ts case 13).
 */
function dbStatus(env: Record<string, string>): Promise<CliResult> {
  return inProcess(statusMain, env);
}

describeServer('seeding as a role with only the documented grants [postgres]', () => {
  const role = `jps_seeder_${randomBytes(4).toString('hex')}`;
  let db: ScratchDatabase;
  let database: string;
  let owner: Knex;
  /** Points a process at the scratch database as `role` (trust auth: the password is not checked). */
  let asRole: Record<string, string>;
  let roleTarget: DatabaseTarget;
  let roleKnex: Knex;

  beforeAll(async () => {
    db = await createScratchDatabase('postgres', 'privileges');
    if (db.target.kind !== 'postgres') throw new Error('expected a server target');
    database = db.target.database;
    owner = db.knex();
    await owner.migrate.latest();
    // A new database lets PUBLIC connect and create temporary tables: take that away, so the role has
    // exactly the grants below and nothing it inherits.
    await owner.raw('REVOKE ALL ON DATABASE ?? FROM PUBLIC', [database]);
    await owner.raw('REVOKE ALL ON SCHEMA public FROM PUBLIC');
    await owner.raw('CREATE ROLE ?? LOGIN', [role]);
    await owner.raw('GRANT CONNECT ON DATABASE ?? TO ??', [database, role]);
    await owner.raw('GRANT USAGE ON SCHEMA public TO ??', [role]);
    await owner.raw('GRANT SELECT, INSERT, UPDATE, DELETE ON job_postings, seed_guard TO ??', [role]);
    const url = new URL(db.env.DATABASE_URL);
    url.username = role;
    url.password = 'not-checked';
    asRole = { DATABASE_URL: url.toString() };
    roleTarget = { ...db.target, connectionString: url.toString(), user: role };
    roleKnex = knexFactory(knexConfig(roleTarget));
  });

  // Every test starts with empty tables and the role with the documented grants but without TEMPORARY; a test
  // that needs it grants it, a test that takes one away gives it back.
  beforeEach(async () => {
    await resetTables(owner);
    await owner.raw('REVOKE TEMPORARY ON DATABASE ?? FROM ??', [database, role]);
  });

  afterAll(async () => {
    await roleKnex?.destroy();
    // The database goes first: it holds the role's CONNECT and TEMPORARY grants.
    await db?.drop();
    const admin = knexFactory({ client: 'pg', connection: ADMIN_URL });
    try {
      await admin.raw('DROP ROLE IF EXISTS ??', [role]);
    } finally {
      await admin.destroy();
    }
  });

  test('a role that may create in public (13 and 14 by default) cannot make the write log run its code as the owner', async () => {
    // Functions and an operator the write log's definer functions would have called in place of the built-ins:
    // an unknown literal prefers text, so `nextval('...')` and `#> '{...}'` resolved to these.
    await owner.raw('GRANT CREATE ON SCHEMA public TO ??', [role]);
    const hijack = (signature: string) =>
      `CREATE FUNCTION public.${signature} LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'hijacked as %', current_user; END $$`;
    try {
      await roleKnex.raw(hijack('nextval(text) RETURNS bigint'));
      await roleKnex.raw(hijack('hijack_path(jsonb, text) RETURNS jsonb'));
      await roleKnex.raw(
        'CREATE OPERATOR public.#> (LEFTARG = jsonb, RIGHTARG = text, FUNCTION = public.hijack_path)',
      );
      // The statement trigger fires for a statement that changes no row; the trim and the "written since?" are
      // callable by any role.
      await roleKnex.raw('UPDATE job_postings SET title = title WHERE false');
      await roleKnex.raw(`SELECT public.seed_table_writes_trim('job_postings'::regclass)`);
      await roleKnex.raw(
        `SELECT public.seed_table_written_since('job_postings'::regclass, pg_current_snapshot(), NULL, NULL)`,
      );
      const { rows } = await owner.raw(
        `SELECT p.proname, p.proconfig FROM pg_proc p WHERE p.proname LIKE 'seed\\_table\\_%' ORDER BY p.proname`,
      );
      expect(rows).toEqual(
        [
          'seed_table_write',
          'seed_table_write_seq',
          'seed_table_writes_trim',
          'seed_table_written_since',
        ].map((proname) => ({ proname, proconfig: ['search_path=pg_catalog, pg_temp'] })),
      );
    } finally {
      await owner.raw('DROP OPERATOR IF EXISTS public.#> (jsonb, text)');
      await owner.raw('DROP FUNCTION IF EXISTS public.nextval(text), public.hijack_path(jsonb, text)');
      await owner.raw('REVOKE CREATE ON SCHEMA public FROM ??', [role]);
    }
  });

  test("a seed_table_write() another role made before the log's migration is refused, not used as the log", async () => {
    await owner.raw('GRANT CREATE ON SCHEMA public TO ??', [role]);
    await dropSeedWriteLog(owner, 'job_postings');
    try {
      await roleKnex.raw(
        'CREATE FUNCTION public.seed_table_write() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$',
      );
      await expect(addSeedWriteLog(owner, 'job_postings')).rejects.toThrow(
        `function public.seed_table_write() already exists, owned by role ${role}, which owns neither the database, ` +
          "its schema nor job_postings and which this migration's role cannot act for: if it is the seed's write log, " +
          `run this migration as ${role} (or a role granted it); if not, drop it (DROP FUNCTION ` +
          'public.seed_table_write()) and find out who made it',
      );
      const { rows } = await owner.raw(
        "SELECT count(*)::int AS n FROM pg_trigger WHERE tgrelid = 'job_postings'::regclass AND NOT tgisinternal",
      );
      expect(rows[0].n).toBe(0);
    } finally {
      await owner.raw('DROP FUNCTION IF EXISTS public.seed_table_write() CASCADE');
      await owner.raw('REVOKE CREATE ON SCHEMA public FROM ??', [role]);
      await dropSeedWriteLog(owner, 'job_postings');
      await addSeedWriteLog(owner, 'job_postings');
    }
  });

  test('a write log another role made is trusted where that role owns the table, or the migrating role is granted it', async () => {
    const app = `${role}_app`;
    const group = `${role}_deployers`;
    const alice = `${role}_alice`;
    const functions = [
      'seed_table_write()',
      'seed_table_write_seq(oid)',
      'seed_table_written_since(oid, pg_snapshot, xid8, bigint)',
      'seed_table_writes_trim(oid)',
    ];
    const url = new URL(db.env.DATABASE_URL);
    url.username = alice;
    const aliceTarget = {
      ...(db.target as Extract<DatabaseTarget, { kind: 'postgres' }>),
      connectionString: url.toString(),
      user: alice,
    };
    const asAlice = knexFactory(knexConfig(aliceTarget));
    await owner.raw(
      'CREATE ROLE ?? NOLOGIN; CREATE ROLE ?? NOLOGIN IN ROLE ??; CREATE ROLE ?? LOGIN IN ROLE ??',
      [app, group, app, alice, group],
    );
    try {
      await owner.raw('GRANT CONNECT ON DATABASE ?? TO ??; GRANT USAGE, CREATE ON SCHEMA public TO ??', [
        database,
        alice,
        app,
      ]);
      // The log as a migration run by `app` would have left it.
      for (const f of functions) await owner.raw(`ALTER FUNCTION public.${f} OWNER TO ??`, [app]);
      await owner.raw('CREATE TABLE jps_app_a (id int); CREATE TABLE jps_app_b (id int)');
      await owner.raw('ALTER TABLE jps_app_a OWNER TO ??; ALTER TABLE jps_app_b OWNER TO ??', [app, app]);
      // A superuser adding it to a table `app` owns, and alice (granted `app` through a group) to another.
      await addSeedWriteLog(owner, 'jps_app_a');
      await addSeedWriteLog(asAlice, 'jps_app_b');
      const { rows } = await owner.raw(
        `SELECT tgrelid::regclass::text AS t, count(*)::int AS n FROM pg_trigger
          WHERE tgrelid IN ('jps_app_a'::regclass, 'jps_app_b'::regclass) GROUP BY 1 ORDER BY 1`,
      );
      expect(rows).toEqual([
        { t: 'jps_app_a', n: 2 },
        { t: 'jps_app_b', n: 2 },
      ]);
    } finally {
      await asAlice.destroy();
      await owner.raw('DROP TABLE IF EXISTS jps_app_a, jps_app_b');
      for (const f of functions) await owner.raw(`ALTER FUNCTION public.${f} OWNER TO CURRENT_USER`);
      await owner.raw('REVOKE ALL ON SCHEMA public FROM ??; REVOKE ALL ON DATABASE ?? FROM ??', [
        app,
        database,
        alice,
      ]);
      await owner.raw('DROP ROLE IF EXISTS ??, ??, ??', [alice, group, app]);
    }
  });

  test('the role has only what this suite granted (no PUBLIC temp or create rights)', async () => {
    const { rows } = await owner.raw(
      `SELECT has_database_privilege(:role, :db, 'CONNECT') AS connect,
              has_database_privilege(:role, :db, 'TEMPORARY') AS temporary,
              has_schema_privilege(:role, 'public', 'CREATE') AS create_in_public,
              has_table_privilege(:role, 'job_postings', 'UPDATE') AS update_postings,
              has_table_privilege(:role, 'job_postings', 'TRUNCATE') AS truncate_postings`,
      { role, db: database },
    );
    expect(rows[0]).toEqual({
      connect: true,
      temporary: false,
      create_in_public: false,
      update_postings: true,
      truncate_postings: false,
    });
  });

  test('without TEMPORARY on the database the seed fails with a GRANT TEMPORARY hint and writes nothing', async () => {
    const before = await tableFingerprint(owner);
    const result = await seedAs(roleKnex, roleTarget);
    expect(result).toEqual({
      ok: false,
      out: expect.stringMatching(
        new RegExp(
          `^DB_PERMISSION_DENIED: permission denied to create temporary tables in database "${database}" \\(user "${role}"\\): .*GRANT TEMPORARY ON DATABASE ${database} TO ${role}$`,
        ),
      ),
    });
    expect(await tableFingerprint(owner)).toBe(before);
  });

  test.each(['job_postings', 'seed_guard'])(
    'without UPDATE on %s the seed fails before a write, naming only UPDATE on it and the exact GRANT',
    async (table) => {
      await owner.raw('GRANT TEMPORARY ON DATABASE ?? TO ??', [database, role]);
      await owner.raw('REVOKE UPDATE ON ?? FROM ??', [table, role]);
      try {
        const before = await tableFingerprint(owner);
        const result = await seedAs(roleKnex, roleTarget);
        expect(result).toEqual({
          ok: false,
          out:
            `DB_PERMISSION_DENIED: user "${role}" lacks UPDATE on ${table} (the seed reads and writes these ` +
            `tables); nothing was written: as the owner, run GRANT UPDATE ON public.${table} TO ${role};`,
        });
        expect(await tableFingerprint(owner)).toBe(before);
        expect(await countRows(owner)).toBe(0);
      } finally {
        await owner.raw('GRANT UPDATE ON ?? TO ??', [table, role]);
      }
    },
  );

  test('row-level security that hides rows from the role: refused before any write, naming who may seed', async () => {
    await owner.raw('ALTER TABLE job_postings ENABLE ROW LEVEL SECURITY');
    await owner.raw(`CREATE POLICY jps_open_only ON job_postings TO ?? USING (status <> 'closed')`, [role]);
    try {
      const before = await tableFingerprint(owner);
      expect(await seedAs(roleKnex, roleTarget)).toEqual({
        ok: false,
        out:
          `DB_PERMISSION_DENIED: row-level security filters what user "${role}" sees of job_postings (a row of its ` +
          'own it cannot see looks deleted by the app, and writing one may be refused); nothing was written: run it ' +
          "as a role that row-level security does not apply to (the table's owner, unless the table has FORCE ROW " +
          'LEVEL SECURITY, or a role with BYPASSRLS; a policy that shows every row still applies)',
      });
      expect(await tableFingerprint(owner)).toBe(before);
    } finally {
      await owner.raw('DROP POLICY jps_open_only ON job_postings');
      await owner.raw('ALTER TABLE job_postings DISABLE ROW LEVEL SECURITY');
    }
  });

  test('without USAGE on the schema: "not allowed" with GRANT USAGE, never "does not exist"', async () => {
    await owner.raw('REVOKE USAGE ON SCHEMA public FROM ??', [role]);
    try {
      const result = await seedAs(roleKnex, roleTarget);
      expect(result).toEqual({
        ok: false,
        out:
          `DB_PERMISSION_DENIED: user "${role}" lacks USAGE on schema public (the seed reads and writes these ` +
          `tables); nothing was written: as the owner, run GRANT USAGE ON SCHEMA public TO ${role};`,
      });
      const status = await dbStatus(asRole);
      expect(status.code).toBe(1);
      expect(status.stdout).not.toMatch(/pending|applied/);
      // knex_migrations exists too, and this role has not even SELECT on it: both said, nothing "pending".
      expect(status.stderr).toBe(
        `DB_PERMISSION_DENIED: user "${role}" lacks USAGE on schema public and SELECT on knex_migrations ` +
          '(`npm run db:status` reads these tables); nothing was written: as the owner, run GRANT USAGE ON ' +
          `SCHEMA public TO ${role}; GRANT SELECT ON public.knex_migrations TO ${role};\n`,
      );
      expect(status.stderr).not.toMatch(/\n\s+at /);
    } finally {
      await owner.raw('GRANT USAGE ON SCHEMA public TO ??', [role]);
    }
  });

  test('a role with no grant at all: each missing grant named once, in GRANT statements', async () => {
    await owner.raw('REVOKE ALL ON SCHEMA public FROM ??', [role]);
    await owner.raw('REVOKE ALL ON job_postings, seed_guard FROM ??', [role]);
    try {
      const facts = await accessFacts(roleKnex, ['job_postings', 'seed_guard', 'no_such_table'], ['SELECT']);
      expect(facts.user).toBe(role);
      expect(facts.tables.map((t) => [t.name, t.schema, t.schemaUsage, t.lacking])).toEqual([
        ['job_postings', 'public', false, ['SELECT']],
        ['seed_guard', 'public', false, ['SELECT']],
        ['no_such_table', null, false, []],
      ]);
      expect(missingGrants(facts)?.statements).toEqual([
        `GRANT USAGE ON SCHEMA public TO ${role}`,
        `GRANT SELECT ON public.job_postings, public.seed_guard TO ${role}`,
      ]);
      const result = await seedAs(roleKnex, roleTarget);
      expect(result.ok).toBe(false);
      expect(result.out).not.toMatch(/SCHEMA_MISSING|does not exist/);
      expect(result.out).toContain(
        `as the owner, run GRANT USAGE ON SCHEMA public TO ${role}; ` +
          `GRANT SELECT, INSERT, UPDATE, DELETE ON public.job_postings, public.seed_guard TO ${role};`,
      );
    } finally {
      await owner.raw('GRANT USAGE ON SCHEMA public TO ??', [role]);
      await owner.raw('GRANT SELECT, INSERT, UPDATE, DELETE ON job_postings, seed_guard TO ??', [role]);
    }
  });

  test("knex's tables hidden by information_schema: a permission error says they exist, not that they are missing", async () => {
    // knex's migrator, as the knex CLI runs it (knexfile.ts wraps its methods): it cannot see knex_migrations,
    // so it tries to create it, and PostgreSQL says "permission denied for schema public".
    reportMigrateErrorsAsOneLine(roleTarget);
    const error = await roleKnex.migrate.list().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((error as SeedError).format()).toBe(
      `DB_PERMISSION_DENIED: knex_migrations and knex_migrations_lock exist but user "${role}" lacks SELECT on ` +
        'knex_migrations and knex_migrations_lock, so knex cannot see its tables and took them for missing; ' +
        'nothing was applied: run migrations as the database owner (only to list them: GRANT SELECT ON ' +
        `public.knex_migrations, public.knex_migrations_lock TO ${role};)`,
    );
  });

  test('npm run migrate without USAGE on the schema: the tables exist and what the role lacks, not "GRANT CREATE"', async () => {
    await owner.raw('REVOKE USAGE ON SCHEMA public FROM ??', [role]);
    try {
      const error = await migrateToLatest(roleKnex, { retryForSeconds: 1, log: () => undefined }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(describeMigrateError(error, roleTarget).format()).toBe(
        `DB_PERMISSION_DENIED: knex_migrations and knex_migrations_lock exist but user "${role}" lacks USAGE on ` +
          'schema public and SELECT on knex_migrations and knex_migrations_lock, so knex cannot see its tables ' +
          'and took them for missing; nothing was applied: run migrations as the database owner (only to list ' +
          `them: GRANT USAGE ON SCHEMA public TO ${role}; GRANT SELECT ON public.knex_migrations, ` +
          `public.knex_migrations_lock TO ${role};)`,
      );
    } finally {
      await owner.raw('GRANT USAGE ON SCHEMA public TO ??', [role]);
    }
  });

  test('db:status with exactly the documented grants: every migration applied, seeds read (no false denial)', async () => {
    await owner.raw('GRANT TEMPORARY ON DATABASE ?? TO ??', [database, role]);
    await owner.raw('GRANT SELECT ON knex_migrations TO ??', [role]);
    try {
      expect((await seedAs(roleKnex, roleTarget)).ok).toBe(true);
      const status = await dbStatus(asRole);
      expect({ code: status.code, stderr: status.stderr }).toEqual({ code: 0, stderr: '' });
      const [{ n }] = await owner('knex_migrations').count({ n: '*' });
      expect(status.stdout).toContain(`Migrations: ${n} applied, 0 pending`);
      expect(status.stdout).toMatch(new RegExp(`job_postings: checksum \\w+, .* ${N} rows owned; in sync`));
    } finally {
      await owner.raw('REVOKE SELECT ON knex_migrations FROM ??', [role]);
    }
  });

  test('with CONNECT, TEMPORARY, USAGE and SELECT/INSERT/UPDATE/DELETE: first run, rerun, 500 synthetic (COPY)', async () => {
    await owner.raw('GRANT TEMPORARY ON DATABASE ?? TO ??', [database, role]);
    const first = await seedAs(roleKnex, roleTarget);
    expect(first).toEqual({ ok: true, out: expect.stringContaining(`✓ Created ${N} job postings`) });
    const rerun = await seedAs(roleKnex, roleTarget);
    expect(rerun).toEqual({ ok: true, out: expect.stringMatching(/^job_postings: up to date$/m) });

    const synthetic = await seedAs(roleKnex, roleTarget, { syntheticCount: 500 });
    expect(synthetic).toEqual({
      ok: true,
      out: expect.stringMatching(/^job_postings_synthetic: 500 created, 0 updated, 0 unchanged/m),
    });
    // SEED_FORCE compares every owned row through the temp staging tables (COPY into a temp table)
    const forced = await seedAs(roleKnex, roleTarget, { syntheticCount: 500, force: true });
    expect(forced).toEqual({
      ok: true,
      out: expect.stringMatching(/^job_postings_synthetic: 0 created, 0 updated, 500 unchanged/m),
    });
    expect(await countRows(owner)).toBe(N + 500);
    expect(await countRows(owner, { seed_name: 'job_postings_synthetic' })).toBe(500);
  });
});
