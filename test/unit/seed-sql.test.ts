/**
 * The engine's SQL as text: each builder is a pure function of the step (table description, seed name, options,
 * stored hash formula), so what it sends can be read here without a database. Running it is the integration
 * suites' job (test/curated.test.ts, test/synthetic.test.ts, ...). Rendered by knex's pg dialect: `??` becomes a
 * quoted identifier, `?` a numbered parameter.
 */

import { ident, sql, verbatim } from '../../src/db/sql';
import { contentHashSql, hashSpecOf, rolledAgesSql } from '../../src/seed/hashing';
import {
  classifySql,
  planKeysSql,
  plannedUpdatesSql,
  removedKeysSql,
  removedPlanSql,
  type StepSql,
  storedHashSql,
} from '../../src/seed/plan/plan';
import { copySql, resetStagingSql } from '../../src/seed/plan/staging';
import { boolean, numeric, text } from '../../src/seed/table/columns';
import { defineSeedTable } from '../../src/seed/table/description';
import {
  bulkInsertSql,
  bulkUpdateSql,
  lockPlannedUpdatesSql,
  notEditedSinceSql,
  rehashSql,
} from '../../src/seed/write/converge';
import { type Course, HASH_J, render, SEED } from '../support/sql-text';

// A staged row's ages, rolled so created_at keeps the weekday and time its age names (ages.roll: 'week').
const [ROLLED_CREATED, ROLLED_UPDATED] = rolledAgesSql('s._seed_created_age', 's._seed_updated_age');
const CREATED_AT = `now() - make_interval(mins => ${ROLLED_CREATED})`;
const UPDATED_AT = `now() - make_interval(mins => ${ROLLED_UPDATED})`;

const courses = defineSeedTable<Course>({
  table: 'courses',
  content: { title: text(), price: numeric(8, 2) },
  lifecycle: { published: boolean(false) },
  ages: { created: 'created_minutes', updated: 'updated_minutes', roll: 'week' },
  validate: () => [],
  noun: { one: 'course', many: 'courses' },
});

/** Ages not rolled: minutes before the write as they are. */
const unrolled = defineSeedTable<Course>({
  table: 'courses',
  content: { title: text() },
  ages: { created: 'created_minutes', updated: 'updated_minutes' },
  validate: () => [],
  noun: { one: 'course', many: 'courses' },
});

const plain = defineSeedTable<Course>({
  table: 'courses',
  content: { title: text() },
  validate: () => [],
  noun: { one: 'course', many: 'courses' },
});

function step(options: Partial<StepSql['options']> = {}, table = courses): StepSql {
  return {
    table,
    seedName: SEED,
    storedHash: hashSpecOf(table),
    options: { force: false, prune: false, detailLimit: 50, withDetails: false, apply: true, ...options },
  };
}

describe('the sql tag', () => {
  test('binds values, quotes identifiers, splices fragments with their bindings, pastes only verbatim text', () => {
    const inner = sql`x = ${2}`;
    expect(
      render(
        sql`SELECT ${ident('j.title')}, ${ident(['a', 'b'])} FROM t WHERE ${inner} AND y = ${"it's"} AND ${verbatim('true')}`,
      ),
    ).toEqual({
      sql: 'SELECT "j"."title", "a", "b" FROM t WHERE x = $1 AND y = $2 AND true',
      bindings: [2, "it's"],
    });
  });
});

describe('content hash', () => {
  test('md5 of the content columns as PostgreSQL prints them, chr(31) between, chr(2) for null', () => {
    expect(contentHashSql(hashSpecOf(courses), 'j')).toBe(HASH_J);
  });

  test('no stored formula (a recorded column was dropped): NULL, so no row counts as unedited', () => {
    expect(render(storedHashSql({ storedHash: null }, 'j')).sql).toBe('NULL::text');
  });
});

