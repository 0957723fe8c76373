import type { Knex } from 'knex';
import { contentHashSql, type HashSpec, hashSpecColumns, hashSpecOf } from './content-hash';
import type { SeedTable } from './table';

/** How the hashes already in the table are to be read, and whether the content columns changed since. */
export interface StoredHash {
  /** The hash the rows were written with, over a row alias; null when it cannot be computed any more. */
  sql: ((alias: string) => string) | null;
  /** The content columns differ from those the guard recorded: every row is compared, none is up to date. */
  changed: boolean;
  /** Recorded content columns the table no longer has (then `sql` is null). */
  missing: string[];
}

function sameSpec(a: HashSpec, b: HashSpec): boolean {
  return a.length === b.length && a.every((entry, i) => entry === b[i]);
}

/**
 * The content hash formula of a seed's rows: the one of the columns its guard recorded (a guard written before
 * columns were recorded used today's). When that differs from the description, the recorded formula still tells
 * an app edit from a data set change, as long as every recorded column is still in the table.
 */
export async function storedHash(
  trx: Knex.Transaction,
  table: SeedTable,
  recorded: HashSpec | null | undefined,
): Promise<StoredHash> {
  const current = hashSpecOf(table);
  if (!recorded || sameSpec(recorded, current)) {
    return { sql: (alias) => contentHashSql(current, alias), changed: false, missing: [] };
  }
  const { rows } = await trx.raw(
    `SELECT attname FROM pg_attribute WHERE attrelid = to_regclass(?) AND attnum > 0 AND NOT attisdropped`,
    [table.table],
  );
  const present = new Set(rows.map((r: { attname: string }) => r.attname));
  const missing = hashSpecColumns(recorded).filter((c) => !present.has(c));
  return {
    sql: missing.length > 0 ? null : (alias) => contentHashSql(recorded, alias),
    changed: true,
    missing,
  };
}
