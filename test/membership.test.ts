/**
 * Issue 14 item 4: the no-op fast path proves which rows are in the table, not only how many (cases 6 and 7).
 * Every run goes through the seed file's runSeedFile with its output captured; db:status through its
 * printStatus; the truth each is held to is read from the table by SQL here.
 */
import type { Knex } from 'knex';
import { printStatus } from '../scripts/db-status';
import { jobPostings, syntheticPostings } from '../seeds/01_job_postings';
import { CURATED_POSTINGS } from '../src/data/curated';
import { postingId } from '../src/data/posting-id';
import { writtenColumns } from '../src/seed/table/description';
import { describeEachMigratedTarget, type ScratchDatabase } from './support/databases';
import { countRows, SYNTHETIC_SEED_NAME, seedFile, tableFingerprint } from './support/seeding';

const N = CURATED_POSTINGS.length;
const SWIFT = CURATED_POSTINGS.filter((p) => p.tech_stack === 'Swift');
const FORCE_HINT = 'SEED_FORCE=true re-creates the postings the app deleted and resets edited ones';
const RANDOM_SEED = 'membership';

/** The seed file's printed lines, with the synthetic count and random seed of this file. */
async function run(knex: Knex, count = 0, env: Record<string, string> = {}): Promise<string[]> {
  const printed = await seedFile(knex, {
    SEED_SYNTHETIC_JOB_POSTINGS: String(count),
    SEED_RANDOM_SEED: RANDOM_SEED,
    ...env,
  });
  expect(printed.err).toBe('');
  return printed.out;
}

/** db:status's line of one seed, for the repo at `count` synthetic postings. */
async function statusLine(db: ScratchDatabase, seedName: string, count = 0): Promise<string> {
  const lines: string[] = [];
  await printStatus(db.knex(), db.target, (line) => lines.push(line), {
    syntheticCount: count,
    randomSeed: RANDOM_SEED,
  });
  const line = lines.find((l) => l.startsWith(`  ${seedName}: `));
  if (!line) throw new Error(`no status line for ${seedName} in:\n${lines.join('\n')}`);
  return line;
}

/** The app copies rows, every column but `id` (so `seed_name` and `seed_content_hash` too). */
async function appCopies(knex: Knex, ids: string[]): Promise<void> {
  const columns = writtenColumns(jobPostings).filter((c) => c !== 'id');
  await knex.raw(
    `INSERT INTO job_postings (${columns.join(', ')}) SELECT ${columns.join(', ')} FROM job_postings WHERE id = ANY(?::uuid[])`,
    [`{${ids.join(',')}}`],
  );
}

const syntheticId = (i: number) => {
  const source = syntheticPostings({ syntheticCount: 0, randomSeed: RANDOM_SEED });
  return source.table.idOf(source.keyOf(i));
};

