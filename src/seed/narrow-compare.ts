// Hashes first: a rerun that compares every row stages `(index, id, content hash)` of each item and lets the table
// say which rows the hashes show unchanged; only the others are staged in full for the plan.

import { hash } from 'node:crypto';
import type { Knex } from 'knex';
import { HASH_SEPARATOR } from './columns';
import type { IndexRange } from './guard';
import { contentHasher, contentHashSql, type HashSpec, type StoredHash } from './hashing';
import { storedHashSql } from './plan';
import { ident, query, type Sql, sql, verbatim } from './sql';
import { copyRows } from './staging';
import { columnValue, type KeyedItem, type SeedTable } from './table';

/**
 * Reruns that write little also read little. Before a rerun stages whole rows to compare them (SEED_FORCE, or a
 * table that no longer holds what the guard recorded), it stages only `(index, id, content hash)` of each item
 * (and under SEED_FORCE a hash of its lifecycle columns), about 80 bytes instead of about 900, and asks the
 * table which rows can be told unchanged from the hashes alone: the row is there, is this seed's, its stored
 * `seed_content_hash` equals the item's, and the content still hashes to it (the app did not edit it since).
 * Only the other indices (differing, missing, the app's, edited) are generated again and staged in full for
 * the plan, which classifies them exactly as before; the rest are counted unchanged.
 *
 * It applies only when the stored hashes were computed over today's content columns (otherwise every hash
 * differs and the narrow pass is pure overhead), and only to ranges expected to be mostly unchanged (not those
 * another variant wrote): {@link narrowWhereUseful} decides.
 */

/** The temp table of the narrow pass, dropped with the transaction. */
export const TEMP_HASHES = 'seed_hashes';

/** What the narrow pass found. */
export interface NarrowedComparison {
  /** Index ranges still to be staged in full and compared by the plan. */
  ranges: IndexRange[];
  /** Items the hashes showed unchanged: neither staged in full nor written. */
  unchanged: number;
}

/** The columns of the hashes table: with `lifecycle_hash` when SEED_FORCE compares the lifecycle columns too. */
export function hashesColumns(lifecycle: boolean): string[] {
  return ['idx', 'id', 'content_hash', ...(lifecycle ? ['lifecycle_hash'] : [])];
}

/** (Re)creates the hashes table. */
export function resetHashesSql(lifecycle: boolean): Sql[] {
  const lifecycleColumn = lifecycle ? sql`, lifecycle_hash text NOT NULL` : sql``;
  return [
    sql`DROP TABLE IF EXISTS ${ident(TEMP_HASHES)}`,
    sql`CREATE TEMP TABLE ${ident(TEMP_HASHES)} (idx int NOT NULL, id uuid NOT NULL, content_hash text NOT NULL${lifecycleColumn}) ON COMMIT DROP`,
  ];
}

/** The lifecycle columns as a hash spec: hashed like content, to compare them in one value. */
function lifecycleSpec(table: SeedTable): HashSpec {
  return table.dataColumns
    .slice(table.contentColumns.length)
    .map(([name, column]) => (column.cast ? `${name}::${column.cast}` : name));
}

/**
 * The indices among the staged hashes that the table cannot show unchanged. `storedHash` is the formula the rows'
 * hashes were written with (the step's); with `lifecycle`, the lifecycle columns must match too.
 */
export function notUnchangedSql(
  table: SeedTable,
  seedName: string,
  storedHash: HashSpec | null,
  lifecycle: boolean,
): Sql {
  const lifecycleMatches = lifecycle
    ? sql` AND ${verbatim(contentHashSql(lifecycleSpec(table), 'j'))} = s.lifecycle_hash`
    : sql``;
  return sql`SELECT s.idx FROM ${ident(TEMP_HASHES)} s
    LEFT JOIN ${ident(table.table)} j ON j.id = s.id AND j.seed_name = ${seedName} AND j.seed_content_hash = s.content_hash
      AND j.seed_content_hash = ${storedHashSql({ storedHash }, 'j')}${lifecycleMatches}
    WHERE j.id IS NULL
    ORDER BY s.idx`;
}

