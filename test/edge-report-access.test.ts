import { randomBytes } from 'node:crypto';
import { main as seedReport } from '../scripts/seed-report';
import { inProcess } from './support/cli';
import { createScratchDatabase, describeEachTarget, type ScratchDatabase } from './support/databases';
import { describeServer } from './support/suites';

/**
 * `npm run seed:report` asks the server what exists and what the role may read before it reads the table
 * (issue 14, case 8's neighbour): a table the role cannot see is not reported as missing.
 */
describeServer('seed:report as a role that cannot read job_postings [postgres]', () => {
  const suffix = randomBytes(4).toString('hex');
  const blind = `jps_blind_${suffix}`;
  const noSelect = `jps_noselect_${suffix}`;
  let db: ScratchDatabase;
  const as = (role: string) => {
    const url = new URL(db.env.DATABASE_URL);
    url.username = role;
    return { DATABASE_URL: url.toString() };
  };

  beforeAll(async () => {
    db = await createScratchDatabase('postgres', 'edge_report', { migrated: true });
    const owner = db.knex();
    await owner.raw('REVOKE ALL ON SCHEMA public FROM PUBLIC');
    await owner.raw('CREATE ROLE ?? LOGIN', [blind]);
    await owner.raw('CREATE ROLE ?? LOGIN', [noSelect]);
    await owner.raw('GRANT USAGE ON SCHEMA public TO ??', [noSelect]);
  });

  afterAll(async () => {
    await db.drop();
    // Roles are the cluster's: dropped from another database once the scratch one is gone.
    const admin = await createScratchDatabase('postgres', 'edge_report_roles');
    await admin.knex().raw('DROP ROLE IF EXISTS ??, ??', [blind, noSelect]);
    await admin.drop();
  });

  test('no USAGE on the schema: names USAGE and SELECT, not "does not exist"', async () => {
    const result = await inProcess(seedReport, as(blind));
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      `DB_PERMISSION_DENIED: user "${blind}" lacks USAGE on schema public and SELECT on job_postings ` +
        '(`npm run seed:report` reads it); nothing was written: as the owner, run ' +
        `GRANT USAGE ON SCHEMA public TO ${blind}; GRANT SELECT ON public.job_postings TO ${blind};`,
    );
  });

  test('USAGE but no SELECT: names only SELECT', async () => {
    const result = await inProcess(seedReport, as(noSelect));
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      `DB_PERMISSION_DENIED: user "${noSelect}" lacks SELECT on job_postings (\`npm run seed:report\` reads it); ` +
        `nothing was written: as the owner, run GRANT SELECT ON public.job_postings TO ${noSelect};`,
    );
  });
});

describeEachTarget('seed:report before any migration', (db) => {
  test('says the table does not exist and how to create it', async () => {
    await db().release();
    const result = await inProcess(seedReport, db().env);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      'SCHEMA_MISSING: table job_postings does not exist: run `npx knex migrate:latest` first',
    );
  });
});

describeEachTarget("seed:report on another app's job_postings table", (db) => {
  test('names the columns the seed file describes that the table lacks, and the fix', async () => {
    const knex = db().knex();
    await knex.raw(
      'CREATE TABLE job_postings (id uuid PRIMARY KEY, title text NOT NULL, posted date NOT NULL)',
    );
    await db().release();
    const result = await inProcess(seedReport, db().env);
    expect(result.code).toBe(1);
    const [first, ...details] = result.stderr.trim().split('\n');
    expect(first).toMatch(
      /^SCHEMA_INCOMPATIBLE: \d+ differences between the seed file and the table: write a migration that makes the table match/,
    );
    expect(details).toContain(
      '  - table job_postings has no column description, which the seed file describes (text)',
    );
    expect(details.join('\n')).not.toMatch(/NOT NULL/);
  });
});
