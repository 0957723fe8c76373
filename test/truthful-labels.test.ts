import type { Knex } from 'knex';
import { CURATED_POSTINGS } from '../src/data/curated';
import { DEFAULT_RANDOM_SEED, generatePostings, syntheticKey } from '../src/data/generate';
import { postingId } from '../src/data/posting-id';
import { describeError } from '../src/db/describe-error';
import { formatOutcome } from '../src/seed/summary';
import { createScratchDatabase, describeEachMigratedTarget, type ScratchDatabase } from './support/databases';
import { APP_POSTING, curatedCopy, SYNTHETIC_SEED_NAME, seed, tableFingerprint } from './support/seeding';
import { describeServer } from './support/suites';

const N = CURATED_POSTINGS.length;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns true; fails with `what` after `timeoutMs`. */
async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(25);
  }
}

/** Every test starts from the curated set freshly seeded, so it passes alone. */
async function seededDatabase(knex: Knex): Promise<void> {
  await knex.raw('TRUNCATE job_postings, seed_guard');
  await seed(knex);
}

/** Runs `run` with an app's BEFORE INSERT OR UPDATE row trigger on job_postings doing `body`, then drops it. */
async function withRowTrigger(
  knex: Knex,
  name: string,
  body: string,
  run: () => Promise<void>,
): Promise<void> {
  await knex.raw(
    `CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ${body} RETURN NEW; END $$`,
  );
  await knex.raw(
    `CREATE TRIGGER ${name} BEFORE INSERT OR UPDATE ON job_postings FOR EACH ROW EXECUTE FUNCTION ${name}()`,
  );
  try {
    await run();
  } finally {
    await knex.raw(`DROP TRIGGER ${name} ON job_postings`);
    await knex.raw(`DROP FUNCTION ${name}()`);
  }
}

/** The line a run prints for `n` rows the table changed as they were written. */
const changedLine = (seedName: string, n: number) =>
  `${seedName}: ${n} postings written differ from the data set: the table changed them as they were written ` +
  '(a trigger or rule), so they count as edited by the app from now on';

