import type { Knex } from 'knex';
import { main as dbStatus } from '../scripts/db-status';
import { CURATED_POSTINGS } from '../src/data/curated';
import { postingId } from '../src/data/posting-id';
import { formatOutcome } from '../src/seed/summary';
import { inProcess } from './support/cli';
import { describeEachMigratedTarget } from './support/databases';
import {
  APP_POSTING,
  countRows,
  SYNTHETIC_SEED_NAME,
  seed,
  seedFile,
  tableFingerprint,
} from './support/seeding';

const N = CURATED_POSTINGS.length;
const STACKS = new Set(CURATED_POSTINGS.map((p) => p.tech_stack).filter(Boolean)).size;
const FIRST_RUN = `✓ Created ${N} job postings across ${STACKS} tech stacks`;
/** Synthetic postings under the curated set: more than one COPY chunk's worth (256 KB each, about 850 bytes a posting). */
const S = 400;

/** A generated seed's no-op checks which rows carry its name, not their content: its line says so. */
const syntheticUpToDate = (present: number) =>
  `${SYNTHETIC_SEED_NAME}: up to date (${present} postings present, the ones the last run left; app edits not compared: SEED_FORCE=true resets them)`;

/** Every test starts from a migrated, empty table with no guard rows, so it passes alone. */
async function emptyDatabase(knex: Knex): Promise<void> {
  await knex.raw('TRUNCATE job_postings, seed_guard');
}

/** The lines a first run prints on an empty table: what a reset must print too. */
async function firstRunLines(knex: Knex, syntheticCount = 0): Promise<string[]> {
  await emptyDatabase(knex);
  return formatOutcome(await seed(knex, { syntheticCount }));
}

