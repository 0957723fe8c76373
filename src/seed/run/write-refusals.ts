// What the database refuses of a seed run's writes (SQLSTATE class 23), as one line naming the table, the
// constraint, the values and what to do: a referenced row missing, a NOT NULL column the seed does not write, a
// unique, CHECK, NOT NULL or exclusion constraint an item breaks.

import { detailIsFailingRow } from '../../db/describe-error';
import { SeedError } from '../../errors';
import type { Column } from '../table/columns';
import { columnValue, type SeedSource, type SeedTable, writtenColumns } from '../table/description';
import { notNullProblem } from '../validate';

/** The fields node-postgres and PGlite give a constraint violation (PostgreSQL's error fields). */
interface ConstraintViolation {
  code?: string;
  table?: string;
  constraint?: string;
  column?: string;
  detail?: string;
  message?: string;
}

/**
 * A foreign key violation on a write: a row the seed writes refers to a row not in the table (the app deleted it
 * after its seed ran), or a row the seed prunes is still referred to. SEED_ORDER naming the constraint, the server's
 * detail and what to do; undefined for any other error.
 */
export function missingReferencedRow(error: unknown): SeedError | undefined {
  const e = (error ?? {}) as ConstraintViolation;
  if (e.code !== '23503') return undefined;
  const detail = e.detail ? `: ${e.detail.replace(/\.$/, '')}` : '';
  const constraint = `foreign key ${e.constraint ?? '?'}${detail}`;
  const referencing = /is still referenced from table "([^"]+)"/.exec(String(e.detail))?.[1];
  if (referencing)
    return new SeedError(
      'SEED_ORDER',
      `a row the seed would delete is still referred to by table ${referencing} (${constraint}): keep its item in ` +
        `the data set, or delete the rows that refer to it first; nothing was written`,
      { cause: error },
    );
  const referenced =
    /is not present in table "([^"]+)"/.exec(String(e.detail))?.[1] ?? 'the referenced table';
  return new SeedError(
    'SEED_ORDER',
    `a ${e.table ?? 'seeded'} row refers to a ${referenced} row that is not in the table (${constraint}): run ` +
      `the seed of ${referenced} first; if the app deleted that row, SEED_FORCE=true re-creates it (with every ` +
      `row the app deleted), or remove the item that refers to it from the data set; nothing was written`,
    { cause: error },
  );
}

/**
 * A NOT NULL violation on a column the seeded table's description does not know (one the app added without a
 * default): the seed never writes it, so it is the schema, not the data set, that needs the fix. Undefined for
 * any other error, including a NOT NULL violation on one of the seed's own columns (that is the data's).
 */
export function unknownNotNullColumn(error: unknown, tables: readonly SeedTable[]): SeedError | undefined {
  const e = (error ?? {}) as ConstraintViolation;
  if (e.code !== '23502') return undefined;
  const column = e.column ?? /null value in column "([^"]+)"/.exec(String(e.message))?.[1];
  const seeded = tables.find((t) => t.table === e.table) ?? (tables.length === 1 ? tables[0] : undefined);
  if (!column || !seeded) return undefined;
  const table = seeded.table;
  if ([...writtenColumns(seeded), 'created_at', 'updated_at'].includes(column)) return undefined;
  return new SeedError('SCHEMA_INCOMPATIBLE', `${notNullProblem(table, column)}; nothing was written`, {
    cause: error,
  });
}

/** The longest detail quoted. */
const DETAIL_LIMIT = 200;

/**
 * A unique (23505), CHECK (23514), NOT NULL (23502, a column the seed writes) or exclusion (23P01) violation on
 * a seeded table, as DATA_INVALID naming the table, the constraint, the server's detail (the values, which come
 * from the data set) and what to do; the item too when the error's values name one of a hand-written data set.
 * Undefined for any other error. Built from the error's fields only, never from its message (knex prefixes the
 * SQL to it).
 */