describe('plan', () => {
  test('classify: every value bound, the seed name never in the text', () => {
    expect(render(classifySql(step()))).toEqual({
      sql:
        'CREATE TEMP TABLE "seed_plan" ON COMMIT DROP AS SELECT * FROM ( SELECT s.*, CASE ' +
        "WHEN j.id IS NULL THEN CASE WHEN s._seed_previously_owned AND NOT $1::boolean THEN 'deleted_by_app' ELSE 'create' END " +
        "-- a row at this id that this seed did not write (the app's, or another seed's): never touched " +
        "WHEN j.seed_name IS DISTINCT FROM $2 THEN 'foreign' " +
        '-- cheap column comparison first: the md5 of the current content is computed only for rows that differ ' +
        'WHEN ("j"."title", "j"."price") IS NOT DISTINCT FROM ("s"."title", "s"."price") THEN CASE ' +
        `WHEN $3::boolean AND ("j"."published" IS DISTINCT FROM "s"."published") THEN 'update' ` +
        "WHEN j.seed_content_hash IS DISTINCT FROM s._seed_content_hash THEN 'rehash' ELSE 'unchanged' END " +
        `WHEN ${HASH_J} IS DISTINCT FROM j.seed_content_hash AND NOT $4::boolean THEN 'edited_by_app' ` +
        "ELSE 'update' END AS _seed_action " +
        'FROM "seed_incoming" s LEFT JOIN "courses" j ON j.id = s.id ) classified ' +
        "WHERE _seed_action <> 'unchanged'",
      bindings: [false, SEED, false, false],
    });
  });

  test('classify under SEED_FORCE binds true; a table without lifecycle columns compares none', () => {
    const { sql: text, bindings } = render(classifySql(step({ force: true }, plain)));
    expect(bindings).toEqual([true, SEED, true, true]);
    expect(text).toContain(`WHEN $3::boolean AND (false) THEN 'update'`);
  });

  test('the updated columns of a dry run: column names bound as values', () => {
    expect(render(plannedUpdatesSql(step({ withDetails: true }), 5))).toEqual({
      sql:
        'SELECT s._seed_key AS key, array_to_json(array_remove(ARRAY[' +
        'CASE WHEN "j"."title" IS DISTINCT FROM "s"."title" THEN $1::text END, ' +
        'CASE WHEN "j"."price" IS DISTINCT FROM "s"."price" THEN $2::text END], NULL)) AS columns ' +
        'FROM "seed_plan" s JOIN "courses" j ON j.id = s.id ' +
        "WHERE s._seed_action = 'update' ORDER BY s._seed_key LIMIT $3",
      bindings: ['title', 'price', 5],
    });
    // SEED_FORCE also writes lifecycle columns, so they can be part of an update.
    expect(render(plannedUpdatesSql(step({ force: true }), 5)).bindings).toEqual([
      'title',
      'price',
      'published',
      5,
    ]);
  });

  test('keys by action, limited or not', () => {
    expect(render(planKeysSql('create', 3))).toEqual({
      sql: 'SELECT _seed_key AS key FROM "seed_plan" WHERE _seed_action = $1 ORDER BY _seed_key LIMIT $2',
      bindings: ['create', 3],
    });
    expect(render(removedKeysSql(false, null))).toEqual({
      sql: 'SELECT _seed_key AS key FROM "seed_removed_plan" WHERE prune = $1 ORDER BY _seed_key',
      bindings: [false],
    });
  });

  test('removed rows: prunable only under SEED_PRUNE, an app-edited one only with SEED_FORCE (bound)', () => {
    expect(render(removedPlanSql(step({ prune: true })))).toEqual({
      sql:
        'CREATE TEMP TABLE "seed_removed_plan" ON COMMIT DROP AS ' +
        `SELECT r.id, r._seed_key, ($1::boolean OR ${HASH_J} = j.seed_content_hash) AS prune ` +
        'FROM "seed_removed" r JOIN "courses" j ON j.id = r.id WHERE j.seed_name = $2',
      bindings: [false, SEED],
    });
    expect(render(removedPlanSql(step({ prune: true, force: true }))).bindings).toEqual([true, SEED]);
    expect(render(removedPlanSql(step())).sql).toContain('SELECT r.id, r._seed_key, false AS prune');
  });
});

describe('staging', () => {
  test('temp tables typed from the seeded table itself', () => {
    expect(resetStagingSql(courses).map((q) => render(q).sql)).toEqual([
      'DROP TABLE IF EXISTS "seed_incoming", "seed_removed", "seed_plan", "seed_removed_plan"',
      'CREATE TEMP TABLE "seed_incoming" ON COMMIT DROP AS ' +
        `SELECT id, ''::text AS _seed_key, false AS _seed_previously_owned, "title", "price", "published", ` +
        'seed_content_hash AS _seed_content_hash, 0 AS _seed_created_age, 0 AS _seed_updated_age FROM "courses" WITH NO DATA',
      'CREATE TEMP TABLE "seed_removed" (id uuid NOT NULL, _seed_key text NOT NULL) ON COMMIT DROP',
    ]);
  });

  test('COPY names its table and columns as identifiers', () => {
    expect(render(copySql('courses', ['id', 'title'], 'STDIN'))).toEqual({
      sql: 'COPY "courses" ("id", "title") FROM STDIN WITH (FORMAT text)',
      bindings: [],
    });
  });
});

