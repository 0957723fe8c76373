import type { Knex } from 'knex';
import { DEFAULT_RANDOM_SEED, GENERATOR_VERSION, generatePosting, syntheticKey } from '../src/data/generate';
import { postingId } from '../src/data/posting-id';
import { differing, recordedVariants, variantsAfter } from '../src/seed/guard/seed-guard';
import { formatOutcome } from '../src/seed/summary';
import { describeEachMigratedTarget } from './support/databases';
import { contentHash, contentHashSql, SYNTHETIC_SEED_NAME, seed, syntheticChecksum } from './support/seeding';

const DEFAULT = { randomSeed: DEFAULT_RANDOM_SEED, generatorVersion: GENERATOR_VERSION };
const OTHER = { randomSeed: 'other', generatorVersion: GENERATOR_VERSION };

describe('synthetic variant ranges', () => {
  test('differing: the kept indices whose recorded variant is not this one, gaps included', () => {
    const ranges = [
      { ...DEFAULT, from: 0, to: 10 },
      { ...OTHER, from: 10, to: 100 },
    ];
    expect(differing(ranges, 100, DEFAULT)).toEqual([[10, 100]]);
    expect(differing(ranges, 50, OTHER)).toEqual([[0, 10]]);
    expect(differing(ranges, 5, DEFAULT)).toEqual([]);
    expect(differing([{ ...DEFAULT, from: 0, to: 10 }], 20, DEFAULT)).toEqual([[10, 20]]);
    expect(differing([], 0, DEFAULT)).toEqual([]);
  });

  test('variantsAfter: [0, count) becomes this variant, the owned rest keeps what wrote it', () => {
    const other100 = [{ ...OTHER, from: 0, to: 100 }];
    expect(variantsAfter(other100, 0, 100, DEFAULT)).toEqual(other100);
    expect(variantsAfter(other100, 10, 100, DEFAULT)).toEqual([
      { ...DEFAULT, from: 0, to: 10 },
      { ...OTHER, from: 10, to: 100 },
    ]);
    expect(variantsAfter(other100, 100, 100, DEFAULT)).toEqual([{ ...DEFAULT, from: 0, to: 100 }]);
    expect(variantsAfter(other100, 10, 10, DEFAULT)).toEqual([{ ...DEFAULT, from: 0, to: 10 }]);
    expect(variantsAfter([{ ...DEFAULT, from: 0, to: 10 }], 10, 100, DEFAULT)).toEqual([
      { ...DEFAULT, from: 0, to: 10 },
    ]);
  });

  test('a guard from before ranges were recorded: everything it owns is of unknown variant', () => {
    // a range with no variant fields: equal to no variant
    expect(recordedVariants({ ownedCount: 5 })).toEqual([{ from: 0, to: 5 }]);
    expect(differing(recordedVariants({ ownedCount: 5 }), 5, DEFAULT)).toEqual([[0, 5]]);
    expect(recordedVariants(undefined)).toEqual([]);
  });
});

/** Seeds the synthetic postings with a count and random seed; returns the synthetic summary line. */
async function synthetic(knex: Knex, syntheticCount: number, randomSeed = DEFAULT_RANDOM_SEED) {
  const outcome = await seed(knex, { syntheticCount, randomSeed });
  return {
    result: outcome.results[1],
    line: formatOutcome(outcome).find((l) => l.startsWith('job_postings_synthetic:')),
  };
}

/** Rows [0, n) whose content is not exactly what `randomSeed` generates (stored hash or content). */
async function rowsNotOf(knex: Knex, n: number, randomSeed: string): Promise<number> {
  let wrong = 0;
  const hashes = new Map<string, string>(
    (
      await knex.raw(
        `SELECT id, ${contentHashSql('j')} AS actual, seed_content_hash AS stored FROM job_postings j WHERE seed_name = ?`,
        [SYNTHETIC_SEED_NAME],
      )
    ).rows.map(
      (r: { id: string; actual: string; stored: string }) =>
        [r.id, r.actual === r.stored.trim() ? r.actual : 'app'] as const,
    ),
  );
  for (let i = 0; i < n; i++) {
    if (hashes.get(postingId(syntheticKey(i))) !== contentHash(generatePosting(i, randomSeed))) wrong++;
  }
  return wrong;
}

