import { randomBytes } from 'node:crypto';
import knexFactory, { type Knex } from 'knex';
import { jobPostingSeeds } from '../seeds/01_job_postings';
import type { SeedPosting } from '../src/data/types';
import { knexConfig } from '../src/db/knex-config';
import { runSeedFile } from '../src/seed/run/run-seed';
import { ADMIN_URL } from './support/databases';
import { contentHashSql, curatedCopy } from './support/seeding';
import { describeServer } from './support/suites';

/** Runs the seed file in-process on `curated`, returning what it printed on stdout. */
async function seedFile(knex: Knex, curated: readonly SeedPosting[]): Promise<string[]> {
  const out: string[] = [];
  await runSeedFile(knex, (options) => jobPostingSeeds(options, curated), {
    out: (line) => out.push(line),
    err: { write: () => true },
  });
  return out;
}

describeServer('content hashes in a LATIN1 database [postgres]', () => {
  const database = `jps_latin1_${randomBytes(4).toString('hex')}`;
  let knex: Knex;

  beforeAll(async () => {
    const admin = knexFactory({ client: 'pg', connection: ADMIN_URL });
    try {
      await admin.raw(`CREATE DATABASE ?? ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0`, [
        database,
      ]);
    } finally {
      await admin.destroy();
    }
    const url = new URL(ADMIN_URL);
    url.pathname = `/${database}`;
    knex = knexFactory(
      knexConfig({
        kind: 'postgres',
        connectionString: url.toString(),
        host: url.hostname,
        port: Number(url.port || 5432),
        database,
        user: 'postgres',
        ssl: undefined,
        connectTimeoutMs: 5000,
        describe: database,
      }),
    );
    await knex.migrate.latest();
  });

  afterAll(async () => {
    await knex?.destroy();
    const admin = knexFactory({ client: 'pg', connection: ADMIN_URL });
    try {
      await admin.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [database]);
    } finally {
      await admin.destroy();
    }
  });

  test('the database really is LATIN1, so md5(text) alone would hash other bytes than Node', async () => {
    const { rows } = await knex.raw(
      `SELECT pg_encoding_to_char(encoding) AS encoding, md5('é') = md5(convert_to('é', 'UTF8')) AS same
         FROM pg_database WHERE datname = current_database()`,
    );
    expect(rows[0]).toEqual({ encoding: 'LATIN1', same: false });
  });

  test('an unedited posting whose company has é: a salary change is "1 updated", not an app edit', async () => {
    const curated = curatedCopy();
    const at = curated.findIndex((p) => p.salary_min !== null);
    const posting = { ...curated[at], company: 'Café Digital Société' };
    curated[at] = posting;
    expect((await seedFile(knex, curated)).join('\n')).toMatch(/Created \d+ job postings/);

    // SQL's hash of the row as written equals Node's hash of the posting.
    const { rows } = await knex.raw(
      `SELECT ${contentHashSql('j')} AS in_sql, seed_content_hash AS stored FROM job_postings j WHERE company = ?`,
      [posting.company],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].in_sql).toBe(rows[0].stored);

    curated[at] = { ...posting, salary_min: (posting.salary_min as number) - 5_000 };
    const rerun = (await seedFile(knex, curated)).join('\n');
    expect(rerun).toMatch(/\b1 updated\b/);
    expect(rerun).not.toMatch(/edited by the app/);
    const [row] = await knex('job_postings').where({ company: posting.company }).select('salary_min');
    expect(Number(row.salary_min)).toBe(curated[at].salary_min);
  });
});