/** md5 of an item's lifecycle columns, equal to `contentHashSql(lifecycleSpec)` of the row the seed wrote. */
function lifecycleHasher<Item extends KeyedItem>(table: SeedTable<Item>): (item: Item) => string {
  const columns = table.dataColumns.slice(table.contentColumns.length);
  return (item) =>
    hash(
      'md5',
      columns.map(([name, column]) => column.hashText(columnValue(item, name, column))).join(HASH_SEPARATOR),
      'hex',
    );
}

/** The items of every range, in order: one COPY for all of them (a range per differing row is common). */
export function* itemsIn<Item>(
  ranges: readonly IndexRange[],
  itemsOf: (from: number, to: number) => Iterable<Item>,
): Generator<Item> {
  for (const [from, to] of ranges) yield* itemsOf(from, to);
}

/** Consecutive indices as [from, to) ranges. */
export function toRanges(indices: readonly number[]): IndexRange[] {
  const ranges: IndexRange[] = [];
  for (const i of indices) {
    const last = ranges[ranges.length - 1];
    if (last && last[1] === i) last[1] = i + 1;
    else ranges.push([i, i + 1]);
  }
  return ranges;
}

/**
 * Stages the hashes of the items of `ranges` (`itemsOf(from, to)` yields items from..to-1 in order) and returns
 * the ranges the plan must still compare in full. `storedHash` is the formula the rows' hashes were written
 * with; `lifecycle` compares the lifecycle columns too (SEED_FORCE resets them).
 */
export async function narrowComparison<Item extends KeyedItem>(
  trx: Knex.Transaction,
  table: SeedTable<Item>,
  seedName: string,
  ranges: readonly IndexRange[],
  itemsOf: (from: number, to: number) => Iterable<Item>,
  { storedHash, lifecycle }: { storedHash: HashSpec | null; lifecycle: boolean },
): Promise<NarrowedComparison> {
  const contentHash = contentHasher(table);
  const withLifecycle = lifecycle && table.lifecycleColumns.length > 0;
  const lifecycleHash = withLifecycle ? lifecycleHasher(table) : null;
  for (const statement of resetHashesSql(withLifecycle)) await query(trx, statement);
  function* lines(): Generator<string> {
    for (const [from, to] of ranges) {
      let i = from;
      for (const item of itemsOf(from, to)) {
        const life = lifecycleHash ? `,${lifecycleHash(item)}` : '';
        yield `${i++},${table.idOf(item.key)},${contentHash(item)}${life}\n`;
      }
    }
  }
  await copyRows(trx, TEMP_HASHES, hashesColumns(withLifecycle), lines());
  const { rows } = await query<{ idx: number }>(
    trx,
    notUnchangedSql(table, seedName, storedHash, withLifecycle),
  );
  const indices = rows.map((r) => r.idx);
  const staged = ranges.reduce((n, [from, to]) => n + to - from, 0);
  return { ranges: toRanges(indices), unchanged: staged - indices.length };
}

/**
 * {@link narrowComparison} when it can pay: every kept row is compared (SEED_FORCE, or a table changed behind
 * the guard) and the stored hashes were written with today's content columns. Otherwise every range is staged.
 */
export async function narrowWhereUseful<Item extends KeyedItem>(
  trx: Knex.Transaction,
  table: SeedTable<Item>,
  seedName: string,
  ranges: IndexRange[],
  itemsOf: (from: number, to: number) => Iterable<Item>,
  {
    compareAll,
    stored,
    force,
    enabled,
  }: { compareAll: boolean; stored: StoredHash; force: boolean; enabled: boolean },
): Promise<NarrowedComparison> {
  if (!enabled || !compareAll || stored.changed || !stored.spec || ranges.length === 0)
    return { ranges, unchanged: 0 };
  return narrowComparison(trx, table, seedName, ranges, itemsOf, {
    storedHash: stored.spec,
    lifecycle: force,
  });
}
