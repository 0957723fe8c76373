/**
 * The SQL of the bulk paths as text (src/seed/write/bulk-load.ts): every value bound,
 * identifiers quoted by knex. Running it is test/index-rebuild.test.ts's and test/bulk-load.test.ts's job.
 */

import { hashSpecOf } from '../../src/seed/hashing';
import { boolean, numeric, text } from '../../src/seed/table/columns';
import { defineSeedTable } from '../../src/seed/table/description';
import {
  dropIndexSql,
  rebuildableIndexesSql,
  rebuildMemorySql,
  recreateIndexSql,
  rowsUpToSql,
  SEED_NAME_SETTING,
  seedNameSettingSql,
  storedHashesSql,
} from '../../src/seed/write/bulk-load';
import { type Course, HASH_J, render } from '../support/sql-text';

const courses = defineSeedTable<Course>({
  table: 'courses',
  content: { title: text(), price: numeric(8, 2) },
  lifecycle: { published: boolean(false) },
  validate: () => [],
  noun: { one: 'course', many: 'courses' },
});

describe('index-after-load', () => {
  test('the rebuildable indexes of a table named by a bound value: plain, owned, no constraint or comment', () => {
    const { sql, bindings } = render(rebuildableIndexesSql("courses'; --"));
    expect(bindings).toEqual(["courses'; --"]);
    expect(sql).toContain('pg_get_indexdef(x.indexrelid) AS definition');
    expect(sql).toContain("quote_ident(n.nspname) || '.' || quote_ident(i.relname) AS qualified_name");
    expect(sql).toContain('WHERE x.indrelid = to_regclass($1)');
    for (const condition of [
      "t.relkind = 'r'",
      "pg_has_role(t.relowner, 'USAGE')",
      'NOT x.indisunique AND NOT x.indisprimary AND NOT x.indisexclusion',
      'x.indisvalid AND x.indisready AND x.indislive',
      'NOT x.indisclustered AND NOT x.indisreplident',
      'i.reltablespace = 0',
      'NOT EXISTS (SELECT FROM pg_constraint c WHERE c.conindid = x.indexrelid)',
      "d.deptype = 'e'",
      'NOT EXISTS (SELECT FROM pg_description d',
    ])
      expect(sql).toContain(condition);
    expect(sql).toMatch(/ORDER BY i\.relname$/);
  });

  test('a load in id order leaves out the indexes led by the id, or by the seed name then the id: names bound', () => {
    const plain = render(rebuildableIndexesSql('courses'));
    expect(plain.sql).not.toContain('pg_get_indexdef(x.indexrelid, 1, true)');
    const { sql, bindings } = render(rebuildableIndexesSql('courses', { id: 'id', seedName: 'seed_name' }));
    expect(bindings).toEqual(['courses', 'id', 'seed_name', 'id']);
    expect(sql).toContain(
      'AND NOT (pg_get_indexdef(x.indexrelid, 1, true) = $2 OR (pg_get_indexdef(x.indexrelid, 1, true) = $3 ' +
        'AND pg_get_indexdef(x.indexrelid, 2, true) = $4)) ORDER BY',
    );
  });

  test('the bounded count of rows already in the table', () => {
    expect(render(rowsUpToSql('courses', 20000))).toEqual({
      sql: 'SELECT count(*)::int AS n FROM (SELECT FROM "courses" LIMIT $1) existing',
      bindings: [20000],
    });
  });

  test('DROP takes the name as the server quoted it; CREATE is the index definition, its ? escaped', () => {
    expect(render(dropIndexSql({ qualifiedName: 'public."Odd idx"' }))).toEqual({
      sql: 'DROP INDEX public."Odd idx"',
      bindings: [],
    });
    const definition =
      "CREATE INDEX ts_title_idx ON public.courses USING btree (lower(title)) WHERE (skills ? 'TypeScript'::text)";
    expect(render(recreateIndexSql({ definition }))).toEqual({ sql: definition, bindings: [] });
  });

  test('sort memory for the rebuild, for the transaction only, bound', () => {
    expect(render(rebuildMemorySql({ indexRebuildMemoryMB: 256 }))).toEqual({
      sql: "SELECT set_config('maintenance_work_mem', $1, true)",
      bindings: ['256MB'],
    });
  });
});

describe('hashes first', () => {
  test("the seed's name bound once, for the transaction: COPY takes no parameters", () => {
    expect(render(seedNameSettingSql("x'; --"))).toEqual({
      sql: 'SELECT set_config($1, $2, true)',
      bindings: [SEED_NAME_SETTING, "x'; --"],
    });
  });

  test("the seed's rows in id order: stored hash, and whether the content still hashes to it by the recorded formula", () => {
    expect(render(storedHashesSql(courses, hashSpecOf(courses), false)).sql).toBe(
      `SELECT j.id, j.seed_content_hash, coalesce(j.seed_content_hash = ${HASH_J}, false) FROM "courses" j WHERE j.seed_name = current_setting('${SEED_NAME_SETTING}') ORDER BY j.id`,
    );
  });

  test('under SEED_FORCE the lifecycle columns hashed too; without a formula no row is unchanged', () => {
    expect(render(storedHashesSql(courses, hashSpecOf(courses), true)).sql).toContain(
      `, false), md5(convert_to(concat_ws(chr(31), coalesce(j.published::text, chr(2))), 'UTF8')) FROM`,
    );
    expect(render(storedHashesSql(courses, null, false)).sql).toContain(
      'coalesce(j.seed_content_hash = NULL::text, false)',
    );
  });
});
