// Every hash the seed computes: a row's content hash (in JavaScript and in SQL, one formula), the formula of
// the hashes already stored (the guard's recorded columns), and the checksum of a whole data set.

import { createHash, hash } from 'node:crypto';
import type { Knex } from 'knex';
import { rowEncoders } from './rows';
import type { KeyedItem, SeedTable } from './table';

/**
 * The content hash of a row: md5 of its content columns' text joined by chr 31 (null is chr 2), computed
 * identically here (for the rows a seed writes) and in SQL (for the rows as they are now).
 *
 * The formula depends on the content column list, so the guard stores that list (its {@link HashSpec}) next to
 * the checksum: a run after a column was added or removed reads the hashes already in the table with the
 * formula they were written with, and can still tell an app edit from a data set change.
 */

/** One content column as the hash reads it in SQL: `name`, or `name::cast`. */
export type HashSpec = readonly string[];

/** The hash spec of a table's content columns as described now. */
export function hashSpecOf(table: SeedTable): HashSpec {
  return table.dataColumns
    .slice(0, table.contentColumns.length)
    .map(([name, column]) => (column.cast ? `${name}::${column.cast}` : name));
}

/** The column names of a hash spec. */
export function hashSpecColumns(spec: HashSpec): string[] {
  return spec.map((entry) => entry.split('::')[0]);
}

/** md5 (hex) of an item's content, equal to {@link contentHashSql} of the row the seed writes for it. */
export function contentHasher<Item extends KeyedItem>(table: SeedTable<Item>): (item: Item) => string {
  const { hashText } = rowEncoders(table);
  return (item) => hash('md5', hashText(item), 'hex');
}

/** The same hash in SQL over the row alias `a`, for the columns of `spec`. */
export function contentHashSql(spec: HashSpec, a: string): string {
  const fields = spec.map((entry) => {
    const [name, cast] = entry.split('::');
    return `coalesce(${a}.${name}${cast ? `::${cast}` : ''}::text, chr(2))`;
  });
  // The UTF-8 bytes, as Node hashes them: md5(text) hashes the database's encoding (LATIN1: other bytes).
  return `md5(convert_to(concat_ws(chr(31), ${fields.join(', ')}), 'UTF8'))`;
}

/** How the hashes already in the table are to be read, and whether the content columns changed since. */
export interface StoredHash {
  /** The content columns the rows' hashes were written over; null when it cannot be computed any more. */
  spec: HashSpec | null;
  /** The content columns differ from those the guard recorded: every row is compared, none is up to date. */
  changed: boolean;
  /** Recorded content columns the table no longer has (then `sql` is null). */
  missing: string[];
}

/** `name` or `name::cast` as {@link hashSpecOf} writes them (a plain identifier; a cast such as `numeric(12,2)`). */
const HASH_SPEC_ENTRY = /^[a-z_][a-z0-9_]*(::[a-z][a-z ]*(\(\d+(,\d+)?\))?)?$/;

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
    return { spec: current, changed: false, missing: [] };
  }
  const { rows } = await trx.raw(
    `SELECT attname FROM pg_attribute WHERE attrelid = to_regclass(?) AND attnum > 0 AND NOT attisdropped`,
    [table.table],
  );
  const present = new Set(rows.map((r: { attname: string }) => r.attname));
  // The recorded spec is read back from the database and becomes SQL text: only the shapes hashSpecOf writes.
  const missing = hashSpecColumns(recorded).filter((c) => !present.has(c));
  for (const entry of recorded) if (!HASH_SPEC_ENTRY.test(entry)) missing.push(entry);
  return {
    spec: missing.length > 0 ? null : recorded,
    changed: true,
    missing,
  };
}

/** sha256 (hex) of a JSON value with object keys sorted, so equal data sets always checksum alike. */
export function checksumOf(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

function canonicalJson(value: unknown): string {
  // A Date or a bigint is data (timestamptz, bigint columns): as the text its column is written from.
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (typeof value === 'bigint') return JSON.stringify(`${value}n`);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Bump when the meaning of a data set's rows changes without the data changing, to make every run re-apply. */
const CURATED_FORMAT = 1;

/** The checksum the guard records for a hand-written data set. */
export function curatedChecksum(items: readonly unknown[]): string {
  // `postings` is the field's historical name: renaming it would make every existing database re-compare once.
  return checksumOf({ format: CURATED_FORMAT, postings: items });
}

/** The checksum of a generated data set depends only on what selects the rows: a no-op rerun generates none. */
export function generatedChecksum(count: number, variant: Record<string, string | number>): string {
  // No rows: nothing that selects them matters.
  if (count === 0) return checksumOf({ count });
  return checksumOf({ ...variant, count });
}