describe('ages rolled by the week', () => {
  test('the created age keeps its week back and moves to the weekday and time it names from now(); updated keeps its distance', () => {
    const now = 'mod(floor(extract(epoch from now()) / 60)::bigint - 5760, 10080)';
    const rolled = `(c - mod(c, 10080) + mod(${now} + mod(c, 10080), 10080))`;
    expect(rolledAgesSql('c', 'u')).toEqual([`(${rolled})::int`, `greatest(0, u + ${rolled} - c)::int`]);
  });
});

describe('writers', () => {
  test('bulk update: content columns, not edited by the app since the plan', () => {
    expect(render(bulkUpdateSql(step()))).toEqual({
      sql:
        'UPDATE "courses" j SET "title" = "s"."title", "price" = "s"."price", ' +
        'seed_name = $1, seed_content_hash = s._seed_content_hash, updated_at = now() FROM "seed_plan" s ' +
        `WHERE s._seed_action = 'update' AND j.id = s.id AND j.seed_content_hash IS NOT DISTINCT FROM ${HASH_J}`,
      bindings: [SEED],
    });
  });

  test('bulk update under SEED_FORCE: lifecycle columns too, ages re-applied, app edits overwritten', () => {
    expect(render(bulkUpdateSql(step({ force: true })))).toEqual({
      sql:
        'UPDATE "courses" j SET "title" = "s"."title", "price" = "s"."price", "published" = "s"."published", ' +
        `created_at = ${CREATED_AT}, ` +
        `seed_name = $1, seed_content_hash = s._seed_content_hash, updated_at = ${UPDATED_AT} ` +
        `FROM "seed_plan" s WHERE s._seed_action = 'update' AND j.id = s.id`,
      bindings: [SEED],
    });
  });

  test('bulk insert of the planned creates, aged', () => {
    expect(render(bulkInsertSql(step()))).toEqual({
      sql:
        'INSERT INTO "courses" ("id", "title", "price", "published", seed_name, seed_content_hash, created_at, updated_at) ' +
        'SELECT "s"."id", "s"."title", "s"."price", "s"."published", $1, s._seed_content_hash, ' +
        `${CREATED_AT}, ${UPDATED_AT} ` +
        `FROM "seed_plan" s WHERE s._seed_action = 'create' ORDER BY s.id ON CONFLICT (id) DO NOTHING`,
      bindings: [SEED],
    });
    expect(render(bulkInsertSql(step({}, unrolled))).sql).toBe(
      'INSERT INTO "courses" ("id", "title", seed_name, seed_content_hash, created_at, updated_at) ' +
        'SELECT "s"."id", "s"."title", $1, s._seed_content_hash, ' +
        'now() - make_interval(mins => s._seed_created_age), now() - make_interval(mins => s._seed_updated_age) ' +
        `FROM "seed_plan" s WHERE s._seed_action = 'create' ORDER BY s.id ON CONFLICT (id) DO NOTHING`,
    );
    expect(render(bulkInsertSql(step({}, plain))).sql).toBe(
      'INSERT INTO "courses" ("id", "title", seed_name, seed_content_hash) ' +
        `SELECT "s"."id", "s"."title", $1, s._seed_content_hash FROM "seed_plan" s WHERE s._seed_action = 'create' ` +
        'ORDER BY s.id ON CONFLICT (id) DO NOTHING',
    );
  });

  test('rehash, the upsert row lock and its not-edited condition', () => {
    expect(render(rehashSql(step()))).toEqual({
      sql:
        'UPDATE "courses" j SET seed_name = $1, seed_content_hash = s._seed_content_hash FROM "seed_plan" s ' +
        "WHERE s._seed_action = 'rehash' AND j.id = s.id",
      bindings: [SEED],
    });
    expect(render(lockPlannedUpdatesSql(step())).sql).toBe(
      `SELECT j.id FROM "courses" j JOIN "seed_plan" s ON s.id = j.id WHERE s._seed_action = 'update' ORDER BY j.id FOR UPDATE OF j`,
    );
    expect(render(notEditedSinceSql(step())).sql).toBe(
      `"courses"."seed_content_hash" IS NOT DISTINCT FROM ${HASH_J.replace(/\bj\./g, 'courses.')}`,
    );
  });
});
