// The bulk paths of a generated seed, loaded with the write path and tuned by its `LoadTuning` (table.ts):
// index-after-load (here), new rows in id order and hashes first (below).

// Index-after-load: a large first load builds the table's plain secondary indexes once, after the COPY, instead of
// inserting every row into each of them as it arrives.

import { hash } from 'node:crypto';
import type { Knex } from 'knex';
import { ident, query, type Sql, sql, verbatim } from '../../db/sql';
import type { IndexRange } from '../guard/seed-guard';
import { contentHasher, contentHashSql, type HashSpec, type StoredHash } from '../hashing';
import { storedHashSql } from '../plan/plan';
import { copyOut } from '../plan/staging';
import { HASH_SEPARATOR } from '../table/columns';
import {
  columnValue,
  type GeneratedSource,
  type KeyedItem,
  type LoadTuning,
  loadTuning,
  type SeedTable,
  uuidText,
} from '../table/description';

/**
 * PostgreSQL sorts each index's keys in one pass after the load. What that saves depends on the indexes and the
 * machine (docs/benchmarks.md). A load in id order (`LoadTuning.idOrder`, the default) keeps the indexes it
 * appends to at an edge, those led by the id or by the seed's name then the id ({@link KeptInOrder}): each
 * `CREATE INDEX` re-reads the whole table, which for them costs more than the appends it saves.
 *
 * Only plain secondary indexes are dropped and recreated: never an index behind a constraint (primary key,
 * unique, exclusion), never a unique index, nor one something else depends on, nor one marked CLUSTER or
 * REPLICA IDENTITY, in a tablespace of its own, with a comment, belonging to an extension, or of a table the
 * seed's role does not own: their full state is more than `pg_get_indexdef` says. Each is recreated from its
 * own `pg_get_indexdef` (same name, method, columns, expressions, predicate and storage parameters), inside the
 * same transaction: any failure before COMMIT (a bad row, a lost connection, an error while recreating) rolls
 * the DROPs back with everything else.
 *
 * The lock: DROP INDEX takes ACCESS EXCLUSIVE on the table, held to the end of the seed's transaction, so other
 * sessions cannot even read the table while the load runs (a plain COPY takes only ROW EXCLUSIVE, which lets
 * readers through). Taking it waits at most SEED_LOCK_TIMEOUT for transactions already using the table, like
 * every lock wait of the seed. It is taken only for a first load of at least `LoadTuning.indexRebuildMinRows`
 * rows (default 20,000) into a table holding fewer rows than it writes ({@link loadNewRows}).
 */

/** A secondary index as it will be recreated: its name, its schema-qualified quoted name, its definition. */
export interface RebuildableIndex {
  name: string;
  qualifiedName: string;
  definition: string;
}

/**
 * Which indexes a load in id order keeps: an index led by the id column, or by the seed-name column then the id
 * column, receives the load's rows at one edge (every new row carries the seed's name, and the ids arrive
 * ascending), which costs little per row, where rebuilding it re-reads the whole table and sorts its keys.
 */
export interface KeptInOrder {
  id: string;
  seedName: string;
}

/** The engine's own columns that an id-ordered load appends to at an edge: see {@link KeptInOrder}. */
export const ID_ORDER_COLUMNS: KeptInOrder = { id: 'id', seedName: 'seed_name' };

/**
 * The indexes of `table` a load may drop and recreate (see the module comment for what is left out). With
 * `keptInOrder` (new rows COPYed in id order), not those the load appends at an edge ({@link KeptInOrder}).
 */
