import path from 'node:path';
import type { Knex } from 'knex';
import { curatedPostings, jobPostings, syntheticPostings } from '../seeds/01_job_postings';
import { CURATED_POSTINGS } from '../src/data/curated';
import { generatePostings, syntheticKey } from '../src/data/generate';
import { postingId } from '../src/data/posting-id';
import type { SeedPosting } from '../src/data/types';
import { runSeed } from '../src/seed/run/run-seed';
import { formatOutcome } from '../src/seed/summary';
import { boolean } from '../src/seed/table/columns';
import type { SeedSource } from '../src/seed/table/description';
import { defineSeedTable, type SeedTableSpec } from '../src/seed/table/description';
import { ROOT } from './support/cli';
import { describeEachMigratedTarget } from './support/databases';
import { curatedCopy, rowStates, seedOptions } from './support/seeding';

const N = CURATED_POSTINGS.length;
const ADD_COLUMN = '20270201000000_add_visa_sponsorship.ts';
const MIGRATIONS = [
  path.join(ROOT, 'migrations'),
  path.join(ROOT, 'test', 'fixtures', 'schema-growth', 'migrations'),
];

/** The posting once the app has a visa_sponsorship column, and the seed file's description grown by it. */
type GrownPosting = SeedPosting & { visa_sponsorship: boolean };
const grown = defineSeedTable<GrownPosting>({
  ...(jobPostings as unknown as SeedTableSpec<GrownPosting>),
  content: { ...jobPostings.content, visa_sponsorship: boolean() },
});
const grownData = (): GrownPosting[] =>
  curatedCopy().map((p, i) => ({ ...p, visa_sponsorship: i % 2 === 0 }));

async function run(knex: Knex, sources: SeedSource[], overrides = {}): Promise<string[]> {
  return formatOutcome(await runSeed(knex, { options: seedOptions(overrides), sources }));
}
const curatedGrown = (items = grownData()): SeedSource => ({ ...curatedPostings(), table: grown, items });

/**
 * A migrated and seeded database without the new column (each test starts here): the column's migration undone
 * when a test left it applied, the tables emptied (a rollback and migrate of everything per test cost more CPU
 * than the rest of the test on PGlite).
 */
async function fresh(knex: Knex): Promise<void> {
  if (await knex('knex_migrations').where({ name: ADD_COLUMN }).first()) await dropColumn(knex);
  await knex.raw('TRUNCATE job_postings, seed_guard');
  await run(knex, [curatedPostings()]);
}
const addColumn = (knex: Knex) => knex.migrate.latest({ directory: MIGRATIONS });
const dropColumn = (knex: Knex) => knex.migrate.down({ directory: MIGRATIONS, name: ADD_COLUMN });
const editTitle = (knex: Knex, key: string) =>
  knex('job_postings')
    .where({ id: postingId(key) })
    .update({ title: 'Edited by the app' });

