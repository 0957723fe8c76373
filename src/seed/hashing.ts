// Every hash the seed computes: a row's content hash (in JavaScript and in SQL, one formula), the formula of
// the hashes already stored (the guard's recorded columns), and the checksum of a whole data set; and the row
// text they read (below): an item's COPY fields and content-hash text, its ISO times and ages rolled by the week.

import { createHash, hash } from 'node:crypto';
import type { Knex } from 'knex';
import { type Column, HASH_SEPARATOR } from './table/columns';
import type { KeyedItem, SeedTable } from './table/description';

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
  // Numbers JSON cannot tell apart (NaN, the infinities and null all write `null`; -0 writes 0), a double or real
  // column stores apart: as text, so a change between them is a change of the data set. Every other number as JSON.
  if (typeof value === 'number' && (!Number.isFinite(value) || Object.is(value, -0)))
    return JSON.stringify(`${Object.is(value, -0) ? '-0' : value}`);
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

// Whole rows: an item's COPY fields and content-hash text, compiled once per table, and its ISO timestamps.

/**
 * An item's content and lifecycle columns as fields of COPY's text format (tab between), and its content as the
 * text the content hash takes.
 */
export interface RowEncoders<Item> {
  copyFields(item: Item): string;
  hashText(item: Item): string;
  /** The lifecycle columns' COPY fields, each after a tab ('' for a table without lifecycle columns). */
  lifecycleFields(item: Item): string;
  /**
   * {@link hashText}, and where its fields are: `layout[i]` the index (in UTF-16 units) where content field i's
   * text ends, `layout[n + i]` 1 when the field is null, else 0 (n content columns; `layout` holds 2n).
   */
  hashLayout(item: Item, layout: Int32Array): string;
  /**
   * Every content column's hash text is COPY input for the value itself (Column.hashTextIsInput): a row's COPY
   * fields can be read off its content-hash text (src/seed/plan/new-rows.ts).
   */
  hashTextIsInput: boolean;
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
  const fields = columns.map((_, i) => `c${i}.copy(${value(i)})`).join(` + '\\t' +\n`);
  const lifecycle = columns
    .slice(contentCount)
    .map((_, i) => `'\\t' + c${contentCount + i}.copy(${value(contentCount + i)})`)
    .join(' + ');
  const layout = columns
    .slice(0, contentCount)
    .map(
      (
        _,
        i,
      ) => `v = ${value(i)}; t = c${i}.hashText(v); at[${contentCount + i}] = v === null || v === undefined ? 1 : 0;
        ${i === 0 ? 's = t; o = t.length;' : `s = s + ${JSON.stringify(HASH_SEPARATOR)} + t; o += 1 + t.length;`} at[${i}] = o;`,
    )
    .join('\n');
  const factory = new Function(
    'columns',
    `${locals}
    // The hash text and where its fields are, one concatenation; hashText takes the layout it does not need.
    const hashLayout = (item, at) => { let v, t, s = '', o = 0;\n${layout}\n return s; };
    const scratch = new Int32Array(${2 * contentCount});
    return {
      copyFields: (item) => ${fields},
      hashLayout,
      hashText: (item) => hashLayout(item, scratch),
      lifecycleFields: (item) => ${lifecycle || "''"},
      hashTextIsInput: ${columns.slice(0, contentCount).every(([, c]) => c.hashTextIsInput === true)},
      createdAge: ${age(ages?.created)},
      updatedAge: ${age(ages?.updated)},
    };`,
  ) as (columns: readonly (readonly [string, Column])[]) => RowEncoders<KeyedItem>;
  return factory(columns);
}

// ISO 8601 timestamps a whole number of minutes before one instant, as Date#toISOString writes them, without
// a Date per call: a load writes two per posting, and all of them share the instant's seconds and milliseconds.

const MINUTE_MS = 60_000;
const DAY_MINUTES = 24 * 60;
/** toISOString writes a four-digit year from 0000-01-01 up to 9999-12-31 (later: six digits and a sign). */
const LAST_FOUR_DIGIT_MS = 253_402_300_799_999;
const MAX_CACHED_DAYS = 10_000;

/** "00:00" to "23:59". */
const CLOCK: readonly string[] = Array.from(
  { length: DAY_MINUTES },
  (_, m) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`,
);

/**
 * A function of `minutes` giving `new Date(now - minutes * 60000).toISOString()` (`now` in epoch ms), the
 * same string character for character; it falls back to Date for fractional minutes or years outside 0-9999.
 */
export function minutesBefore(now: number): (minutes: number) => string {
  if (!Number.isSafeInteger(now)) return (minutes) => new Date(now - minutes * MINUTE_MS).toISOString();
  const base = new Date(now).toISOString();
  const seconds = base.slice(16); // ":34.123Z": the same for every whole number of minutes before now
  const nowMinute = Math.floor(now / MINUTE_MS);
  const days = new Map<number, string>();
  return (minutes) => {
    const t = now - minutes * MINUTE_MS;
    if (!Number.isSafeInteger(minutes) || !(t >= 0 && t <= LAST_FOUR_DIGIT_MS)) {
      return new Date(t).toISOString();
    }
    const minute = nowMinute - minutes;
    const day = Math.floor(minute / DAY_MINUTES);
    let date = days.get(day);
    if (date === undefined) {
      date = new Date(day * DAY_MINUTES * MINUTE_MS).toISOString().slice(0, 11); // "2026-11-26T"
      if (days.size < MAX_CACHED_DAYS) days.set(day, date);
    }
    return date + CLOCK[minute - day * DAY_MINUTES] + seconds;
  };
}

// Ages rolled by the week (`ages.roll: 'week'`): an age counted back from a Monday 00:00 UTC names a week back, a
// weekday and a time; a seed running at any instant moves it by less than a week so created_at keeps them.

/** Minutes in a week. */
export const WEEK = 7 * DAY_MINUTES;
/** Minutes from Monday 1970-01-05 00:00 UTC (the first Monday of the epoch) to the epoch. */
const EPOCH_MONDAY = 4 * DAY_MINUTES;

/**
 * The ages a seed running at `nowMs` writes: each created age moved by less than a week so that created_at
 * falls on the weekday and time the age names (as seen from a Monday 00:00 UTC), in the same week back; the
 * update keeps its distance after creation, and is never after now.
 */
export function rolledAges(
  nowMs: number,
  created: number,
  updated: number,
): [created: number, updated: number] {
  const nowInWeek = (((Math.floor(nowMs / 60_000) - EPOCH_MONDAY) % WEEK) + WEEK) % WEEK;
  const inWeek = created % WEEK;
  const rolled = created - inWeek + ((nowInWeek + inWeek) % WEEK);
  return [rolled, Math.max(0, updated + rolled - created)];
}

/** SQL for the minutes since Monday 00:00 UTC at the transaction's now(). */
const NOW_IN_WEEK = `mod(floor(extract(epoch from now()) / 60)::bigint - ${EPOCH_MONDAY}, ${WEEK})`;

/** {@link rolledAges} in SQL, from two integer expressions: [created minutes, updated minutes]. */
export function rolledAgesSql(created: string, updated: string): [created: string, updated: string] {
  const rolled = `(${created} - mod(${created}, ${WEEK}) + mod(${NOW_IN_WEEK} + mod(${created}, ${WEEK}), ${WEEK}))`;
  return [`(${rolled})::int`, `greatest(0, ${updated} + ${rolled} - ${created})::int`];
}
