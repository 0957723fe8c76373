import path from 'node:path';
import type { Knex } from 'knex';
import { runSeed } from '../src/seed/run/run-seed';
import { formatOutcome } from '../src/seed/summary';
import { COURSES, type Course, courseSeed, courses } from './fixtures/second-table/seeds/01_courses';
import { ROOT } from './support/cli';
import { describeEachMigratedTarget } from './support/databases';
import { seedOptions } from './support/seeding';

const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'second-table');
const MIGRATIONS = [path.join(ROOT, 'migrations'), path.join(FIXTURE, 'migrations')];

/** Runs the courses seed in-process with these options and data set; returns the summary lines. */
async function seedCourses(knex: Knex, overrides = {}, items: readonly Course[] = COURSES) {
  return formatOutcome(
    await runSeed(knex, { options: seedOptions(overrides), sources: [courseSeed(items)] }),
  );
}

const copy = () => COURSES.map((c) => ({ ...c }));
const row = (knex: Knex, key: string) =>
  knex('courses')
    .where({ id: courses.idOf(key) })
    .first();

/** Each test starts from an empty table and no guard row, so it passes when run alone. */
/** What the app does to two seeded courses: edits one's title (content), unpublishes another (lifecycle). */
async function appEdits(knex: Knex): Promise<void> {
  await knex('courses')
    .where({ id: courses.idOf('knex-in-practice') })
    .update({ title: 'Knex, the app edit' });
  await knex('courses')
    .where({ id: courses.idOf('advanced-postgres') })
    .update({ published: false });
}

async function reset(knex: Knex): Promise<void> {
  await knex('courses').del();
  await knex('seed_guard').where({ seed_name: 'courses' }).del();
}

describeEachMigratedTarget('a second table seeded through the engine', (db) => {
  // The project's migrations are applied (a migrated copy on PGlite): this adds the fixture's.
  beforeAll(async () => {
    await db().knex().migrate.latest({ directory: MIGRATIONS });
  });

  test('its seed file runs under knex: first run creates, rerun is up to date', async () => {
    const knex = db().knex();
    await reset(knex);
    await knex.seed.run({ directory: path.join(FIXTURE, 'seeds') });
    const rows = await knex('courses').orderBy('title');
    expect(rows.map((r) => r.title)).toEqual(['Advanced PostgreSQL', 'Intro to SQL', 'Knex in Practice']);
    expect(rows.map((r) => r.seed_name)).toEqual(['courses', 'courses', 'courses']);
    expect((await row(knex, 'advanced-postgres'))?.published).toBe(true);
    expect(await seedCourses(knex)).toEqual(['courses: up to date']);
    // the engine touched no other table
    expect(await knex('seed_guard').pluck('seed_name')).toEqual(['courses']);
  });

  test('a changed item is updated in place; an app edit and a lifecycle change are kept', async () => {
    const knex = db().knex();
    await reset(knex);
    await seedCourses(knex);
    const before = await row(knex, 'intro-to-sql');
    await appEdits(knex);
    const data = copy();
    data[0].price = 59;
    data[2].title = 'Knex in Practice, 2nd ed.';
    expect(await seedCourses(knex, {}, data)).toEqual([
      'courses: 0 created, 1 updated, 1 unchanged, 1 edited by the app (kept)',
    ]);
    const after = await row(knex, 'intro-to-sql');
    expect(Number(after?.price)).toBe(59);
    expect(after?.created_at).toEqual(before?.created_at);
    expect(after?.updated_at.getTime()).toBeGreaterThan(before?.updated_at.getTime());
    expect((await row(knex, 'knex-in-practice'))?.title).toBe('Knex, the app edit');
    expect((await row(knex, 'advanced-postgres'))?.published).toBe(false);
  });

  test('a plan lists what SEED_FORCE would do and writes nothing; SEED_FORCE then does it', async () => {
    const knex = db().knex();
    await reset(knex);
    await seedCourses(knex);
    await appEdits(knex);
    const data = copy();
    data[0].price = 59;
    const snapshot = async () => JSON.stringify(await knex('courses').orderBy('id'));
    const before = await snapshot();
    expect(await seedCourses(knex, { dryRun: true, force: true }, data)).toEqual([
      'Dry run (SEED_DRY_RUN=true): nothing was written. Plan:',
      'courses: 0 would be created, 3 would be updated, 0 unchanged',
      '  ~ advanced-postgres  (update: published)',
      '  ~ intro-to-sql  (update: price)',
      '  ~ knex-in-practice  (update: title)',
    ]);
    expect(await snapshot()).toBe(before);
    expect(await seedCourses(knex, { force: true }, data)).toEqual([
      'courses: 0 created, 3 updated, 0 unchanged',
    ]);
    expect((await row(knex, 'knex-in-practice'))?.title).toBe('Knex in Practice');
    expect((await row(knex, 'advanced-postgres'))?.published).toBe(true);
  });

  test('an item that left the data set stays until SEED_PRUNE; a new one is created', async () => {
    const knex = db().knex();
    await reset(knex);
    await seedCourses(knex);
    const data: Course[] = [...copy().slice(1), { key: 'pglite-basics', title: 'PGlite Basics', price: 0 }];
    expect(await seedCourses(knex, {}, data)).toEqual([
      'courses: 1 created, 0 updated, 2 unchanged',
      'courses: 1 course left the data set and stays in the table (SEED_PRUNE=true deletes those the app did not edit): intro-to-sql',
    ]);
    expect(await row(knex, 'intro-to-sql')).toBeDefined();
    expect(await seedCourses(knex, { prune: true }, data)).toEqual([
      'courses: 0 created, 0 updated, 3 unchanged, 1 pruned',
    ]);
    expect(await row(knex, 'intro-to-sql')).toBeUndefined();
    expect(await seedCourses(knex, {}, data)).toEqual(['courses: up to date']);
  });
});