describeEachMigratedTarget('schema growth', (db) => {
  test('a content column added by a migration and filled in the data set is an ordinary update', async () => {
    const knex = db().knex();
    await fresh(knex);
    const edited = CURATED_POSTINGS[0].key;
    await editTitle(knex, edited); // an app edit made before the schema changed
    const before = await rowStates(knex);
    await addColumn(knex);

    expect(await run(knex, [curatedGrown()])).toEqual([
      `job_postings: 0 created, ${N - 1} updated, 0 unchanged, 1 edited by the app (kept)`,
    ]);
    const after = await rowStates(knex);
    const rows = new Map(
      (await knex('job_postings').select('id', 'visa_sponsorship')).map((r) => [r.id, r.visa_sponsorship]),
    );
    grownData().forEach((p, i) => {
      const id = postingId(p.key);
      expect(after.get(id)?.created_at).toBe(before.get(id)?.created_at);
      if (i === 0) {
        expect(after.get(id)?.title).toBe('Edited by the app');
        expect(rows.get(id)).toBeNull();
        expect(after.get(id)?.updated_at).toBe(before.get(id)?.updated_at);
      } else {
        expect(rows.get(id)).toBe(p.visa_sponsorship);
        expect((after.get(id)?.updated_at ?? '') > (before.get(id)?.updated_at ?? '')).toBe(true);
      }
    });
    const guard = await knex('seed_guard').where({ seed_name: 'job_postings' }).first();
    expect(guard?.content_columns).toContain('visa_sponsorship');
    expect(await run(knex, [curatedGrown()])).toEqual(['job_postings: up to date']);
  });

  test('a content column removed from the description: rows unchanged, app edits still told apart', async () => {
    const knex = db().knex();
    await fresh(knex);
    await addColumn(knex);
    await run(knex, [curatedGrown()]);
    await editTitle(knex, CURATED_POSTINGS[1].key);
    const before = await rowStates(knex);

    expect(await run(knex, [curatedPostings()])).toEqual([
      `job_postings: 0 created, 0 updated, ${N - 1} unchanged, 1 edited by the app (kept)`,
    ]);
    expect(await rowStates(knex)).toEqual(before);
    await dropColumn(knex);
    expect(await run(knex, [curatedPostings()])).toEqual(['job_postings: up to date']);
  });

  test('a content column dropped from the table: what cannot be told apart is kept, and the output says so', async () => {
    const knex = db().knex();
    await fresh(knex);
    await addColumn(knex);
    await run(knex, [curatedGrown()]);
    await editTitle(knex, CURATED_POSTINGS[2].key);
    await dropColumn(knex);
    const data = curatedCopy();
    data[3].description = `${data[3].description} Changed in the same release.`;

    expect(await run(knex, [curatedPostings(data)])).toEqual([
      `job_postings: 0 created, 0 updated, ${N - 2} unchanged, 2 edited by the app (kept)`,
      'job_postings: content column visa_sponsorship is no longer in the table, so an app edit made before it was ' +
        'dropped cannot be told from a data set change: the 2 postings that differ from the data set were kept as ' +
        "the app's (SEED_FORCE=true applies the data set)",
    ]);
    expect(await run(knex, [curatedPostings(data)], { force: true })).toEqual([
      `job_postings: 0 created, 2 updated, ${N - 2} unchanged`,
    ]);
    const rows = await knex('job_postings').whereIn('id', [postingId(data[2].key), postingId(data[3].key)]);
    expect(rows.map((r) => r.title).sort()).toEqual([data[2].title, data[3].title].sort());
    expect(rows.find((r) => r.id === postingId(data[3].key))?.description).toBe(data[3].description);
  });

  test('generated rows converge to an added column too', async () => {
    const knex = db().knex();
    await fresh(knex);
    const options = { syntheticCount: 200, randomSeed: 'growth' };
    await run(knex, [syntheticPostings(options)]);
    await addColumn(knex);
    const synthetic: SeedSource = {
      ...syntheticPostings(options),
      table: grown,
      generate: function* (from, to) {
        let i = from;
        for (const p of generatePostings(from, to, options.randomSeed))
          yield { ...p, visa_sponsorship: i++ % 3 === 0 };
      },
    };
    expect(await run(knex, [curatedGrown(), synthetic])).toEqual([
      `job_postings: 0 created, ${N} updated, 0 unchanged`,
      'job_postings_synthetic: 0 created, 200 updated, 0 unchanged',
    ]);
    const { rows } = await knex.raw('SELECT visa_sponsorship FROM job_postings WHERE id = ?', [
      postingId(syntheticKey(3)),
    ]);
    expect(rows[0].visa_sponsorship).toBe(true);
    expect(await run(knex, [curatedGrown(), synthetic])).toEqual([
      'job_postings: up to date',
      'job_postings_synthetic: up to date (200 postings present, the ones the last run left; app edits not compared: SEED_FORCE=true resets them)',
    ]);
  });
});
