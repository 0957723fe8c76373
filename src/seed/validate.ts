import { SeedError } from '../errors';
import type { KeyedItem, SeedTable } from './table';

const KEY_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

function hasNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  return Array.isArray(value) && value.some(hasNul);
}

/**
 * Every problem of one item, each as `field: what is wrong` (empty when valid): the key, the table's own
 * checks, and a NUL character in any column, which PostgreSQL cannot store in text or jsonb.
 */
export function itemProblems<Item extends KeyedItem>(table: SeedTable<Item>, item: Item): string[] {
  const problems =
    typeof item.key !== 'string' || !KEY_PATTERN.test(item.key) ? ['key: must be lower-case kebab-case'] : [];
  problems.push(...table.validate(item));
  const record = item as unknown as Record<string, unknown>;
  for (const field of ['key', ...table.contentColumns, ...table.lifecycleColumns]) {
    if (hasNul(record[field]))
      problems.push(
        `${field}: contains a NUL character (\\u0000), which PostgreSQL cannot store in text or jsonb`,
      );
  }
  return problems;
}

/** Every problem of a hand-written data set, each naming the item's key and field (empty when valid). */
export function dataSetProblems<Item extends KeyedItem>(
  table: SeedTable<Item>,
  items: readonly Item[],
): string[] {
  const problems: string[] = [];
  const keys = new Map<string, number>();
  items.forEach((item, index) => {
    const name = typeof item.key === 'string' && item.key ? item.key : `#${index}`;
    for (const problem of itemProblems(table, item)) problems.push(`${name}.${problem}`);
    if (keys.has(item.key))
      problems.push(`${name}.key: duplicate of ${table.noun.one} #${keys.get(item.key)}`);
    else keys.set(item.key, index);
  });
  return [...problems, ...(table.validateDataSet?.(items) ?? [])];
}

/** Throws `DATA_INVALID` listing every problem at once; returns quietly when the data set is valid. */
export function assertValidDataSet<Item extends KeyedItem>(
  seedName: string,
  table: SeedTable<Item>,
  items: readonly Item[],
): void {
  const problems = dataSetProblems(table, items);
  if (problems.length === 0) return;
  throw new SeedError(
    'DATA_INVALID',
    `the ${seedName} data set has ${problems.length} problem(s); nothing was written — fix them and run again`,
    { details: problems },
  );
}
