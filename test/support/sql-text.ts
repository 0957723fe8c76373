/**
 * What the SQL-as-text tests share (test/unit/seed-sql.test.ts, test/unit/bulk-load-sql.test.ts): the statement
 * as node-postgres receives it, a course table's item type, a seed name that would break pasted SQL, and the
 * content hash those tests' course table computes in SQL.
 */
import knexFactory from 'knex';
import type { Sql } from '../../src/db/sql';

const pg = knexFactory({ client: 'pg' });

/** The statement as node-postgres receives it, whitespace runs folded to one space. */
export function render(q: Sql): { sql: string; bindings: readonly unknown[] } {
  const native = pg
    .raw(q.sql, q.bindings as never)
    .toSQL()
    .toNative();
  return { sql: native.sql.replace(/\s+/g, ' ').trim(), bindings: native.bindings };
}

/** The item of the tests' `courses` table. */
export interface Course {
  key: string;
  title: string;
  price: number;
  published?: boolean;
  created_minutes?: number;
  updated_minutes?: number;
}

/** A seed name that would break SQL text if it were pasted into it. */
export const SEED = "o'brien; DROP TABLE courses; --";

/**
 * The content hash of a `courses` row (alias `j`) described as `{ title: text(), price: numeric(8, 2) }`: the
 * UTF-8 bytes of the text, as Node hashes them, whatever the database's encoding.
 */
export const HASH_J =
  "md5(convert_to(concat_ws(chr(31), coalesce(j.title::text, chr(2)), coalesce(j.price::numeric(8,2)::text, chr(2))), 'UTF8'))";
