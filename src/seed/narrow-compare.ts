import { hash } from 'node:crypto';
import type { Knex } from 'knex';
import { type Column, HASH_SEPARATOR } from './columns';
import { contentHasher, contentHashSql } from './content-hash';
import { copyRows } from './copy-rows';
import type { StoredHash } from './hash-version';
import type { KeyedItem, SeedTable } from './table';
import { columnValue } from './table';
import type { IndexRange } from './variant-ranges';

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
 * another variant wrote): the caller decides.
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

/** SQL of the indices among the staged hashes that the table cannot show unchanged. */
export function notUnchangedSql(table: string, storedHash: string, lifecycleHash: string | null): string {
  const lifecycle = lifecycleHash ? ` AND ${lifecycleHash} = s.lifecycle_hash` : '';
  return `SELECT s.idx FROM ${TEMP_HASHES} s
    LEFT JOIN ${table} j ON j.id = s.id AND j.seed_name = ? AND j.seed_content_hash = s.content_hash
      AND j.seed_content_hash = ${storedHash}${lifecycle}
    WHERE j.id IS NULL
    ORDER BY s.idx`;
}

/** The lifecycle columns' text as the content hash would read them, hashed alike in JavaScript and in SQL. */
function lifecycleHasher<Item extends KeyedItem>(table: SeedTable<Item>) {
  const columns = table.dataColumns.slice(table.contentColumns.length) as (readonly [string, Column])[];
  const spec = columns.map(([name, column]) => (column.cast ? `${name}::${column.cast}` : name));
  return {
    js: (item: Item) =>
      hash(
        'md5',
        columns
          .map(([name, column]) => column.hashText(columnValue(item, name, column)))
          .join(HASH_SEPARATOR),
        'hex',
      ),
    sql: (alias: string) => contentHashSql(spec, alias),
  };
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
 * the ranges the plan must still compare in full. `storedHash` is the SQL of the hash the rows were written
 * with, over a row alias; `lifecycle` compares the lifecycle columns too (SEED_FORCE resets them).
 */
export async function narrowComparison<Item extends KeyedItem>(
  trx: Knex.Transaction,
  table: SeedTable<Item>,
  seedName: string,
  ranges: readonly IndexRange[],
  itemsOf: (from: number, to: number) => Iterable<Item>,
  { storedHash, lifecycle }: { storedHash: (alias: string) => string; lifecycle: boolean },
): Promise<NarrowedComparison> {
  const contentHash = contentHasher(table);
  const life = lifecycle && table.lifecycleColumns.length > 0 ? lifecycleHasher(table) : null;
  await trx.raw(`DROP TABLE IF EXISTS ${TEMP_HASHES}`);
  await trx.raw(
    `CREATE TEMP TABLE ${TEMP_HASHES} (idx int NOT NULL, id uuid NOT NULL, content_hash text NOT NULL${
      life ? ', lifecycle_hash text NOT NULL' : ''
    }) ON COMMIT DROP`,
  );
  function* lines(): Generator<string> {
    for (const [from, to] of ranges) {
      let i = from;
      for (const item of itemsOf(from, to)) {
        yield `${i++},${table.idOf(item.key)},${contentHash(item)}${life ? `,${life.js(item)}` : ''}\n`;
      }
    }
  }
  const columns = ['idx', 'id', 'content_hash', ...(life ? ['lifecycle_hash'] : [])];
  await copyRows(trx, TEMP_HASHES, columns, lines());
  const { rows } = await trx.raw(notUnchangedSql(table.table, storedHash('j'), life ? life.sql('j') : null), [
    seedName,
  ]);
  const indices = rows.map((r: { idx: number }) => r.idx);
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
  if (!enabled || !compareAll || stored.changed || !stored.sql || ranges.length === 0)
    return { ranges, unchanged: 0 };
  return narrowComparison(trx, table, seedName, ranges, itemsOf, {
    storedHash: stored.sql,
    lifecycle: force,
  });
}