describeEachMigratedTarget('table truth', (db) => {
  test('TRUNCATE job_postings CASCADE, then a rerun re-creates every posting with the first-run summary', async () => {
    const knex = db().knex();
    const first = await firstRunLines(knex);
    expect(first[0]).toBe(FIRST_RUN);
    await knex.raw('TRUNCATE job_postings CASCADE');
    const lines = formatOutcome(await seed(knex));
    expect(lines).toEqual(first);
    expect(await countRows(knex, { seed_name: 'job_postings' })).toBe(N);
    expect(formatOutcome(await seed(knex))).toEqual(['job_postings: up to date']);
  });

  test('story TC1 through the seed file: TRUNCATE, then `knex seed:run` prints "✓ Created"', async () => {
    const knex = db().knex();
    await emptyDatabase(knex);
    await seed(knex);
    await knex.raw('TRUNCATE job_postings CASCADE');
    const printed = await seedFile(knex);
    expect(printed.err).toBe('');
    expect(printed.out).toContain(FIRST_RUN);
    expect(await countRows(knex)).toBe(N);
  });

  test(`DELETE FROM job_postings under ${S} synthetic postings: all re-created, as on a first run`, async () => {
    const knex = db().knex();
    const first = await firstRunLines(knex, S);
    expect(first).toEqual([
      ...first.slice(0, 3),
      `${SYNTHETIC_SEED_NAME}: ${S} created, 0 updated, 0 unchanged`,
    ]);
    await knex.raw('DELETE FROM job_postings');
    const lines = formatOutcome(await seed(knex, { syntheticCount: S }));
    expect(lines).toEqual(first);
    expect(await countRows(knex, { seed_name: SYNTHETIC_SEED_NAME })).toBe(S);
    expect(await countRows(knex)).toBe(S + N);
    expect(formatOutcome(await seed(knex, { syntheticCount: S }))).toEqual([
      'job_postings: up to date',
      syntheticUpToDate(S),
    ]);
  });

  test('only the synthetic rows deleted, the curated ones left: deleted by the app, not re-created; SEED_FORCE re-creates them', async () => {
    const knex = db().knex();
    await firstRunLines(knex, 100);
    await knex('job_postings').where({ seed_name: SYNTHETIC_SEED_NAME }).del();
    expect(formatOutcome(await seed(knex, { syntheticCount: 100 }))).toEqual([
      'job_postings: up to date',
      `${SYNTHETIC_SEED_NAME}: 0 created, 0 updated, 0 unchanged, 100 deleted by the app (not re-created)`,
      `${SYNTHETIC_SEED_NAME}: SEED_FORCE=true re-creates the postings the app deleted and resets edited ones`,
    ]);
    expect(await countRows(knex, { seed_name: SYNTHETIC_SEED_NAME })).toBe(0);
    expect(formatOutcome(await seed(knex, { syntheticCount: 100, force: true }))).toEqual([
      `job_postings: 0 created, 0 updated, ${N} unchanged`,
      `${SYNTHETIC_SEED_NAME}: 100 created, 0 updated, 0 unchanged`,
    ]);
    expect(await countRows(knex, { seed_name: SYNTHETIC_SEED_NAME })).toBe(100);
  });

  test('every curated posting deleted by the app while its own posting stays: reported, not re-created', async () => {
    const knex = db().knex();
    const first = await firstRunLines(knex);
    await knex('job_postings').insert(APP_POSTING);
    await knex('job_postings').where({ seed_name: 'job_postings' }).del();
    expect(formatOutcome(await seed(knex))).toEqual([
      `job_postings: 0 created, 0 updated, 0 unchanged, ${N} deleted by the app (not re-created)`,
      'job_postings: SEED_FORCE=true re-creates the postings the app deleted and resets edited ones',
    ]);
    expect(await countRows(knex)).toBe(1);
    // The app's row goes too: an emptied table, which the seed fills again as on a first run.
    await knex('job_postings').del();
    expect(formatOutcome(await seed(knex))).toEqual(first);
  });

  test('an emptied table with no synthetic postings asked for: as on a first run, the synthetic seed forgotten', async () => {
    const knex = db().knex();
    const first = await firstRunLines(knex);
    await seed(knex, { syntheticCount: 100 });
    await knex.raw('TRUNCATE job_postings');
    expect(formatOutcome(await seed(knex))).toEqual(first);
    expect(await knex('seed_guard').pluck('seed_name')).toEqual(['job_postings']);
    expect(formatOutcome(await seed(knex))).toEqual(['job_postings: up to date']);
  });

  test('a few postings deleted by the app stay deleted and are reported as deleted by the app, once', async () => {
    const knex = db().knex();
    await firstRunLines(knex, 100);
    const gone = CURATED_POSTINGS.slice(0, 2).map((p) => postingId(p.key));
    await knex('job_postings').whereIn('id', gone).del();
    const synthetic = await knex('job_postings')
      .where({ seed_name: SYNTHETIC_SEED_NAME })
      .orderBy('id')
      .limit(3)
      .pluck('id');
    await knex('job_postings').whereIn('id', synthetic).del();
    const before = await countRows(knex);
    expect(formatOutcome(await seed(knex, { syntheticCount: 100 }))).toEqual([
      `job_postings: 0 created, 0 updated, ${N - 2} unchanged, 2 deleted by the app (not re-created)`,
      'job_postings: SEED_FORCE=true re-creates the postings the app deleted and resets edited ones',
      `${SYNTHETIC_SEED_NAME}: 0 created, 0 updated, 97 unchanged, 3 deleted by the app (not re-created)`,
      `${SYNTHETIC_SEED_NAME}: SEED_FORCE=true re-creates the postings the app deleted and resets edited ones`,
    ]);
    expect(await countRows(knex)).toBe(before);
    // The table now holds what the guard recorded: the next run is a no-op again.
    const fingerprint = await tableFingerprint(knex);
    expect(formatOutcome(await seed(knex, { syntheticCount: 100 }))).toEqual([
      'job_postings: up to date',
      syntheticUpToDate(97),
    ]);
    expect(await tableFingerprint(knex)).toBe(fingerprint);
  });

  test('db:status is true of the table: an emptied table is not "in sync"', async () => {
    const knex = db().knex();
    await firstRunLines(knex);
    // `npm run db:status`'s main in-process on this file's open knex (a reopen of PGlite costs 0.25 s of CPU); the
    // runner opening its own from the environment: test/plan-report-export.test.ts (seed:report, the same runner).
    const status = () => inProcess(dbStatus, db().env, { knex });
    const synced = await status();
    expect(synced.stdout).toMatch(/ {2}job_postings: .*, 41 rows owned; in sync with the repo\n/);
    await knex.raw('TRUNCATE job_postings CASCADE');
    const emptied = await status();
    expect({ code: emptied.code, stderr: emptied.stderr }).toEqual({ code: 0, stderr: '' });
    expect(emptied.stdout).toMatch(
      / {2}job_postings: .*, 41 rows owned after the last run, 0 with its name in the table now; the table changed since: run `npx knex seed:run`\n/,
    );
    expect(emptied.stdout).not.toContain('in sync');
  });
});
