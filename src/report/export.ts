import { postingId } from '../data/posting-id';
import type { SeedPosting } from '../data/types';
import { type CuratedSource, columnValue, type KeyedItem } from '../seed/table/description';

/** A curated posting as the seed writes it: its id, and the defaults the database fills in. */
export interface ExportedPosting
  extends Omit<SeedPosting, 'status' | 'is_cancelled' | 'cancellation_reason'> {
  id: string;
  status: NonNullable<SeedPosting['status']>;
  is_cancelled: boolean;
  cancellation_reason: string | null;
}

/** The data set with the ids the seed gives each posting, for fixtures that must match the database. */
export function exportPostings(postings: readonly SeedPosting[]): ExportedPosting[] {
  return postings.map((p) => ({
    id: postingId(p.key),
    ...p,
    status: p.status ?? 'active',
    is_cancelled: p.is_cancelled ?? false,
    cancellation_reason: p.cancellation_reason ?? null,
  }));
}

/**
 * A hand-written data set as its rows hold it: each item with its row id first, a lifecycle column the item
 * leaves out at the value a new row starts with, and a `ref` column as the id it writes (the database's value).
 */
export function exportSeed<Item extends KeyedItem>(source: CuratedSource<Item>): Record<string, unknown>[] {
  const { table } = source;
  return source.items.map((item) => {
    const row: Record<string, unknown> = { id: table.idOf(item.key), ...(item as unknown as object) };
    for (const [name, column] of table.dataColumns) {
      const value = columnValue(item, name, column);
      if (column.references) row[name] = value === null || value === undefined ? null : column.bind(value);
      else if (table.lifecycleColumns.includes(name)) row[name] = value ?? null;
    }
    return row;
  });
}