export function rebuildableIndexesSql(table: string, keptInOrder?: KeptInOrder): Sql {
  // pg_get_indexdef(oid, n, true) is the n-th key column as written (an expression's text; '' past the last).
  const edgeAppended = keptInOrder
    ? sql`
    AND NOT (pg_get_indexdef(x.indexrelid, 1, true) = ${keptInOrder.id}
             OR (pg_get_indexdef(x.indexrelid, 1, true) = ${keptInOrder.seedName}
                 AND pg_get_indexdef(x.indexrelid, 2, true) = ${keptInOrder.id}))`
    : sql``;
  return sql`SELECT i.relname AS name,
         quote_ident(n.nspname) || '.' || quote_ident(i.relname) AS qualified_name,
         pg_get_indexdef(x.indexrelid) AS definition
  FROM pg_index x
  JOIN pg_class i ON i.oid = x.indexrelid
  JOIN pg_namespace n ON n.oid = i.relnamespace
  JOIN pg_class t ON t.oid = x.indrelid
  WHERE x.indrelid = to_regclass(${table})
    AND t.relkind = 'r'
    AND pg_has_role(t.relowner, 'USAGE')
    AND NOT x.indisunique AND NOT x.indisprimary AND NOT x.indisexclusion
    AND x.indisvalid AND x.indisready AND x.indislive
    AND NOT x.indisclustered AND NOT x.indisreplident
    AND i.reltablespace = 0
    AND NOT EXISTS (SELECT FROM pg_constraint c WHERE c.conindid = x.indexrelid)
    AND NOT EXISTS (SELECT FROM pg_depend d
                    WHERE d.refclassid = 'pg_class'::regclass AND d.refobjid = x.indexrelid)
    AND NOT EXISTS (SELECT FROM pg_depend d
                    WHERE d.classid = 'pg_class'::regclass AND d.objid = x.indexrelid AND d.deptype = 'e')
    AND NOT EXISTS (SELECT FROM pg_description d
                    WHERE d.classoid = 'pg_class'::regclass AND d.objoid = x.indexrelid)${edgeAppended}
  ORDER BY i.relname`;
}

/** How many rows `table` holds, counted up to `limit`: bounded, whatever the table's size. */
export function rowsUpToSql(table: string, limit: number): Sql {
  return sql`SELECT count(*)::int AS n FROM (SELECT FROM ${ident(table)} LIMIT ${limit}) existing`;
}

/** `DROP INDEX` of a name the server quoted ({@link rebuildableIndexesSql}'s `qualified_name`). */
export function dropIndexSql(index: Pick<RebuildableIndex, 'qualifiedName'>): Sql {
  return sql`DROP INDEX ${verbatim(index.qualifiedName)}`;
}

/**
 * The index's own `CREATE INDEX` statement as `pg_get_indexdef` wrote it. It can hold a `?` (a jsonb operator),
 * which knex must not read as a binding: escaped, and nothing is bound.
 */
export function recreateIndexSql(index: Pick<RebuildableIndex, 'definition'>): Sql {
  return { sql: index.definition.replace(/\?/g, '\\?'), bindings: [] };
}

/**
 * Sort memory for the rebuild, for this transaction only: each `CREATE INDEX` sorts the whole table's keys, and
 * the server's default (64 MB) spills a million rows' sort to disk.
 */
export function rebuildMemorySql(tuning: Pick<LoadTuning, 'indexRebuildMemoryMB'>): Sql {
  return sql`SELECT set_config('maintenance_work_mem', ${`${tuning.indexRebuildMemoryMB}MB`}, true)`;
}

/** The table's indexes that a load may drop and recreate, by name (`keptInOrder`: {@link rebuildableIndexesSql}). */
export async function rebuildableIndexes(
  trx: Knex.Transaction,
  table: string,
  keptInOrder?: KeptInOrder,
): Promise<RebuildableIndex[]> {
  const { rows } = await query<{ name: string; qualified_name: string; definition: string }>(
    trx,
    rebuildableIndexesSql(table, keptInOrder),
  );
  return rows.map((r) => ({ name: r.name, qualifiedName: r.qualified_name, definition: r.definition }));
}

/**
 * Runs `load` with the table's rebuildable secondary indexes dropped, then recreates each from its own
 * definition, all in the caller's transaction (so a failure anywhere leaves the indexes as they were once it
 * rolls back). Returns what `load` returned.
 */
export async function withIndexesBuiltAfter<T>(
  trx: Knex.Transaction,
  table: string,
  load: () => Promise<T>,
  tuning: Pick<LoadTuning, 'indexRebuildMemoryMB' | 'idOrder'> = loadTuning({}),
): Promise<T> {
  const indexes = await rebuildableIndexes(trx, table, tuning.idOrder ? ID_ORDER_COLUMNS : undefined);
  for (const index of indexes) await query(trx, dropIndexSql(index));
  const result = await load();
  if (indexes.length > 0) await query(trx, rebuildMemorySql(tuning));
  for (const index of indexes) await query(trx, recreateIndexSql(index));
  return result;
}

