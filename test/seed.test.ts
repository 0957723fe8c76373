import { CURATED_POSTINGS } from '../src/data/curated';
import { postingId } from '../src/data/posting-id';
import { isSeedError } from '../src/errors';
import { formatOutcome } from '../src/seed/summary';
import { describeEachMigratedTarget } from './support/databases';
import {
  APP_POSTING,
  countRows,
  curatedCopy,
  resetTables,
  rowStates,
  seed,
  tableFingerprint,
} from './support/seeding';

const N = CURATED_POSTINGS.length;

describeEachMigratedTarget('seed:run', (db) => {
  // Every test starts from an empty, migrated database and seeds what it needs (41 rows take milliseconds). The
  // one test that rolls the migrations back migrates again as it ends (a knex look at knex_migrations per test
  // cost 0.13 s of CPU on PGlite).
  beforeEach(async () => {
    await resetTables(db().knex());
  });

  test('first run creates every posting with its derived id and says so', async () => {
    const knex = db().knex();
    const outcome = await seed(knex);
    const lines = formatOutcome(outcome);
    const stacks = new Set(CURATED_POSTINGS.map((p) => p.tech_stack).filter(Boolean)).size;
    expect(lines[0]).toBe(`✓ Created ${N} job postings across ${stacks} tech stacks`);
    expect(lines[1]).toMatch(/^✓ Role categories: /);
    expect(lines[2]).toMatch(/^✓ Tech stacks: /);
    expect(await countRows(knex)).toBe(N);
    const ids = (await knex('job_postings').pluck('id')).sort();
    expect(ids).toEqual(CURATED_POSTINGS.map((p) => postingId(p.key)).sort());
    const guard = await knex('seed_guard').where({ seed_name: 'job_postings' }).first();
    expect(guard?.row_count).toBe(N);
    expect([...(guard?.owned_keys ?? [])].sort()).toEqual(CURATED_POSTINGS.map((p) => p.key).sort());
    expect(guard?.checksum).toMatch(/^[0-9a-f]{64}$/);
  });

  test('a rerun is a no-op: up to date, nothing written', async () => {
    const knex = db().knex();
    await seed(knex);
    const before = await tableFingerprint(knex);
    const outcome = await seed(knex);
    expect(formatOutcome(outcome)).toEqual(['job_postings: up to date']);
    expect(await tableFingerprint(knex)).toBe(before);
  });

  test('a changed data set updates in place, keeps created_at, moves updated_at only where content changed', async () => {
    const knex = db().knex();
    await seed(knex);
    const before = await rowStates(knex);
    const data = curatedCopy();
    data[0].title = `${data[0].title} II`;
    data[1].salary_max = (data[1].salary_max ?? 0) + 1000;
    const outcome = await seed(knex, {}, data);
    expect(formatOutcome(outcome)).toEqual([`job_postings: 0 created, 2 updated, ${N - 2} unchanged`]);
    const after = await rowStates(knex);
    expect(after.size).toBe(N);
    for (const [id, row] of after) {
      const old = before.get(id);
      expect(old).toBeDefined();
      expect(row.created_at).toBe(old?.created_at);
      const changed = id === postingId(data[0].key) || id === postingId(data[1].key);
      if (changed) expect(row.updated_at > (old?.updated_at ?? '')).toBe(true);
      else expect(row.updated_at).toBe(old?.updated_at);
    }
    expect(after.get(postingId(data[0].key))?.title).toBe(data[0].title);
  });

  test('an app-created row and an app-closed posting survive reruns and data changes', async () => {
    const knex = db().knex();
    await seed(knex);
    const [app] = await knex('job_postings').insert(APP_POSTING).returning('*');
    const closedKey = CURATED_POSTINGS[2].key;
    await knex('job_postings')
      .where({ id: postingId(closedKey) })
      .update({ status: 'closed', is_cancelled: true, cancellation_reason: 'Filled' });
    const data = curatedCopy();
    data[2].description = `${data[2].description} Visa sponsorship available.`;
    expect(formatOutcome(await seed(knex, {}, data))).toEqual([
      `job_postings: 0 created, 1 updated, ${N - 1} unchanged`,
    ]);
    const closed = await knex('job_postings')
      .where({ id: postingId(closedKey) })
      .first();
    expect(closed).toMatchObject({ status: 'closed', is_cancelled: true, cancellation_reason: 'Filled' });
    expect(closed?.description).toBe(data[2].description);
    const kept = await knex('job_postings').where({ id: app.id }).first();
    expect(kept).toMatchObject({ title: 'Barista', seed_name: null, seed_content_hash: null });
    expect(new Date(kept?.updated_at ?? 0).toISOString()).toBe(new Date(app.updated_at).toISOString());
  });

  test('content the app edited or rows it deleted stay as the app left them; SEED_FORCE resets them', async () => {
    const knex = db().knex();
    await seed(knex);
    const edited = postingId(CURATED_POSTINGS[3].key);
    const deleted = postingId(CURATED_POSTINGS[4].key);
    await knex('job_postings').where({ id: edited }).update({ title: 'Renamed by the app' });
    await knex('job_postings').where({ id: deleted }).del();
    const data = curatedCopy();
    for (const p of data.slice(3, 6)) p.company = `${p.company} Group`;
    const outcome = await seed(knex, {}, data);
    expect(formatOutcome(outcome)[0]).toBe(
      `job_postings: 0 created, 1 updated, ${N - 3} unchanged, 1 edited by the app (kept), 1 deleted by the app (not re-created)`,
    );
    expect((await knex('job_postings').where({ id: edited }).first())?.title).toBe('Renamed by the app');
    expect(await countRows(knex, { id: deleted })).toBe(0);

    const forced = await seed(knex, { force: true }, data);
    // the edited row is reset, the deleted one re-created; the rest already match the data set
    expect(forced.results[0].counts).toMatchObject({
      created: 1,
      updated: 1,
      editedByApp: 0,
      deletedByApp: 0,
    });
    const reset = await knex('job_postings').where({ id: edited }).first();
    expect(reset?.title).toBe(data[3].title);
    expect(reset?.company).toBe(data[3].company);
    expect(await countRows(knex, { id: deleted })).toBe(1);
  });

  test('SEED_FORCE also resets lifecycle columns of seed-owned rows', async () => {
    const knex = db().knex();
    await seed(knex);
    const id = postingId(CURATED_POSTINGS[5].key);
    await knex('job_postings').where({ id }).update({ status: 'paused' });
    expect((await seed(knex)).results[0].upToDate).toBe(true);
    expect((await knex('job_postings').where({ id }).first())?.status).toBe('paused');
    const forced = await seed(knex, { force: true });
    expect(forced.results[0].counts).toMatchObject({ updated: 1, created: 0 });
    expect((await knex('job_postings').where({ id }).first())?.status).toBe(
      CURATED_POSTINGS[5].status ?? 'active',
    );
  });

  test('a posting removed from the data set is left and reported; SEED_PRUNE deletes only seed-owned ones', async () => {
    const knex = db().knex();
    await seed(knex);
    const data = curatedCopy();
    const removed = data.pop();
    if (!removed) throw new Error('empty data set');
    const outcome = await seed(knex, {}, data);
    const lines = formatOutcome(outcome);
    expect(lines[0]).toBe(`job_postings: 0 created, 0 updated, ${N - 1} unchanged`);
    expect(lines[1]).toContain(
      `1 posting left the data set and stays in the table (SEED_PRUNE=true deletes those the app did not edit): ${removed.key}`,
    );
    expect(await countRows(knex, { id: postingId(removed.key) })).toBe(1);
    // same data again: up to date, still reported
    expect(formatOutcome(await seed(knex, {}, data))).toEqual([
      'job_postings: up to date',
      `job_postings: 1 posting left the data set and stays in the table (SEED_PRUNE=true deletes those the app did not edit): ${removed.key}`,
    ]);
    const appRows = await countRows(knex, { seed_name: null });
    const pruned = await seed(knex, { prune: true }, data);
    expect(pruned.results[0].counts).toMatchObject({ pruned: 1, removed: 0 });
    expect(await countRows(knex, { id: postingId(removed.key) })).toBe(0);
    expect(await countRows(knex, { seed_name: null })).toBe(appRows);
    expect(await countRows(knex)).toBe(N - 1 + appRows);
    // back again: the posting is new to the seed now, so it is created
    expect((await seed(knex)).results[0].counts).toMatchObject({ created: 1 });
  });

  test('a row the app put at a posting id is never touched or owned, even with SEED_FORCE', async () => {
    const knex = db().knex();
    await seed(knex);
    const data = curatedCopy();
    data.push({ ...data[6], key: 'fixture-held-by-app', title: 'Seed Title', company: 'Seed Co' });
    const id = postingId('fixture-held-by-app');
    await knex('job_postings').insert({
      id,
      title: 'App Title',
      company: 'App Co',
      description: 'The app made this row with an id from seed:export.',
      location: 'Hobart, TAS',
      role_category: 'other',
      employment_type: 'contract',
      work_setup: 'onsite',
      status: 'closed',
    });
    for (const force of [false, true]) {
      const outcome = await seed(knex, { force }, data);
      expect(outcome.results[0].counts).toMatchObject({ created: 0, foreign: 1 });
      expect(await knex('job_postings').where({ id }).first()).toMatchObject({
        title: 'App Title',
        status: 'closed',
        seed_name: null,
        seed_content_hash: null,
      });
      const guard = await knex('seed_guard').where({ seed_name: 'job_postings' }).first();
      expect(guard?.owned_keys).not.toContain('fixture-held-by-app');
    }
    expect(formatOutcome(await seed(knex, { force: true }, data))[0]).toContain(
      '1 at ids held by rows this seed did not write (left alone)',
    );
    expect((await seed(knex, {}, data)).results[0].upToDate).toBe(true);
    expect((await knex('job_postings').where({ id }).first())?.title).toBe('App Title');
  });

  test('a hand-written posting may not take a synthetic key', async () => {
    const data = curatedCopy();
    data[0].key = 'synthetic-0000001';
    const error = await seed(db().knex(), {}, data).catch((e) => e);
    expect(error.code).toBe('DATA_INVALID');
    expect(error.format()).toContain(
      'synthetic-0000001.key: "synthetic-" keys belong to the synthetic postings',
    );
  });

  test('invalid data is reported in full and nothing is written', async () => {
    const knex = db().knex();
    await seed(knex);
    const before = await tableFingerprint(knex);
    const data = curatedCopy();
    data[0].salary_min = 200000;
    data[0].salary_max = 100000;
    (data[1] as { role_category: string }).role_category = 'astronaut';
    data[2].required_skills = [];
    data[3].key = data[4].key;
    data[5].salary_currency = 'aud';
    const error = await seed(knex, { force: true }, data).catch((e) => e);
    expect(isSeedError(error) && error.code).toBe('DATA_INVALID');
    const text = error.format();
    expect(text).toContain(`${data[0].key}.salary_min: 200000 is greater than salary_max 100000`);
    expect(text).toContain(`${data[1].key}.role_category: "astronaut" is not a role category`);
    expect(text).toContain(`${data[2].key}.required_skills: must be a non-empty array`);
    expect(text).toContain(`${data[3].key}.key: duplicate of posting #3`);
    expect(text).toContain(`${data[5].key}.salary_currency: "aud" is not an upper-case ISO 4217 code`);
    expect(await tableFingerprint(knex)).toBe(before);
  });

  test('an error part-way through rolls back everything, guard included', async () => {
    const knex = db().knex();
    await seed(knex);
    const before = await tableFingerprint(knex);
    // A constraint the validator does not know about fails inside the transaction, after the first writes.
    await knex.raw(`ALTER TABLE job_postings ADD CONSTRAINT test_no_zurich CHECK (location <> 'Zurich')`);
    try {
      const data = curatedCopy();
      data[0].title = `${data[0].title} (changed)`;
      data.push({ ...data[1], key: 'zurich-posting', location: 'Zurich' }); // inserted after the update
      const error = await seed(knex, {}, data).catch((e) => e);
      expect(error).toBeInstanceOf(Error);
      expect(await tableFingerprint(knex)).toBe(before);
    } finally {
      await knex.raw('ALTER TABLE job_postings DROP CONSTRAINT test_no_zurich');
    }
  });

  test('migrate:rollback --all removes everything, enum types included; migrate:latest restores it', async () => {
    const knex = db().knex();
    await knex.migrate.rollback(undefined, true);
    try {
      const { rows: tables } = await knex.raw(
        `SELECT to_regclass('job_postings') AS a, to_regclass('seed_guard') AS b`,
      );
      expect(tables[0]).toEqual({ a: null, b: null });
      const { rows: types } = await knex.raw(
        `SELECT typname FROM pg_type WHERE typname IN ('role_category','employment_type','work_setup','posting_status')`,
      );
      expect(types).toEqual([]);
      const missing = await seed(knex).catch((e) => e);
      expect(missing.code).toBe('SCHEMA_MISSING');
      expect(missing.message).toBe(
        'table job_postings and seed_guard does not exist: run `npx knex migrate:latest` first',
      );
    } finally {
      // Even when an expectation above fails: every other test starts migrated (no migrate in beforeEach).
      await knex.migrate.latest();
    }
    expect((await seed(knex)).results[0].counts?.created).toBe(N);
  });
});
