// Whole rows: an item's CSV fields and content-hash text, compiled once per table, and its ISO timestamps.

import { type Column, HASH_SEPARATOR } from './columns';
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
