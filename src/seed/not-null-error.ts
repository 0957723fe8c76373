import { SeedError } from '../errors';
import { writtenColumns } from './staging';
import type { SeedTable } from './table';

interface NotNullViolation {
  code?: string;
  column?: string;
  table?: string;
  message?: string;
}

/**
 * A NOT NULL violation on a column the seeded table's description does not know (one the app added without a
 * default): the seed never writes it, so it is the schema, not the data set, that needs the fix. Undefined for
 * any other error, including a NOT NULL violation on one of the seed's own columns (that is the data's).
 */
export function unknownNotNullColumn(error: unknown, tables: readonly SeedTable[]): SeedError | undefined {
  const e = (error ?? {}) as NotNullViolation;
  if (e.code !== '23502') return undefined;
  const column = e.column ?? /null value in column "([^"]+)"/.exec(String(e.message))?.[1];
  const seeded = tables.find((t) => t.table === e.table) ?? (tables.length === 1 ? tables[0] : undefined);
  if (!column || !seeded) return undefined;
  const table = seeded.table;
  if ([...writtenColumns(seeded), 'created_at', 'updated_at'].includes(column)) return undefined;
  return new SeedError(
    'SCHEMA_INCOMPATIBLE',
    `column ${table}.${column} is NOT NULL without a default, and the seed does not write it (the schema, not the ` +
      `data set, needs the fix): give it a default (ALTER TABLE ${table} ALTER COLUMN ${column} SET DEFAULT ...) ` +
      `or make it nullable (ALTER TABLE ${table} ALTER COLUMN ${column} DROP NOT NULL); nothing was written`,
    { cause: error },
  );
}