/** What {@link loadNewRows} did: what `load` returned, and whether the new rows are most of the table now. */
export interface NewRowsLoad<T> {
  value: T;
  /**
   * The load wrote at least `LoadTuning.wholeTableCountMinRows` rows into a table holding fewer rows than it
   * wrote: the seed counts its rows afterwards with a scan of the whole table (`RowsScan`, seed-guard.ts).
   */
  mostOfTable: boolean;
}

/**
 * Runs `load`, the COPY of a generated seed's new indices [ownedCount, count), building the indexes after it
 * when this is the seed's first load (it owns no row yet) of at least `indexRebuildMinRows` rows into a table
 * holding fewer rows than it writes: rebuilding re-sorts the rows already there too, which only pays when the
 * load is the bulk of the table. A load of `wholeTableCountMinRows` rows or more counts the table's rows first
 * (up to as many as it writes, so bounded by the load) to say whether it wrote most of the table.
 */
export async function loadNewRows<T>(
  trx: Knex.Transaction,
  source: { table: { table: string }; tuning?: Partial<LoadTuning> },
  ownedCount: number,
  count: number,
  load: () => Promise<T>,
): Promise<NewRowsLoad<T>> {
  const tuning = loadTuning(source);
  const table = source.table.table;
  const adding = count - ownedCount;
  const rebuild = ownedCount === 0 && adding >= tuning.indexRebuildMinRows;
  if (!rebuild && adding < tuning.wholeTableCountMinRows) return { value: await load(), mostOfTable: false };
  const { rows } = await query<{ n: number }>(trx, rowsUpToSql(table, adding));
  const fewer = rows[0].n < adding;
  const mostOfTable = fewer && adding >= tuning.wholeTableCountMinRows;
  if (!rebuild || !fewer) return { value: await load(), mostOfTable };
  return { value: await withIndexesBuiltAfter(trx, table, load, tuning), mostOfTable };
}

// New rows in id order: a generated item is a pure function of its index, so the new indices can be COPYed in
// any order; in the order of their ids, the primary key and the index on (seed_name, id) grow at their right edge.

/**
 * The offsets 0..n-1 ordered by `compare`, given each one's first 48 bits of that order (`leadAt`, called once
 * for each in turn). One Float64Array sorted numerically holds each lead, cut to the bits that fit, with its
 * offset in the low bits (exact below 2^53); runs of equal cut leads (a few per million) are then ordered by
 * `compare`. About 12 bytes a row.
 */
function orderByLead(
  n: number,
  leadAt: (k: number) => number,
  compare: (a: number, b: number) => number,
): Uint32Array {
  if (n > 2 ** 32) throw new RangeError(`cannot order ${n} rows at once (at most 2^32)`);
  const bits = Math.max(1, Math.ceil(Math.log2(Math.max(n, 2))));
  const scale = 2 ** bits;
  // The first 48 bits (an id's first 6 bytes), cut to the 53 - bits that fit.
  const cut = 2 ** Math.max(0, bits - 5);
  const packed = new Float64Array(n);
  for (let k = 0; k < n; k++) packed[k] = Math.floor(leadAt(k) / cut) * scale + k;
  packed.sort();
  const order = new Uint32Array(n);
  for (let k = 0; k < n; k++) order[k] = packed[k] % scale;
  for (let start = 0; start < n; ) {
    const lead = Math.floor(packed[start] / scale);
    let end = start + 1;
    while (end < n && Math.floor(packed[end] / scale) === lead) end++;
    if (end - start > 1) order.set(Array.from(order.subarray(start, end)).sort(compare), start);
    start = end;
  }
  return order;
}

/** The items of a load in id order, and the id of each as the order pass derived it. */
export interface InIdOrder<Item extends KeyedItem> extends Iterable<Item> {
  /**
   * The row id of `item`: read back from the order pass for the item last yielded (each id is derived once, not
   * again when the row is written: a SHA-1 per row), derived from its key for any other.
   */
  idOf(item: Item): string;
  /** The index of the item last yielded (`generate`'s index); -1 for any other. */
  indexOf(item: Item): number;
}