export function constraintViolation(error: unknown, sources: readonly SeedSource[]): SeedError | undefined {
  const e = (error ?? {}) as ConstraintViolation;
  if (!['23505', '23514', '23502', '23P01'].includes(e.code ?? '')) return undefined;
  const table = e.table ?? sources[0]?.table.table ?? 'the seeded table';
  const onTable = sources.filter((s) => s.table.table === e.table);
  const noun = onTable[0]?.table.noun.one ?? 'item';
  // A failing row is not quoted; the item is named from it instead ({@link itemsNamed}).
  const detail = detailIsFailingRow(e.code) ? '' : shortDetail(e.detail);
  const keys = itemsNamed(onTable, e);
  const item = keys.length === 1 ? `${noun} ${keys[0]}` : `an item of the data set`;
  const fail = (what: string, todo: string) =>
    new SeedError('DATA_INVALID', `${table}: ${what}; nothing was written: ${todo}`, { cause: error });

  if (e.code === '23502') {
    const column = e.column ?? '?';
    return fail(
      `${item} has no value for column ${column}, which is NOT NULL${detail ? ` (${detail})` : ''}`,
      `give the item a value for ${column}, or make the column nullable`,
    );
  }
  if (e.code === '23514') {
    return fail(
      `${item} violates the table's CHECK constraint ${e.constraint ?? '?'}${detail ? ` (${detail})` : ''}`,
      `change the item's values so the check holds (psql: \\d ${table} shows it)`,
    );
  }
  const constraint = `${e.code === '23505' ? 'unique' : 'exclusion'} constraint ${e.constraint ?? '?'}`;
  if (keys.length > 1) {
    return fail(
      `${noun} ${keys.join(' and ')} of the data set have the same value for ${constraint}${detail ? ` (${detail})` : ''}`,
      `give one of them another value`,
    );
  }
  return fail(
    `${item} has a value that a row already in the table holds (${constraint}${detail ? `: ${detail}` : ''})`,
    "change the item's value, or change or delete that row (the app's or another seed's); if it is this seed's " +
      "row under the item's old key, delete it first with SEED_PRUNE=true in a run without the renamed item",
  );
}

/** The server's detail without its closing period, cut to {@link DETAIL_LIMIT} characters. */
function shortDetail(detail: string | undefined): string {
  const text = (detail ?? '').replace(/\.$/, '').split('\n')[0];
  return text.length > DETAIL_LIMIT ? `${text.slice(0, DETAIL_LIMIT)}...` : text;
}

/**
 * The keys of a hand-written data set's items the error's values point at: those whose row id the detail lists
 * (a CHECK's or NOT NULL's failing row, the row being written), or whose values of the columns a unique or
 * exclusion constraint names are the detail's (`Key (company, title)=(Acme, Chef)`, compared as text). For the
 * latter, none when a generated data set writes the table too (the values may be its item's, and the curated
 * item's row the one that holds them). None when the values are not plain text (a date, an expression index).
 */
function itemsNamed(sources: readonly SeedSource[], e: ConstraintViolation): string[] {
  if (!e.detail) return [];
  const curated = sources.flatMap((s) => (s.kind === 'curated' ? [s] : []));
  const failing = /^Failing row contains \((.*)\)\.?$/s.exec(e.detail);
  if (failing) {
    const values = new Set(failing[1].split(', '));
    return curated.flatMap((s) =>
      s.items.filter((item) => values.has(s.table.idOf(item.key))).map((item) => item.key),
    );
  }
  const key = /^Key \((.+?)\)=\((.*?)\) (already exists|conflicts with existing key)/s.exec(e.detail);
  if (!key || sources.some((s) => s.kind === 'generated' && s.count > 0)) return [];
  const columns = key[1].split(', ');
  return curated.flatMap((s) => {
    const described = new Map(s.table.dataColumns);
    if (!columns.every((c) => described.has(c))) return [];
    return s.items
      .filter((item) => {
        const values = columns.map((c) => columnValue(item, c, described.get(c) as Column));
        return (
          values.every((v) => typeof v === 'string' || typeof v === 'number') && values.join(', ') === key[2]
        );
      })
      .map((item) => item.key);
  });
}