describeEachMigratedTarget('truthful labels', (db) => {
  test('under SEED_PRUNE=true, a removed posting the app edited is kept and the hint names SEED_FORCE', async () => {
    const knex = db().knex();
    await seededDatabase(knex);
    const data = curatedCopy();
    const removed = data.pop();
    if (!removed) throw new Error('empty data set');
    await knex('job_postings')
      .where({ id: postingId(removed.key) })
      .update({ title: 'Edited by the app' });
    const lines = formatOutcome(await seed(knex, { prune: true }, data));
    expect(lines).toEqual([
      `job_postings: 0 created, 0 updated, ${N - 1} unchanged`,
      `job_postings: 1 posting left the data set and stays in the table (the app edited them; SEED_FORCE=true with SEED_PRUNE=true deletes them): ${removed.key}`,
    ]);
    expect(lines.join('\n')).not.toContain('(SEED_PRUNE=true deletes those');
    // The same run without SEED_PRUNE gives the SEED_PRUNE hint, which says it keeps what the app edited.
    expect(formatOutcome(await seed(knex, {}, data))).toContain(
      `job_postings: 1 posting left the data set and stays in the table (SEED_PRUNE=true deletes those the app did not edit): ${removed.key}`,
    );
    // And the hint is true: SEED_FORCE with SEED_PRUNE deletes it.
    const forced = await seed(knex, { prune: true, force: true }, data);
    expect(forced.results[0].counts).toMatchObject({ pruned: 1, removed: 0 });
  });

  test('rows a trigger of the table changed as they were written are reported, then count as edited by the app', async () => {
    const knex = db().knex();
    await knex.raw('TRUNCATE job_postings, seed_guard');
    // The app's trigger fills a missing tech stack: the rows stored are not the data set's.
    await withRowTrigger(
      knex,
      'app_fill_stack',
      "NEW.tech_stack := coalesce(NEW.tech_stack, 'None');",
      async () => {
        const filled = CURATED_POSTINGS.filter((p) => p.tech_stack === null).length;
        expect(filled).toBeGreaterThan(1);
        const first = formatOutcome(await seed(knex));
        expect(first.at(-1)).toBe(changedLine('job_postings', filled));
        expect(formatOutcome(await seed(knex))).toEqual(['job_postings: up to date']);
        // SEED_FORCE writes them again, and the table changes them again: said again.
        const forced = formatOutcome(await seed(knex, { force: true }));
        expect(forced).toEqual([
          `job_postings: 0 created, ${filled} updated, ${N - filled} unchanged`,
          changedLine('job_postings', filled),
        ]);
      },
    );
  });

  test('rows a trigger changed: reported for a COPY of new rows and for rows written after the COPY fell back', async () => {
    const knex = db().knex();
    await knex.raw('TRUNCATE job_postings, seed_guard');
    const changed = (from: number, to: number) =>
      [...generatePostings(from, to, DEFAULT_RANDOM_SEED)].filter((p) => p.title !== p.title.toUpperCase())
        .length;
    await withRowTrigger(knex, 'app_upper_title', 'NEW.title := upper(NEW.title);', async () => {
      // 30 synthetic postings COPYed straight into the table: not in the plan table, counted after the COPY.
      expect(formatOutcome(await seed(knex, { syntheticCount: 30 }))).toContain(
        changedLine(SYNTHETIC_SEED_NAME, changed(0, 30)),
      );
      // The app holds the id of posting 35: the COPY of 30..39 fails and falls back to the plan, whose writes
      // run after the savepoint was rolled back to.
      await knex('job_postings').insert({ ...APP_POSTING, id: postingId(syntheticKey(35)) });
      const grown = formatOutcome(await seed(knex, { syntheticCount: 40 }));
      // The 30 the trigger changed count as edited by the app now (kept).
      expect(grown).toContain(
        `${SYNTHETIC_SEED_NAME}: 9 created, 0 updated, 0 unchanged, 30 edited by the app (kept), 1 at ids held by rows this seed did not write (left alone)`,
      );
      expect(grown).toContain(changedLine(SYNTHETIC_SEED_NAME, changed(30, 40) - changed(35, 36)));
    });
  });

  test('a NUL character or a lone surrogate in a curated text is DATA_INVALID naming the posting and field; nothing is written', async () => {
    const knex = db().knex();
    await seededDatabase(knex);
    const before = await tableFingerprint(knex);
    const data = curatedCopy();
    data[0].description = `${data[0].description}\u0000`;
    data[1].required_skills = [...data[1].required_skills, 'Go\u0000lang'];
    // And half a surrogate pair: no character, it would be stored as U+FFFD.
    data[2].title = `${data[2].title} \ud83d`;
    data[3].required_skills = [...data[3].required_skills, '\udc00 Rust'];
    const error = await seed(knex, { force: true }, data).catch((e) => e);
    expect(error.code).toBe('DATA_INVALID');
    const text = error.format();
    expect(text).toContain(`${data[0].key}.description: contains a NUL character (\\u0000)`);
    expect(text).toContain(`${data[1].key}.required_skills: contains a NUL character (\\u0000)`);
    expect(text).toContain(`${data[2].key}.title: contains half of a UTF-16 surrogate pair`);
    expect(text).toContain(`${data[3].key}.required_skills: contains half of a UTF-16 surrogate pair`);
    expect(await tableFingerprint(knex)).toBe(before);
  });

  test('an app-added NOT NULL column without a default is a schema error naming the column, not a data error', async () => {
    const knex = db().knex();
    await seededDatabase(knex);
    // As an app would add one to a table with rows: a default for the existing rows, then dropped.
    await knex.raw(`ALTER TABLE job_postings ADD COLUMN app_owner text NOT NULL DEFAULT 'app'`);
    await knex.raw('ALTER TABLE job_postings ALTER COLUMN app_owner DROP DEFAULT');
    try {
      const before = await tableFingerprint(knex);
      const data = curatedCopy();
      data.push({ ...data[0], key: 'new-posting-after-the-column', title: 'A new posting' });
      for (const run of [() => seed(knex, {}, data), () => seed(knex, { syntheticCount: 10 })]) {
        const error = describeError(await run().catch((e) => e), db().target);
        expect(error.format()).toBe(
          'SCHEMA_INCOMPATIBLE: column job_postings.app_owner is NOT NULL without a default, and the seed does not ' +
            'write it (the schema, not the data set, needs the fix): give it a default (ALTER TABLE job_postings ' +
            'ALTER COLUMN app_owner SET DEFAULT ...) or make it nullable (ALTER TABLE job_postings ALTER COLUMN ' +
            'app_owner DROP NOT NULL); nothing was written',
        );
        expect(await tableFingerprint(knex)).toBe(before);
      }
    } finally {
      await knex.raw('ALTER TABLE job_postings DROP COLUMN app_owner');
    }
  });

  test('a table that inherits from job_postings is a schema error before any write, not rows counted as the seed’s', async () => {
    const knex = db().knex();
    await seededDatabase(knex);
    // An app's archive of closed postings, seed_name and all: a query of job_postings reads its rows too.
    await knex.raw('CREATE TABLE job_postings_archive () INHERITS (job_postings)');
    await knex.raw(`INSERT INTO job_postings_archive SELECT * FROM job_postings WHERE id = ?`, [
      postingId(CURATED_POSTINGS[0].key),
    ]);
    try {
      const before = await tableFingerprint(knex);
      const error = describeError(await seed(knex).catch((e) => e), db().target);
      expect(error.format()).toBe(
        'SCHEMA_INCOMPATIBLE: table job_postings has tables that inherit from it (job_postings_archive): the ' +
          "seed's reads, updates and deletes of job_postings would reach their rows too, and count them as its own; " +
          'nothing was written: make job_postings_archive a table of its own (ALTER TABLE ... NO INHERIT job_postings)',
      );
      expect(await tableFingerprint(knex)).toBe(before);
    } finally {
      await knex.raw('DROP TABLE job_postings_archive');
    }
  });
});