/** Bytes of a row id (a UUID). */
const ID_BYTES = 16;

/**
 * The items [from, to) of a generated source in the order of their row ids: the order PostgreSQL's uuid B-tree
 * keeps them in (byte order). A COPY in that order appends every row to the right edge of the primary key instead
 * of a random leaf page: fewer page splits and pages dirtied, so less WAL and fewer full-page images after a
 * checkpoint (at 1,000,000 postings 30% less backend CPU and 22% less WAL for the same rows, docs/benchmarks.md).
 * Each item is generated on its own (`generate(i, i + 1)`): every id is derived once up front (the key alone, no
 * item) and kept as its 16 bytes (16 MB at a million rows, outside the JavaScript heap), sorted by them
 * ({@link orderByLead}), and no item is held. The pass before the first row is the part of a first load the
 * server waits through: bytes, not text, halve it.
 */
export function itemsInIdOrder<Item extends KeyedItem>(
  source: Pick<GeneratedSource<Item>, 'table' | 'keyOf' | 'generate'>,
  from: number,
  to: number,
): InIdOrder<Item> {
  const idOfKey = (item: Item) => source.table.idOf(item.key);
  let last: Item | undefined;
  let lastId = '';
  let lastIndex = -1;
  return {
    *[Symbol.iterator]() {
      const n = Math.max(0, to - from);
      const ids = Buffer.allocUnsafe(n * ID_BYTES);
      const order = orderByLead(
        n,
        (k) => {
          source.table.idBytes(source.keyOf(from + k), ids, k * ID_BYTES);
          return ids.readUIntBE(k * ID_BYTES, 6);
        },
        // Only for runs of equal leads (a few per million): a view of each id is cheap enough there.
        (a, b) =>
          Buffer.compare(
            ids.subarray(a * ID_BYTES, (a + 1) * ID_BYTES),
            ids.subarray(b * ID_BYTES, (b + 1) * ID_BYTES),
          ),
      );
      for (const k of order) {
        const id = uuidText(ids, k * ID_BYTES);
        for (const item of source.generate(from + k, from + k + 1)) {
          last = item;
          lastId = id;
          lastIndex = from + k;
          yield item;
        }
      }
      last = undefined;
    },
    idOf: (item) => (item === last ? lastId : idOfKey(item)),
    indexOf: (item) => (item === last ? lastIndex : -1),
  };
}

// Hashes first: a rerun that compares every row reads `(id, stored hash, ...)` of the seed's rows in id order while
// it hashes the items in the same order; only the rows that differ are staged in full for the plan.

/**
 * Reruns that write little also read little. Before a rerun stages whole rows to compare them (SEED_FORCE, or a
 * table that no longer holds what the guard recorded), it asks the table for each of the seed's rows' id, stored
 * `seed_content_hash`, whether the content still hashes to it (the app did not edit it since) and, under
 * SEED_FORCE, a hash of its lifecycle columns: about 80 bytes a row instead of about 900, streamed in id order
 * (COPY TO STDOUT) while the items are generated and hashed in the same order ({@link itemsInIdOrder}), the two
 * merged as they come. The server hashes the rows' content while Node hashes the items' (they were one after the
 * other when the items' hashes were staged and joined: docs/benchmarks.md). An item is unchanged when its row is
 * there, is this seed's, its stored hash equals the item's, and the content still hashes to it. Only the other
 * indices (differing, missing, the app's, edited) are generated again and staged in full for the plan, which
 * classifies them exactly as before; the rest are counted unchanged.
 *
 * It applies only when the stored hashes were computed over today's content columns (otherwise every hash
 * differs and the narrow pass is pure overhead), and only to ranges expected to be mostly unchanged (not those
 * another variant wrote): {@link narrowWhereUseful} decides.
 */

/** What the narrow pass found. */
export interface NarrowedComparison {
  /** Index ranges still to be staged in full and compared by the plan. */
  ranges: IndexRange[];
  /** Items the hashes showed unchanged: neither staged in full nor written. */
  unchanged: number;
}

