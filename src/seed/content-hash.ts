import { hash } from 'node:crypto';
import { rowEncoders } from './row-encoders';
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