describeEachMigratedTarget('membership', (db) => {
  beforeEach(async () => {
    await db().knex().raw('TRUNCATE job_postings, seed_guard');
  });

  test('case 6: the app copies a posting with its seed_name and deletes the Swift posting: not "up to date"', async () => {
    const knex = db().knex();
    await run(knex);
    expect(SWIFT).toHaveLength(1);
    const swift = postingId(SWIFT[0].key);
    await appCopies(knex, [postingId(CURATED_POSTINGS[0].key)]);
    await knex('job_postings').where({ id: swift }).del();
    // The count of rows carrying the seed's name is what it was; the rows are not.
    expect(await countRows(knex, { seed_name: 'job_postings' })).toBe(N);

    expect(await statusLine(db(), 'job_postings')).toMatch(
      new RegExp(
        `, ${N} rows owned after the last run, ${N} with its name in the table now; the table changed since: run \`npx knex seed:run\`$`,
      ),
    );
    const before = await tableFingerprint(knex);
    expect(await run(knex, 0, { SEED_DRY_RUN: 'true' })).toEqual([
      'Dry run (SEED_DRY_RUN=true): nothing was written. Plan:',
      `job_postings: 0 would be created, 0 would be updated, ${N - 1} unchanged, 1 deleted by the app (not re-created)`,
      `  . ${SWIFT[0].key}  (deleted by the app: not re-created)`,
    ]);
    expect(await tableFingerprint(knex)).toBe(before);
    expect(await run(knex)).toEqual([
      `job_postings: 0 created, 0 updated, ${N - 1} unchanged, 1 deleted by the app (not re-created)`,
      `job_postings: ${FORCE_HINT}`,
    ]);
    // Owned rows as the table holds them: the Swift posting is gone, the copy is the app's.
    const owned = await knex('job_postings')
      .whereIn(
        'id',
        CURATED_POSTINGS.map((p) => postingId(p.key)),
      )
      .count({ n: '*' });
    expect(Number(owned[0].n)).toBe(N - 1);
    expect(await statusLine(db(), 'job_postings')).toMatch(
      new RegExp(`, ${N - 1} rows owned; in sync with the repo$`),
    );
    expect(await run(knex)).toEqual(['job_postings: up to date']);
  });

  test('an app edit to a curated posting after a no-op is compared and reported, then up to date again', async () => {
    const knex = db().knex();
    await run(knex);
    expect(await run(knex)).toEqual(['job_postings: up to date']);
    await knex('job_postings')
      .where({ id: postingId(CURATED_POSTINGS[2].key) })
      .update({ title: 'Edited by the app' });
    expect(await statusLine(db(), 'job_postings')).toMatch(/the table changed since/);
    expect(await run(knex)).toEqual([
      `job_postings: 0 created, 0 updated, ${N - 1} unchanged, 1 edited by the app (kept)`,
    ]);
    expect(await run(knex)).toEqual(['job_postings: up to date']);
    expect(await statusLine(db(), 'job_postings')).toMatch(
      new RegExp(`, ${N} rows owned; in sync with the repo$`),
    );
  });

  test('case 7: synthetic 100 -> 10 (kept), the app deletes 85 of them: 5 left in the table, said so', async () => {
    const knex = db().knex();
    await run(knex, 100);
    const shrunk = await run(knex, 10);
    expect(shrunk.slice(1)).toEqual([
      `${SYNTHETIC_SEED_NAME}: 0 created, 0 updated, 10 unchanged`,
      expect.stringMatching(
        new RegExp(
          `^${SYNTHETIC_SEED_NAME}: 90 postings left the data set and stay in the table \\(SEED_PRUNE=true deletes those the app did not edit\\): `,
        ),
      ),
    ]);
    await knex('job_postings')
      .whereIn(
        'id',
        Array.from({ length: 85 }, (_, i) => syntheticId(10 + i)),
      )
      .del();
    const inTable = await countRows(knex, { seed_name: SYNTHETIC_SEED_NAME });
    expect(inTable).toBe(15);
    expect(await statusLine(db(), SYNTHETIC_SEED_NAME, 10)).toMatch(
      /, 100 rows owned after the last run, 15 with its name in the table now \(100 then\); the table changed since: run `npx knex seed:run`$/,
    );

    const rerun = await run(knex, 10);
    expect(rerun).toEqual([
      'job_postings: up to date',
      `${SYNTHETIC_SEED_NAME}: 0 created, 0 updated, 10 unchanged`,
      expect.stringMatching(
        new RegExp(
          `^${SYNTHETIC_SEED_NAME}: 5 postings left the data set and stay in the table \\(SEED_PRUNE=true deletes those the app did not edit\\): `,
        ),
      ),
    ]);
    expect(await statusLine(db(), SYNTHETIC_SEED_NAME, 10)).toMatch(
      /, 15 rows owned; in sync with the repo$/,
    );
    const fingerprint = await tableFingerprint(knex);
    expect(await run(knex, 10)).toEqual([
      'job_postings: up to date',
      `${SYNTHETIC_SEED_NAME}: up to date (15 postings present, the ones the last run left; app edits not compared: SEED_FORCE=true resets them)`,
      `${SYNTHETIC_SEED_NAME}: 5 postings left the data set and stay in the table (SEED_PRUNE=true deletes those the app did not edit)`,
    ]);
    expect(await tableFingerprint(knex)).toBe(fingerprint);
    // What the line says stays is what SEED_PRUNE deletes.
    expect((await run(knex, 10, { SEED_PRUNE: 'true' })).slice(1)).toEqual([
      `${SYNTHETIC_SEED_NAME}: 0 created, 0 updated, 10 unchanged, 5 pruned`,
    ]);
    expect(await countRows(knex, { seed_name: SYNTHETIC_SEED_NAME })).toBe(10);
  });

  test('case 6 on a generated seed: a copy and a deletion keep the count, then the count grows', async () => {
    const knex = db().knex();
    await run(knex, 20);
    await knex('job_postings')
      .where({ id: syntheticId(5) })
      .del();
    await appCopies(knex, [syntheticId(0)]);
    expect(await countRows(knex, { seed_name: SYNTHETIC_SEED_NAME })).toBe(20);
    expect((await run(knex, 20)).slice(1)).toEqual([
      `${SYNTHETIC_SEED_NAME}: 0 created, 0 updated, 19 unchanged, 1 deleted by the app (not re-created)`,
      `${SYNTHETIC_SEED_NAME}: ${FORCE_HINT}`,
    ]);
    expect(await statusLine(db(), SYNTHETIC_SEED_NAME, 20)).toMatch(
      /, 19 rows owned; in sync with the repo$/,
    );
    // Not every owned row is there, so a larger count compares the kept ones instead of counting them unchanged.
    expect((await run(knex, 30)).slice(1)).toEqual([
      `${SYNTHETIC_SEED_NAME}: 10 created, 0 updated, 19 unchanged, 1 deleted by the app (not re-created)`,
      `${SYNTHETIC_SEED_NAME}: ${FORCE_HINT}`,
    ]);
    expect(await statusLine(db(), SYNTHETIC_SEED_NAME, 30)).toMatch(
      /, 29 rows owned; in sync with the repo$/,
    );
  });
});
