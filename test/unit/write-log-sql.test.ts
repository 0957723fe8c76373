/**
 * The write log's SQL as text (src/seed/guard/write-log.ts): the catalog look, the mark's columns and the "written
 * since?" call. Running them is test/write-log.test.ts's job, on both targets.
 */

import {
  markColumnsSql,
  writeLogObjectsSql,
  writeLogSql,
  writtenSinceSql,
} from '../../src/seed/guard/write-log';
import { render } from '../support/sql-text';

const LOG = { oid: '16384', schema: 'app"s', triggers: '1.2,3.4/5.6' };

describe('write log SQL', () => {
  test('the catalog look binds the table as to_regclass reads it, each part quoted', () => {
    const q = render(writeLogSql('Sales.jobs'));
    expect(q.bindings).toEqual(['seed_table_write', '"Sales"."jobs"']);
    expect(q.sql).toContain("t.tgenabled = 'A' AND t.tgqual IS NULL");
    expect(q.sql).toContain('bit_or(t.tgtype::int) & 60 = 60');
  });

  test('the mark is read in the counting statement: its snapshot, its transaction, its own last write', () => {
    expect(render(markColumnsSql(LOG))).toEqual({
      sql: 'pg_current_snapshot()::text AS mark_snapshot, pg_current_xact_id_if_assigned()::text AS mark_xid, "app""s".seed_table_write_seq($1::oid)::text AS mark_seq',
      bindings: ['16384'],
    });
  });

  test('"written since?" binds the mark, a transaction without an id as null', () => {
    const mark = { snapshot: '10:12:10', xid: null, seq: null, triggers: LOG.triggers };
    expect(render(writtenSinceSql(LOG, mark))).toEqual({
      sql: 'SELECT "app""s".seed_table_written_since($1::oid, $2::pg_snapshot, $3::xid8, $4::bigint) AS written',
      bindings: ['16384', '10:12:10', null, null],
    });
  });

  test('the log objects live in one schema; its functions search pg_catalog only and name their own objects with the schema', () => {
    const statements = writeLogObjectsSql('app"s\'');
    expect(statements[0]).toBe(
      'CREATE TABLE "app""s\'".seed_table_writes (table_oid oid NOT NULL, xid xid8 NOT NULL, last_seq bigint NOT NULL, PRIMARY KEY (table_oid, xid))',
    );
    const functions = statements.filter((s) => s.startsWith('CREATE OR REPLACE FUNCTION'));
    expect(functions).toHaveLength(4);
    for (const statement of functions) {
      expect(statement).toContain('SECURITY DEFINER SET search_path = pg_catalog, pg_temp');
      // Every table the bodies read or write carries the schema.
      expect(statement).not.toMatch(/(?<!DISTINCT )(FROM|INTO) (?!"app""s')/);
    }
    // The sequence as a regclass (an unknown literal would prefer any nextval(text)), its name a quoted literal.
    expect(functions[0]).toContain(`nextval('"app""s''".seed_table_writes_seq'::regclass)`);
    expect(functions[3]).toContain(`to_regclass('"app""s''".seed_guard')`);
    expect(functions[3]).toContain(`#> '{table,log}'::text[]`);
  });
});
