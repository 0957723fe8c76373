import { randomBytes } from 'node:crypto';
import knexFactory, { type Knex } from 'knex';
import { CURATED_POSTINGS } from '../src/data/curated';
import { type CliResult, knexCli } from './support/cli';
import { ADMIN_URL, createScratchDatabase, type ScratchDatabase } from './support/databases';
import { countRows, resetTables, tableFingerprint } from './support/seeding';
import { describeServer } from './support/suites';

const N = CURATED_POSTINGS.length;

function expectPermissionDenied(result: CliResult, pattern: RegExp) {
  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(pattern);
  expect(result.stderr).not.toMatch(/\n\s+at /); // one line, no stack trace
  expect(result.stdout).not.toMatch(/created|up to date/);
}

describeServer('seeding as a role with only the documented grants [postgres]', () => {
  const role = `jps_seeder_${randomBytes(4).toString('hex')}`;
  let db: ScratchDatabase;
  let database: string;
  let owner: Knex;
  /** Points the knex CLI at the scratch database as `role` (trust auth: the password is not checked). */
  let asRole: Record<string, string>;

  beforeAll(async () => {
    db = await createScratchDatabase('postgres', 'privileges');
    if (db.target.kind !== 'postgres') throw new Error('expected a server target');
    database = db.target.database;
    expect((await knexCli(['migrate:latest'], db.env)).code).toBe(0);
    owner = db.knex();
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
  });

  // Every test starts with empty tables and the role without TEMPORARY; a test that needs it grants it.
  beforeEach(async () => {
    await resetTables(owner);
    await owner.raw('REVOKE TEMPORARY ON DATABASE ?? FROM ??', [database, role]);
  });

  afterAll(async () => {
    // The database goes first: it holds the role's CONNECT and TEMPORARY grants.
    await db?.drop();
    const admin = knexFactory({ client: 'pg', connection: ADMIN_URL });
    try {
      await admin.raw('DROP ROLE IF EXISTS ??', [role]);
    } finally {
      await admin.destroy();
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
    const result = await knexCli(['seed:run'], asRole);
    expectPermissionDenied(
      result,
      new RegExp(
        `^DB_PERMISSION_DENIED: permission denied to create temporary tables in database "${database}" \\(user "${role}"\\): .*GRANT TEMPORARY ON DATABASE ${database} TO ${role}$`,
        'm',
      ),
    );
    expect(await tableFingerprint(owner)).toBe(before);
  });

  test.each(['job_postings', 'seed_guard'])(
    'without UPDATE on %s the seed fails with DB_PERMISSION_DENIED and a grant hint, exit 1, nothing written',
    async (table) => {
      await owner.raw('GRANT TEMPORARY ON DATABASE ?? TO ??', [database, role]);
      await owner.raw('REVOKE UPDATE ON ?? FROM ??', [table, role]);
      try {
        const before = await tableFingerprint(owner);
        const result = await knexCli(['seed:run'], asRole);
        expectPermissionDenied(
          result,
          new RegExp(
            `^DB_PERMISSION_DENIED: permission denied for table ${table} \\(user "${role}"\\): grant SELECT, INSERT, UPDATE, DELETE on job_postings and seed_guard to this role$`,
            'm',
          ),
        );
        // seed_guard is written last: the postings inserted before it were rolled back with it
        expect(await tableFingerprint(owner)).toBe(before);
        expect(await countRows(owner)).toBe(0);
      } finally {
        await owner.raw('GRANT UPDATE ON ?? TO ??', [table, role]);
      }
    },
  );

  test('with CONNECT, TEMPORARY, USAGE and SELECT/INSERT/UPDATE/DELETE: first run, rerun, 500 synthetic (COPY)', async () => {
    await owner.raw('GRANT TEMPORARY ON DATABASE ?? TO ??', [database, role]);
    const first = await knexCli(['seed:run'], asRole);
    expect({ code: first.code, stderr: first.stderr }).toEqual({ code: 0, stderr: '' });
    expect(first.stdout).toContain(`✓ Created ${N} job postings`);
    const rerun = await knexCli(['seed:run'], asRole);
    expect({ code: rerun.code, stderr: rerun.stderr }).toEqual({ code: 0, stderr: '' });
    expect(rerun.stdout).toMatch(/^job_postings: up to date$/m);

    const synthetic = await knexCli(['seed:run'], { ...asRole, SEED_SYNTHETIC_JOB_POSTINGS: '500' });
    expect({ code: synthetic.code, stderr: synthetic.stderr }).toEqual({ code: 0, stderr: '' });
    expect(synthetic.stdout).toMatch(/^job_postings_synthetic: 500 created, 0 updated, 0 unchanged/m);
    // SEED_FORCE compares every owned row through the temp staging tables (COPY into a temp table)
    const forced = await knexCli(['seed:run'], {
      ...asRole,
      SEED_SYNTHETIC_JOB_POSTINGS: '500',
      SEED_FORCE: 'true',
    });
    expect({ code: forced.code, stderr: forced.stderr }).toEqual({ code: 0, stderr: '' });
    expect(forced.stdout).toMatch(/^job_postings_synthetic: 0 created, 0 updated, 500 unchanged/m);
    expect(await countRows(owner)).toBe(N + 500);
    expect(await countRows(owner, { seed_name: 'job_postings_synthetic' })).toBe(500);
  });
});