/** The lifecycle columns as a hash spec: hashed like content, to compare them in one value. */
function lifecycleSpec(table: SeedTable): HashSpec {
  return table.dataColumns
    .slice(table.contentColumns.length)
    .map(([name, column]) => (column.cast ? `${name}::${column.cast}` : name));
}

/** The custom setting that carries the seed's name into {@link storedHashesSql} (COPY takes no parameters). */
export const SEED_NAME_SETTING = 'job_postings_seed.seed_name';

/** Binds the seed's name for {@link storedHashesSql}, for the transaction only. */
export function seedNameSettingSql(seedName: string): Sql {
  return sql`SELECT set_config(${SEED_NAME_SETTING}, ${seedName}, true)`;
}

/**
 * The seed's rows in id order as the narrow pass reads them: id, stored hash, whether the content still hashes to
 * it by `storedHash` (the formula the rows' hashes were written with; none: never), and with `lifecycle` the hash
 * of the lifecycle columns. The seed's name comes from {@link seedNameSettingSql}.
 */
export function storedHashesSql(table: SeedTable, storedHash: HashSpec | null, lifecycle: boolean): Sql {
  const lifecycleHash = lifecycle ? sql`, ${verbatim(contentHashSql(lifecycleSpec(table), 'j'))}` : sql``;
  return sql`SELECT j.id, j.seed_content_hash,
       coalesce(j.seed_content_hash = ${storedHashSql({ storedHash }, 'j')}, false)${lifecycleHash}
     FROM ${ident(table.table)} j
     WHERE j.seed_name = current_setting(${verbatim(`'${SEED_NAME_SETTING}'`)})
     ORDER BY j.id`;
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

/** Newline and tab, as bytes. */
const LF = 10;
const TAB = 9;

/**
 * The rows of {@link storedHashesSql}'s output (COPY's text format: tab-separated, `\N` null, `t`/`f`), one at a
 * time, read from the bytes of the chunk they arrived in when the merge asks for a field. A chunk holds hundreds of
 * rows and lives while the items they are compared with are generated, through several young-generation
 * collections: rows parsed into objects up front were promoted with it, and a hashes-first rerun of 1,000,000 rows
 * peaked at 317 MB (163 MB of heap) against 216 MB when the server was fast enough to fill every chunk
 * (docs/benchmarks.md). Now nothing per row outlives its comparison. Every field is ASCII (a uuid, hex digests,
 * `t`/`f`, `\N`); a row split between chunks is joined.
 */
export class StoredRows {
  private bytes: Buffer = Buffer.alloc(0);
  /** The current row: its first byte and its newline; `end` -1 before the first row. */
  private start = 0;
  private end = -1;
  /** Where its second, third and fourth fields start (`lifecycle` -1 when there is none). */
  private hashAt = 0;
  private currentAt = 0;
  private lifecycleAt = -1;
  private readonly chunks: AsyncIterator<Buffer | string>;

  constructor(chunks: AsyncIterable<Buffer | string>) {
    this.chunks = chunks[Symbol.asyncIterator]();
  }

  /** Moves to the next row: true, or false after the last; a promise of that when it must wait for the next chunk. */
  next(): boolean | Promise<boolean> {
    const from = this.end + 1;
    const end = this.bytes.indexOf(LF, from);
    if (end < 0) return this.nextChunk(from);
    this.start = from;
    this.end = end;
    this.hashAt = this.bytes.indexOf(TAB, from) + 1;
    this.currentAt = this.bytes.indexOf(TAB, this.hashAt) + 1;
    const lifecycle = this.bytes.indexOf(TAB, this.currentAt);
    this.lifecycleAt = lifecycle >= 0 && lifecycle < end ? lifecycle + 1 : -1;
    return true;
  }

  /** The rest of the current chunk joined with the next one, then the next row. */
  private async nextChunk(from: number): Promise<boolean> {
    for (;;) {
      const next = await this.chunks.next();
      const rest = this.bytes.subarray(from);
      if (next.done) {
        if (rest.length > 0) throw new Error('the stored hashes ended in the middle of a row');
        return false;
      }
      const chunk = typeof next.value === 'string' ? Buffer.from(next.value, 'latin1') : next.value;
      this.bytes = rest.length > 0 ? Buffer.concat([rest, chunk]) : chunk;
      this.end = -1;
      from = 0;
      if (this.bytes.indexOf(LF) >= 0) return this.next() as boolean;
    }
  }

  private text(from: number, to: number): string {
    return this.bytes.toString('latin1', from, to);
  }

  id(): string {
    return this.text(this.start, this.hashAt - 1);
  }

  hash(): string {
    return this.text(this.hashAt, this.currentAt - 1);
  }

  /** Whether the row's content still hashes to its stored hash (the app did not edit it since). */
  current(): boolean {
    return this.bytes[this.currentAt] === 116; // 't'
  }

  lifecycle(): string {
    return this.lifecycleAt < 0 ? '' : this.text(this.lifecycleAt, this.end);
  }

  /** Reads the stream to its end: the connection leaves COPY only then. */
  async drain(): Promise<void> {
    while (!(await this.chunks.next()).done);
  }
}

/**
 * Reads the seed's rows (id order) while hashing the items [from, to) in id order, and returns the ranges the plan
 * must still compare in full. `source.generate` yields the items (checked, counted in progress, as the caller
 * wants them); `storedHash` is the formula the rows' hashes were written with; `lifecycle` compares the lifecycle
 * columns too (SEED_FORCE resets them).
 */
export async function narrowComparison<Item extends KeyedItem>(
  trx: Knex.Transaction,
  source: Pick<GeneratedSource<Item>, 'table' | 'keyOf' | 'generate'>,
  seedName: string,
  [from, to]: IndexRange,
  { storedHash, lifecycle }: { storedHash: HashSpec | null; lifecycle: boolean },
): Promise<NarrowedComparison> {
  const table = source.table;
  const contentHash = contentHasher(table);
  const withLifecycle = lifecycle && table.lifecycleColumns.length > 0;
  const lifecycleHash = withLifecycle ? lifecycleHasher(table) : null;
  await query(trx, seedNameSettingSql(seedName));
  const rows = new StoredRows(await copyOut(trx, storedHashesSql(table, storedHash, withLifecycle)));
  const items = itemsInIdOrder(source, from, to);
  const differing: number[] = [];
  let more = true; // the stream has rows left
  let onRow = false; // positioned on a row not yet passed
  try {
    for (const item of items) {
      const id = items.idOf(item);
      let unchanged = false;
      while (more) {
        if (!onRow) {
          const next = rows.next();
          more = onRow = typeof next === 'boolean' ? next : await next;
          if (!more) break;
        }
        const rowId = rows.id();
        if (rowId < id) {
          onRow = false;
          continue;
        }
        unchanged =
          rowId === id &&
          rows.current() &&
          rows.hash() === contentHash(item) &&
          (!lifecycleHash || rows.lifecycle() === lifecycleHash(item));
        break;
      }
      if (!unchanged) differing.push(items.indexOf(item));
    }
  } catch (error) {
    // An invalid item, say: the rest of the stream read first, or the connection is still in COPY when ROLLBACK
    // is sent (an error of the stream itself is the same failure seen twice).
    await rows.drain().catch(() => undefined);
    throw error;
  }
  // The rows past the last item's id.
  await rows.drain();
  differing.sort((a, b) => a - b);
  return { ranges: toRanges(differing), unchanged: to - from - differing.length };
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
 * {@link narrowComparison} when it can pay: every kept row is compared (SEED_FORCE, or a table changed behind
 * the guard: one range from 0) and the stored hashes were written with today's content columns. Otherwise every
 * range is staged.
 */
export async function narrowWhereUseful<Item extends KeyedItem>(
  trx: Knex.Transaction,
  source: Pick<GeneratedSource<Item>, 'table' | 'keyOf' | 'generate'>,
  seedName: string,
  ranges: IndexRange[],
  {
    compareAll,
    stored,
    force,
    enabled,
  }: { compareAll: boolean; stored: StoredHash; force: boolean; enabled: boolean },
): Promise<NarrowedComparison> {
  if (!enabled || !compareAll || stored.changed || !stored.spec || ranges.length !== 1)
    return { ranges, unchanged: 0 };
  return narrowComparison(trx, source, seedName, ranges[0], {
    storedHash: stored.spec,
    lifecycle: force,
  });
}
