import type { Column } from './columns';
import { HASH_SEPARATOR } from './columns';
import type { KeyedItem, SeedTable } from './table';

/** An item's content and lifecycle columns as CSV fields, and its content as the text the content hash takes. */
export interface RowEncoders<Item> {
  csvFields(item: Item): string;
  hashText(item: Item): string;
  /** The item's ages in minutes (`SeedTable.ages`; 0 when left out or the table has none). */
  createdAge(item: Item): number;
  updatedAge(item: Item): number;
}

const cache = new WeakMap<SeedTable, RowEncoders<KeyedItem>>();

/**
 * The encoders of a table's rows, compiled once per table from its column list into the code one would write by
 * hand for it (`item.title`, one call site per column). A generic loop over the columns measured 15-20% slower
 * per row in `npm run bench`'s loads (a keyed property load and a shared call site per field, for a million rows).
 * Column names are plain identifiers (defineSeedTable checks), so the generated code is only property reads.
 */
export function rowEncoders<Item extends KeyedItem>(table: SeedTable<Item>): RowEncoders<Item> {
  let encoders = cache.get(table as SeedTable);
  if (!encoders) {
    encoders = compile(table.dataColumns, table.contentColumns.length, table.ages);
    cache.set(table as SeedTable, encoders);
  }
  return encoders as RowEncoders<Item>;
}

function compile(
  columns: readonly (readonly [string, Column])[],
  contentCount: number,
  ages: SeedTable['ages'],
): RowEncoders<KeyedItem> {
  const age = (field: string | undefined) => (field ? `(item) => item.${field} ?? 0` : '() => 0');
  const value = (i: number) =>
    `(item.${columns[i][0]} === undefined ? c${i}.fallback : item.${columns[i][0]})`;
  const locals = columns.map((_, i) => `const c${i} = columns[${i}][1];`).join('\n');
  const csv = columns.map((_, i) => `c${i}.csv(${value(i)})`).join(',\n');
  const hash = columns
    .slice(0, contentCount)
    .map((_, i) => `c${i}.hashText(${value(i)})`)
    .join(` + ${JSON.stringify(HASH_SEPARATOR)} + `);
  const factory = new Function(
    'columns',
    `${locals}
    return {
      csvFields: (item) => [${csv}].join(','),
      hashText: (item) => ${hash},
      createdAge: ${age(ages?.created)},
      updatedAge: ${age(ages?.updated)},
    };`,
  ) as (columns: readonly (readonly [string, Column])[]) => RowEncoders<KeyedItem>;
  return factory(columns);
}