// The app deleting rows while the seed writes needs a second connection: the server only (PGlite has one).

describeServer('rows the app deletes while the seed writes [postgres]', () => {
  let db: ScratchDatabase;
  beforeAll(async () => {
    db = await createScratchDatabase('postgres', 'app-deletes');
    await db.knex().migrate.latest();
  });
  afterAll(async () => {
    await db?.drop();
  });

  test('are reported as deleted by the app, not as edited', async () => {
    const knex = db.knex();
    await seededDatabase(knex);
    const data = curatedCopy();
    data[0].title = `${data[0].title} (changed)`;
    data[1].title = `${data[1].title} (changed)`;
    const id = postingId(data[0].key);
    // The app deletes the posting and holds its row lock until the seed is queued behind it.
    const app = await knex.transaction();
    await app('job_postings').where({ id }).del();
    const { rows } = await app.raw('SELECT pg_backend_pid() AS pid');
    const running = seed(knex, {}, data);
    await waitFor('the seed to wait for the row the app deleted', async () => {
      const waiting = await knex.raw(
        `SELECT count(*) AS n FROM pg_stat_activity
         WHERE datname = current_database() AND wait_event_type = 'Lock' AND ? = ANY(pg_blocking_pids(pid))`,
        [rows[0].pid],
      );
      return Number(waiting.rows[0].n) > 0;
    });
    await app.commit();
    const outcome = await running;
    expect(formatOutcome(outcome)[0]).toBe(
      `job_postings: 0 created, 1 updated, ${N - 2} unchanged, 1 deleted by the app (not re-created)`,
    );
    expect(outcome.results[0].counts).toMatchObject({ editedByApp: 0, deletedByApp: 1 });
    // The guard knows the table: the next run with the same data set is up to date.
    expect(formatOutcome(await seed(knex, {}, data))).toEqual(['job_postings: up to date']);
  });
});
