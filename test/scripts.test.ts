import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { main as dbReset } from '../scripts/db-reset';
import { main as dbStatus } from '../scripts/db-status';
import { CURATED_POSTINGS } from '../src/data/curated';
import type { SeedGuardRow } from '../src/seed/guard/seed-guard';
import { type CliResult, inProcess, ROOT } from './support/cli';
import {
  createScratchDatabase,
  inspect as inspectDatabase,
  type ScratchDatabase,
  targetKinds,
} from './support/databases';
import { APP_POSTING, countRows, seed, tableFingerprint } from './support/seeding';

const N = CURATED_POSTINGS.length;
const MIGRATIONS = fs
  .readdirSync(path.join(ROOT, 'migrations'))
  .filter((f) => /\.(ts|js)$/.test(f))
  .sort();

/**
 * `npm run db:status` in-process through its main, with the scratch database's environment (its exit code as a
 * process: test/command-runner.test.ts and test/privileges.test.ts).
 */
function statusIn(env: Record<string, string>, knex?: Knex): Promise<CliResult> {
  return inProcess(dbStatus, env, { knex });
}

/** `npm run db:reset [-- args]` in-process through its main, with what the seed it runs prints. */
function resetIn(env: Record<string, string>, args: string[] = [], knex?: Knex): Promise<CliResult> {
  return inProcess(dbReset, env, { args, console: true, knex });
}

function expectSuccess(result: CliResult) {
  expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
}

const iso = (value: Date | string) => new Date(value).toISOString();

/** How the scripts name a database: never the URL, only user, host, port and database (or the directory). */
const described = ({ target: t }: ScratchDatabase) =>
  t.kind === 'pglite' ? `embedded PGlite at ${t.dataDir}` : `${t.user}@${t.host}:${t.port}/${t.database}`;

