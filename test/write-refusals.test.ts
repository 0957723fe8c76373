import type { Knex } from 'knex';
import type { SeedPosting } from '../src/data/types';
import { formatOutcome } from '../src/seed/summary';
import { describeEachMigratedTarget } from './support/databases';
import { curatedCopy, resetTables, seed, tableFingerprint } from './support/seeding';

/**
 * A constraint of the app's the data set breaks (unique, CHECK, NOT NULL): the one line names the table, the
 * constraint, the values and the posting, and says what to do; nothing is written.
 */

const NATURAL_KEY = 'jps_natural_key';

/** The app's unique index on what a person reads as the same posting. */
async function withNaturalKey(knex: Knex, fn: () => Promise<void>): Promise<void> {
  await knex.raw(`CREATE UNIQUE INDEX ${NATURAL_KEY} ON job_postings (company, title, location)`);
  try {
    await fn();
  } finally {
    await knex.raw(`DROP INDEX ${NATURAL_KEY}`);
  }
}

/** The line a seed run fails with, and whether it wrote anything. */
async function failedRun(knex: Knex, data: readonly SeedPosting[], overrides = {}) {
  const before = await tableFingerprint(knex);
  const error = await seed(knex, overrides, data).then(
    () => new Error('the run succeeded'),
    (e: unknown) => e,
  );
  return { line: (error as { format?: () => string }).format?.() ?? String(error), before };
}

const naturalKey = (p: SeedPosting) =>
  `Key (company, title, location)=(${p.company}, ${p.title}, ${p.location}) already exists`;

describeEachMigratedTarget('constraints of the app a data set breaks', (db) => {
  beforeEach(async () => {
    await resetTables(db().knex());
  });

  test("a unique index the app's row already fills: names the posting, the index, the values and the fixes", async () => {
    const knex = db().knex();
    const data = curatedCopy();
    const [first] = data;
    await withNaturalKey(knex, async () => {
      await knex('job_postings').insert({
        title: first.title,
        company: first.company,
        description: 'The app posted it first.',
        location: first.location,
        role_category: first.role_category,
        employment_type: first.employment_type,
        work_setup: first.work_setup,
      });
      const { line, before } = await failedRun(knex, data);
      expect(line).toBe(
        `DATA_INVALID: job_postings: posting ${first.key} has a value that a row already in the table holds ` +
          `(unique constraint ${NATURAL_KEY}: ${naturalKey(first)}); nothing was written: change the item's ` +
          "value, or change or delete that row (the app's or another seed's); if it is this seed's row under the " +
          "item's old key, delete it first with SEED_PRUNE=true in a run without the renamed item",
      );
      expect(await tableFingerprint(knex)).toBe(before);
    });
  });

  test('a renamed key with its unique values kept: the advised prune run lets the renamed posting in', async () => {
    const knex = db().knex();
    await withNaturalKey(knex, async () => {
      await seed(knex, {}, curatedCopy());
      const renamed = curatedCopy();
      renamed[0].key = `${renamed[0].key}-renamed`;
      const { line, before } = await failedRun(knex, renamed);
      expect(line).toContain(
        `posting ${renamed[0].key} has a value that a row already in the table holds (unique constraint ` +
          `${NATURAL_KEY}: ${naturalKey(renamed[0])})`,
      );
      expect(await tableFingerprint(knex)).toBe(before);
      // The advice, as written: a run without the renamed item, with SEED_PRUNE=true; then the renamed one.
      expect(formatOutcome(await seed(knex, { prune: true }, renamed.slice(1)))).toEqual([
        `job_postings: 0 created, 0 updated, ${renamed.length - 1} unchanged, 1 pruned`,
      ]);
      expect(formatOutcome(await seed(knex, {}, renamed))).toEqual([
        `job_postings: 1 created, 0 updated, ${renamed.length - 1} unchanged`,
      ]);
    });
  });

  test('two postings of the data set with the same unique value: names both', async () => {
    const knex = db().knex();
    const data = curatedCopy();
    const [first, second] = data;
    second.title = first.title;
    await knex.raw('CREATE UNIQUE INDEX jps_unique_title ON job_postings (title)');
    try {
      const { line, before } = await failedRun(knex, data);
      expect(line).toBe(
        `DATA_INVALID: job_postings: posting ${first.key} and ${second.key} of the data set have the same value ` +
          `for unique constraint jps_unique_title (Key (title)=(${first.title}) already exists); nothing was ` +
          'written: give one of them another value',
      );
      expect(await tableFingerprint(knex)).toBe(before);
    } finally {
      await knex.raw('DROP INDEX jps_unique_title');
    }
  });

  test("a CHECK of the app's the posting breaks: names the posting and the constraint", async () => {
    const knex = db().knex();
    const data = curatedCopy();
    data[3].title = 'Forbidden Title';
    await knex.raw(
      `ALTER TABLE job_postings ADD CONSTRAINT jps_no_forbidden CHECK (title <> 'Forbidden Title')`,
    );
    try {
      const { line, before } = await failedRun(knex, data);
      expect(line).toMatch(
        new RegExp(
          `^DATA_INVALID: job_postings: posting ${data[3].key} violates the table's CHECK constraint ` +
            `jps_no_forbidden; nothing was written: change the item's ` +
            'values so the check holds \\(psql: \\\\d job_postings shows it\\)$',
        ),
      );
      expect(await tableFingerprint(knex)).toBe(before);
    } finally {
      await knex.raw('ALTER TABLE job_postings DROP CONSTRAINT jps_no_forbidden');
    }
  });

  test('a column the seed writes made NOT NULL, and a posting without its value: names both', async () => {
    const knex = db().knex();
    const data = curatedCopy();
    Object.assign(data[3], { salary_min: null, salary_max: null });
    await knex.raw('ALTER TABLE job_postings ALTER COLUMN salary_min SET NOT NULL');
    try {
      const { line, before } = await failedRun(knex, data);
      expect(line).toMatch(
        new RegExp(
          `^DATA_INVALID: job_postings: posting ${data[3].key} has no value for column salary_min, which is NOT ` +
            'NULL; nothing was written: give the item a value for ' +
            'salary_min, or make the column nullable$',
        ),
      );
      expect(await tableFingerprint(knex)).toBe(before);
    } finally {
      await knex.raw('ALTER TABLE job_postings ALTER COLUMN salary_min DROP NOT NULL');
    }
  });
});