describeEachMigratedTarget('synthetic variants', (db) => {
  beforeEach(async () => {
    await db().knex().raw('TRUNCATE job_postings, seed_guard');
  });

  test('other/100, then 0, then default/100: all 100 rows become the default variant', async () => {
    const knex = db().knex();
    await synthetic(knex, 100, 'other');
    expect(await rowsNotOf(knex, 100, 'other')).toBe(0);
    await synthetic(knex, 0);
    const { result } = await synthetic(knex, 100);
    expect(result.upToDate).toBe(false);
    expect((result.counts?.updated ?? 0) + (result.counts?.unchanged ?? 0)).toBe(100);
    expect(result.counts?.updated).toBeGreaterThan(90);
    expect(await rowsNotOf(knex, 100, DEFAULT_RANDOM_SEED)).toBe(0);
    expect((await synthetic(knex, 100)).result.upToDate).toBe(true);
  });

  test('other/100, then default/10, then default/100: the 90 rows still of the other variant are updated', async () => {
    const knex = db().knex();
    await synthetic(knex, 100, 'other');
    const ten = await synthetic(knex, 10);
    expect((ten.result.counts?.updated ?? 0) + (ten.result.counts?.unchanged ?? 0)).toBe(10);
    expect(await rowsNotOf(knex, 10, DEFAULT_RANDOM_SEED)).toBe(0);
    const { result } = await synthetic(knex, 100);
    expect(result.counts?.created).toBe(0);
    expect((result.counts?.updated ?? 0) + (result.counts?.unchanged ?? 0)).toBe(100);
    expect(result.counts?.updated).toBeGreaterThan(80);
    expect(await rowsNotOf(knex, 100, DEFAULT_RANDOM_SEED)).toBe(0);
    expect((await synthetic(knex, 100)).result.upToDate).toBe(true);
  });

  test('rows recorded as written by another generator version are compared and converged', async () => {
    const knex = db().knex();
    await synthetic(knex, 100);
    // As an older generator would have left them: five rows with other content (and their own hash), and a
    // guard that says which generator wrote them.
    const ids = [3, 17, 42, 64, 99].map((i) => postingId(syntheticKey(i)));
    const inIds = `id IN (${ids.map(() => '?').join(', ')})`;
    await knex.raw(`UPDATE job_postings SET title = title || ' (v0)' WHERE ${inIds}`, ids);
    await knex.raw(
      `UPDATE job_postings j SET seed_content_hash = ${contentHashSql('j')} WHERE ${inIds}`,
      ids,
    );
    const guard = await knex('seed_guard').where({ seed_name: SYNTHETIC_SEED_NAME }).first();
    const params = {
      ...guard?.params,
      variants: [{ ...DEFAULT, generatorVersion: GENERATOR_VERSION + 1, from: 0, to: 100 }],
    };
    await knex('seed_guard')
      .where({ seed_name: SYNTHETIC_SEED_NAME })
      .update({ params: JSON.stringify(params) });
    const { line } = await synthetic(knex, 100);
    expect(line).toBe(`${SYNTHETIC_SEED_NAME}: 0 created, 5 updated, 95 unchanged`);
    expect(await rowsNotOf(knex, 100, DEFAULT_RANDOM_SEED)).toBe(0);
  });

  test('a guard written before variants were recorded is not trusted: its rows are compared once', async () => {
    const knex = db().knex();
    await synthetic(knex, 100, 'other');
    // What the previous version recorded after other/100, 0, default/100: the default variant, over other rows.
    await knex('seed_guard')
      .where({ seed_name: SYNTHETIC_SEED_NAME })
      .update({
        checksum: syntheticChecksum(100, DEFAULT_RANDOM_SEED),
        params: JSON.stringify({ ...DEFAULT, count: 100, ownedCount: 100 }),
      });
    const { result } = await synthetic(knex, 100);
    expect(result.upToDate).toBe(false);
    expect(result.counts?.updated).toBeGreaterThan(90);
    expect(await rowsNotOf(knex, 100, DEFAULT_RANDOM_SEED)).toBe(0);
    expect((await synthetic(knex, 100)).result.upToDate).toBe(true);
  });
});