describe.each(targetKinds())('db:status and db:reset [%s]', (kind) => {
  let db: ScratchDatabase;
  beforeAll(async () => {
    db = await createScratchDatabase(kind, 'scripts');
  });
  afterAll(async () => {
    await db?.drop();
  });

  /**
   * On the server, a knex for one look, closed after, and each command opens its own, as a user's does. On PGlite
   * a look and each command use the file's one open database (RunCommandOptions.knex): each open of it costs
   * about a second of CPU, and a second instance would wait for the first one's lock.
   */
  const shared = (): Knex | undefined => (kind === 'pglite' ? db.knex() : undefined);
  const inspect = <T>(fn: (knex: Knex) => Promise<T>): Promise<T> => {
    const knex = shared();
    return knex ? fn(knex) : inspectDatabase(db.target, fn);
  };
  const statusOf = (env: Record<string, string>) => statusIn(env, shared());
  const reset = (env: Record<string, string>, args: string[] = []) => resetIn(env, args, shared());

  /**
   * Every test starts from an empty database: no tables, no enum types, not even knex's bookkeeping; then
   * `setUp` runs in the same look.
   */
  const fresh = <T>(setUp: (knex: Knex) => Promise<T>): Promise<T> =>
    inspect(async (knex) => {
      await knex.migrate.rollback(undefined, true);
      await knex.schema.dropTableIfExists('knex_migrations').dropTableIfExists('knex_migrations_lock');
      return setUp(knex);
    });

  /** Migrated, with the curated postings and `syntheticCount` synthetic ones seeded. */
  const seedInto = async (knex: Knex, syntheticCount = 0) => {
    await knex.migrate.latest();
    await seed(knex, { syntheticCount });
  };

  const guardOf = async (knex: Knex, seedName: string) =>
    (await knex('seed_guard').where({ seed_name: seedName }).first()) as SeedGuardRow;

  /** The line db:status prints for an applied seed. */
  const appliedLine = (g: SeedGuardRow, state: string) =>
    `  ${g.seed_name}: checksum ${g.checksum.trim().slice(0, 12)}, last applied ${iso(g.last_applied_at)}` +
    ` (first ${iso(g.first_applied_at)}), ${g.row_count} rows owned; ${state}`;
  const IN_SYNC = 'in sync with the repo';
  const DIFFERS = 'the repo data set differs: run `npx knex seed:run`';

  test('db:status on an unmigrated database: every migration pending, no guard table', async () => {
    await fresh(async () => undefined);
    const status = await statusOf(db.env);
    expectSuccess(status);
    expect(status.stdout).toBe(
      [
        `Database: ${described(db)}`,
        `Migrations: 0 applied, ${MIGRATIONS.length} pending`,
        ...MIGRATIONS.map((m) => `  … ${m} (pending: run \`npx knex migrate:latest\`)`),
        'Seeds: no guard table yet (run `npx knex migrate:latest`, then `npx knex seed:run`)',
        '',
      ].join('\n'),
    );
    // a status command writes nothing: knex's own bookkeeping tables are not created either
    const { rows } = await inspect((knex) => knex.raw(`SELECT to_regclass('knex_migrations') AS t`));
    expect(rows[0].t).toBeNull();
  });

  test('db:status after migrate: every migration applied, both seeds never applied', async () => {
    await fresh((knex) => knex.migrate.latest());
    const status = await statusOf(db.env);
    expectSuccess(status);
    expect(status.stdout).toContain(
      [
        `Migrations: ${MIGRATIONS.length} applied, 0 pending`,
        ...MIGRATIONS.map((m) => `  ✓ ${m}`),
        'Seeds:',
        '  job_postings: never applied (run `npx knex seed:run`)',
        '  job_postings_synthetic: never applied\n',
      ].join('\n'),
    );
  });

  test('db:status after seeding: checksum, times, rows owned, in sync', async () => {
    const curated = await fresh(async (knex) => {
      await seedInto(knex);
      return guardOf(knex, 'job_postings');
    });
    expect(curated.row_count).toBe(N);
    const status = await statusOf(db.env);
    expectSuccess(status);
    expect(status.stdout).toContain(`Seeds:\n${appliedLine(curated, IN_SYNC)}\n`);
    expect(status.stdout).toContain('  job_postings_synthetic: never applied\n');
  });

  /**
   * What does not depend on the target runs on the first one only: whether the repo differs from a guard row
   * (a checksum comparison, once the guard is read: that is read on each target above) and the production refusal
   * (before any query). On PGlite each of their looks and commands opens the database anew.
   */
  const onFirstTarget = (name: string, fn: () => Promise<void>) => {
    if (kind === targetKinds()[0]) test(name, fn);
  };

  onFirstTarget(
    'db:status when the repo differs: a wanted synthetic set never applied, a changed checksum',
    async () => {
      const curated = await fresh(async (knex) => {
        await seedInto(knex);
        return guardOf(knex, 'job_postings');
      });
      // SEED_SYNTHETIC_JOB_POSTINGS=10 in the environment: the synthetic seed is wanted and was never applied
      const wanted = await statusOf({ ...db.env, SEED_SYNTHETIC_JOB_POSTINGS: '10' });
      expectSuccess(wanted);
      expect(wanted.stdout).toContain(appliedLine(curated, IN_SYNC));
      expect(wanted.stdout).toContain('  job_postings_synthetic: never applied (run `npx knex seed:run`)\n');

      // applied with 10, asked about with 10: in sync; with the variable unset (0): differs
      const synthetic = await inspect(async (knex) => {
        await seed(knex, { syntheticCount: 10 });
        return guardOf(knex, 'job_postings_synthetic');
      });
      expect(synthetic.row_count).toBe(10);
      const same = await statusOf({ ...db.env, SEED_SYNTHETIC_JOB_POSTINGS: '10' });
      expectSuccess(same);
      expect(same.stdout).toContain(appliedLine(synthetic, IN_SYNC));
      const fewer = await statusOf(db.env);
      expectSuccess(fewer);
      expect(fewer.stdout).toContain(appliedLine(synthetic, DIFFERS));

      // a guard checksum that is not the repo's: the curated data set differs
      await inspect((knex) =>
        knex('seed_guard')
          .where({ seed_name: 'job_postings' })
          .update({ checksum: 'f'.repeat(64) }),
      );
      const changed = await statusOf(db.env);
      expectSuccess(changed);
      expect(changed.stdout).toContain(appliedLine({ ...curated, checksum: 'f'.repeat(64) }, DIFFERS));
    },
  );

  /** What db:reset must replace: the table itself (its oid), every row, and when they were made. */
  const snapshotOf = async (knex: Knex) => {
    const { rows } = await knex.raw(
      `SELECT 'job_postings'::regclass::oid::bigint AS oid, min(created_at) AS oldest, max(created_at) AS newest,
              min(created_at) FILTER (WHERE seed_name = 'job_postings') AS curated_oldest
       FROM job_postings`,
    );
    return {
      oid: String(rows[0].oid),
      oldest: iso(rows[0].oldest),
      newest: iso(rows[0].newest),
      curatedOldest: iso(rows[0].curated_oldest),
      rows: await countRows(knex),
      appRows: await countRows(knex, { seed_name: null }),
      guards: (await knex('seed_guard').orderBy('seed_name').pluck('seed_name')) as string[],
      fingerprint: await tableFingerprint(knex),
    };
  };
  const snapshot = () => inspect(snapshotOf);

  /** Seeded with 10 synthetic postings and one row of the app's: what db:reset drops (or must not). */
  const seededWithAppRow = () =>
    fresh(async (knex) => {
      await seedInto(knex, 10);
      await knex('job_postings').insert(APP_POSTING);
      return snapshotOf(knex);
    });

  onFirstTarget(
    'db:reset refuses with NODE_ENV=production even with SEED_ALLOW_PRODUCTION=true; nothing dropped',
    async () => {
      const before = await seededWithAppRow();
      expect(before).toMatchObject({ rows: N + 11, appRows: 1 });
      const refused = await reset({ ...db.env, NODE_ENV: 'production', SEED_ALLOW_PRODUCTION: 'true' });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(
        /^PRODUCTION_REFUSED: NODE_ENV=production: db:reset drops every table and is never run on production/,
      );
      expect(refused.stderr).not.toMatch(/\n\s+at /);
      expect(refused.stdout).toBe('');
      // issue 14, case 12: knex's `--env production` (npm run db:reset -- --env production) is the same
      const viaEnv = await reset(db.env, ['--env', 'production']);
      expect(viaEnv.code).toBe(1);
      expect(viaEnv.stderr).toMatch(/^PRODUCTION_REFUSED: NODE_ENV=production: db:reset drops every table/);
      // One look after both refusals: either one dropping or re-seeding anything would change the snapshot.
      expect(await snapshot()).toEqual(before);
    },
  );

  test('db:reset drops and re-creates the tables and re-seeds them', async () => {
    const before = await seededWithAppRow();
    const result = await reset(db.env);
    expectSuccess(result);
    expect(result.stdout.split('\n')[0]).toBe(`Resetting ${described(db)}`);
    expect(result.stdout).toMatch(new RegExp(`^Rolled back ${MIGRATIONS.length} migration\\(s\\)`, 'm'));
    expect(result.stdout).toContain(`Applied ${MIGRATIONS.length} migration(s)\n`);
    expect(result.stdout).toMatch(new RegExp(`^✓ Created ${N} job postings across`, 'm'));
    const { after, curated } = await inspect(async (knex) => ({
      after: await snapshotOf(knex),
      curated: await guardOf(knex, 'job_postings'),
    }));
    expect(after.oid).not.toBe(before.oid);
    // the app's row and the synthetic postings went with the old table; SEED_* is unset, so curated only
    // (guards of seed files a developer added with `knex seed:make` may be there too: db:reset runs every seed file)
    expect(after).toMatchObject({ rows: N, appRows: 0, guards: expect.arrayContaining(['job_postings']) });
    expect(after.guards).not.toContain('job_postings_synthetic');
    // Postings are written with ages rolled to the week of the run (src/data/ages.ts): created_at is the write's
    // now() minus whole minutes, so the re-created posting has the same weekday and time again, to a minute or two
    // (not always later, as this test once said: its seconds are those of the run's now(), and a minute boundary
    // between the two runs takes them back a minute; the clock that rolls may be a minute off the server's now()).
    expect(Math.abs(Date.parse(after.curatedOldest) - Date.parse(before.curatedOldest))).toBeLessThan(
      120_000,
    );
    const status = await statusOf(db.env);
    expect(status.stdout).toContain(appliedLine(curated, IN_SYNC));
  });
});
