import { jobPostingSeeds } from '../seeds/01_job_postings';
import { CURATED_POSTINGS } from '../src/data/curated';
import { DEFAULT_RANDOM_SEED, generatePosting, syntheticKey } from '../src/data/generate';
import { postingId } from '../src/data/posting-id';
import { runSeed } from '../src/seed/run/run-seed';
import { formatOutcome } from '../src/seed/summary';
import { describeEachMigratedTarget } from './support/databases';
import {
  contentHash,
  contentHashSql,
  countRows,
  resetTables,
  rowStates,
  SYNTHETIC_SEED_NAME,
  seed,
  seedOptions,
  tableFingerprint,
} from './support/seeding';

/**
 * Enough rows for several COPY chunks (256 KB each, about 850 bytes a posting: five) and a progress report (every
 * 1000) before the last: what a load exercises (the first test).
 */
const N = 1_200;
/**
 * The tests of what a rerun does with rows already there (no-op, grow, shrink, prune, another variant, a lost
 * guard) need rows, not chunks: the same statements run whatever the count, so they load a seventh of N.
 */
const S = 170;
/** How far the count grows or shrinks in the tests that change it. */
const MORE = 70;
const C = CURATED_POSTINGS.length;

describeEachMigratedTarget('synthetic postings', (db) => {
  // Every test starts from empty tables and loads what it needs.
  beforeEach(async () => {
    await resetTables(db().knex());
  });

  test(`${N} synthetic postings load on top of the curated set, with derived ids and matching hashes`, async () => {
    const knex = db().knex();
    const progress: number[] = [];
    const outcome = await seed(knex, { syntheticCount: N }, undefined, {
      onProgress: (_, done) => progress.push(done),
    });
    expect(progress).toEqual([0, 1000, N]); // the start, every 1000 rows, the end
    expect(outcome.results[1]).toMatchObject({
      seedName: SYNTHETIC_SEED_NAME,
      counts: { created: N, updated: 0 },
    });
    expect(await countRows(knex, { seed_name: SYNTHETIC_SEED_NAME })).toBe(N);
    expect(await countRows(knex)).toBe(N + C);
    for (const i of [0, 1, 1_111, N - 1]) {
      const row = await knex('job_postings')
        .where({ id: postingId(syntheticKey(i)) })
        .first();
      const expected = generatePosting(i, DEFAULT_RANDOM_SEED);
      expect(row).toMatchObject({
        title: expected.title,
        company: expected.company,
        location: expected.location,
      });
      expect(row?.required_skills).toEqual(expected.required_skills);
      expect(row?.seed_content_hash).toBe(contentHash(expected));
    }
    // The hash the database computes of every row equals the one the seed computed in JS when it wrote it.
    const { rows } = await knex.raw(
      `SELECT count(*) AS n FROM job_postings j WHERE ${contentHashSql('j')} IS DISTINCT FROM j.seed_content_hash`,
    );
    expect(Number(rows[0].n)).toBe(0);
  });

  test('the same count and seed again is a no-op that generates nothing', async () => {
    const knex = db().knex();
    await seed(knex, { syntheticCount: S });
    const before = await tableFingerprint(knex);
    const progress: number[] = [];
    const outcome = await runSeed(knex, {
      options: seedOptions({ syntheticCount: S }),
      sources: jobPostingSeeds({ syntheticCount: S, randomSeed: DEFAULT_RANDOM_SEED }),
      onProgress: (_, done) => progress.push(done),
    });
    expect(formatOutcome(outcome)).toEqual([
      'job_postings: up to date',
      `${SYNTHETIC_SEED_NAME}: up to date (${S} postings present, the ones the last run left; app edits not compared: SEED_FORCE=true resets them)`,
    ]);
    expect(progress).toEqual([]);
    expect(await tableFingerprint(knex)).toBe(before);
    // the same callback does see a run that generates rows
    await runSeed(knex, {
      options: seedOptions({ syntheticCount: S, dryRun: true, force: true }),
      sources: jobPostingSeeds({ syntheticCount: S, randomSeed: DEFAULT_RANDOM_SEED }),
      onProgress: (_, done) => progress.push(done),
    });
    expect(progress.at(-1)).toBe(S);
  });

  test('a larger count inserts only the difference and leaves existing rows untouched', async () => {
    const knex = db().knex();
    await seed(knex, { syntheticCount: S });
    const before = await rowStates(knex);
    const outcome = await seed(knex, { syntheticCount: S + MORE });
    expect(outcome.results[1].counts).toMatchObject({ created: MORE, updated: 0, unchanged: S });
    const after = await rowStates(knex);
    expect(after.size).toBe(before.size + MORE);
    for (const [id, row] of before) expect(after.get(id)).toEqual(row);
  });

  test('a smaller count leaves rows alone unless SEED_PRUNE=true', async () => {
    const knex = db().knex();
    await seed(knex, { syntheticCount: S + MORE });
    const before = await tableFingerprint(knex);
    const outcome = await seed(knex, { syntheticCount: S });
    expect(formatOutcome(outcome)[1]).toBe(`${SYNTHETIC_SEED_NAME}: 0 created, 0 updated, ${S} unchanged`);
    expect(formatOutcome(outcome)[2]).toMatch(
      new RegExp(
        `^${SYNTHETIC_SEED_NAME}: ${MORE} postings left the data set and stay in the table \\(SEED_PRUNE=true deletes those the app did not edit\\): ${syntheticKey(S)}, `,
      ),
    );
    expect(await tableFingerprint(knex)).not.toBe(before); // guard records the new count
    expect(await countRows(knex, { seed_name: SYNTHETIC_SEED_NAME })).toBe(S + MORE);
    const pruned = await seed(knex, { syntheticCount: S, prune: true });
    expect(pruned.results[1].counts).toMatchObject({ pruned: MORE, created: 0, updated: 0 });
    expect(await countRows(knex, { seed_name: SYNTHETIC_SEED_NAME })).toBe(S);
    const guard = await knex('seed_guard').where({ seed_name: SYNTHETIC_SEED_NAME }).first();
    expect(guard?.row_count).toBe(S);
  });

  test('another random seed converges the same ids to the other variant, in place', async () => {
    const knex = db().knex();
    await seed(knex, { syntheticCount: S });
    const before = await rowStates(knex);
    const outcome = await seed(knex, { syntheticCount: S, randomSeed: 'another-variant' });
    const counts = outcome.results[1].counts;
    expect(counts?.created).toBe(0);
    expect((counts?.updated ?? 0) + (counts?.unchanged ?? 0)).toBe(S);
    expect(counts?.updated).toBeGreaterThan(S * 0.9);
    const after = await rowStates(knex);
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    for (const [id, row] of after) expect(row.created_at).toBe(before.get(id)?.created_at);
    const row = await knex('job_postings')
      .where({ id: postingId(syntheticKey(7)) })
      .first();
    expect(row?.title).toBe(generatePosting(7, 'another-variant').title);
  });

  test('with the guard row gone, existing rows are found (no duplicate, no error) and adopted again', async () => {
    const knex = db().knex();
    await seed(knex, { syntheticCount: S, randomSeed: 'another-variant' });
    await knex('seed_guard').where({ seed_name: SYNTHETIC_SEED_NAME }).del();
    const before = await tableFingerprint(knex);
    // The straight COPY of "new" rows hits their ids; the run falls back to comparing them.
    const outcome = await seed(knex, { syntheticCount: S, randomSeed: 'another-variant' });
    expect(outcome.results[1].counts).toMatchObject({ created: 0, updated: 0, unchanged: S });
    expect(await countRows(knex, { seed_name: SYNTHETIC_SEED_NAME })).toBe(S);
    expect((await knex('seed_guard').where({ seed_name: SYNTHETIC_SEED_NAME }).first())?.row_count).toBe(S);
    expect(await tableFingerprint(knex)).not.toBe(before); // only the guard row is back
    expect((await seed(knex, { syntheticCount: S, randomSeed: 'another-variant' })).results[1].upToDate).toBe(
      true,
    );
  });

  test('SEED_SYNTHETIC_JOB_POSTINGS=0 after a load leaves the rows (reported) until SEED_PRUNE=true', async () => {
    const knex = db().knex();
    await seed(knex, { syntheticCount: S, randomSeed: 'another-variant' });
    const kept = await seed(knex, { syntheticCount: 0, randomSeed: 'another-variant' });
    expect(formatOutcome(kept)[2]).toMatch(
      new RegExp(`^${SYNTHETIC_SEED_NAME}: ${S} postings left the data set and stay in the table`),
    );
    expect(await countRows(knex, { seed_name: SYNTHETIC_SEED_NAME })).toBe(S);
    const pruned = await seed(knex, { syntheticCount: 0, prune: true, randomSeed: 'another-variant' });
    expect(pruned.results[1].counts).toMatchObject({ pruned: S });
    expect(await countRows(knex, { seed_name: SYNTHETIC_SEED_NAME })).toBe(0);
    expect(await countRows(knex)).toBe(C);
    expect((await knex('seed_guard').where({ seed_name: SYNTHETIC_SEED_NAME }).first())?.row_count).toBe(0);
    expect(formatOutcome(await seed(knex, { syntheticCount: 0 }))).toEqual([
      'job_postings: up to date',
      `${SYNTHETIC_SEED_NAME}: up to date`,
    ]);
  });
});
