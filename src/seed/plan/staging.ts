// Staging: the temp tables of one step and the COPY that fills them (or, for new rows, the seeded table itself).

import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Knex } from 'knex';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { ident, query, type Sql, sql, verbatim } from '../../db/sql';
import { contentHasher, rowEncoders } from '../hashing';
import { copyField } from '../table/columns';
import { type KeyedItem, type SeedTable, writtenColumns } from '../table/description';
import { CHUNK_BYTES, writtenChunks } from './new-rows';

/**
 * The temp tables of one seed step, all created here and dropped with the transaction: the staged data set,
 * the keys that left it, and the two plans converge classifies them into.
 */
export const TEMP = {
  incoming: 'seed_incoming',
  removed: 'seed_removed',
  plan: 'seed_plan',
  removedPlan: 'seed_removed_plan',
} as const;

/** Staged with each item of a table with ages, used only when a row is created (or reset by SEED_FORCE). */
export const AGE_COLUMNS = ['_seed_created_age', '_seed_updated_age'] as const;

/**
 * The statements that (re)create the temp tables of one seed step. The incoming table takes its column types
 * from the seeded table itself, so the staging area cannot drift from the migration.
 */
export function resetStagingSql(table: SeedTable): Sql[] {
  const ages = table.ages ? sql`, 0 AS _seed_created_age, 0 AS _seed_updated_age` : sql``;
  return [
    sql`DROP TABLE IF EXISTS ${ident(Object.values(TEMP))}`,
    sql`CREATE TEMP TABLE ${ident(TEMP.incoming)} ON COMMIT DROP AS
    SELECT id, ''::text AS _seed_key, false AS _seed_previously_owned, ${ident([...table.contentColumns, ...table.lifecycleColumns])},
           seed_content_hash AS _seed_content_hash${ages}
    FROM ${ident(table.table)} WITH NO DATA`,
    sql`CREATE TEMP TABLE ${ident(TEMP.removed)} (id uuid NOT NULL, _seed_key text NOT NULL) ON COMMIT DROP`,
  ];
}

/** (Re)creates the temp tables for one seed step: see {@link resetStagingSql}. */
export async function resetStagingTables(trx: Knex.Transaction, table: SeedTable): Promise<void> {
  for (const statement of resetStagingSql(table)) await query(trx, statement);
}

/** An item about to be staged, with whether the seed owned its key before this run. */
export interface Incoming<Item> {
  item: Item;
  previouslyOwned: boolean;
}

/** COPYs the data set (or the part of it this run compares) into the incoming table. */
export async function stageIncoming<Item extends KeyedItem>(
  trx: Knex.Transaction,
  table: SeedTable<Item>,
  rows: Iterable<Incoming<Item>>,
): Promise<void> {
  const fields = rowEncoders(table).copyFields;
  const hashOf = contentHasher(table);
  const ages = agesOf(table);
  function* lines(): Generator<string> {
    for (const { item, previouslyOwned } of rows) {
      const id = table.idOf(item.key);
      yield `${id}\t${copyField(item.key)}\t${previouslyOwned ? 't' : 'f'}\t${fields(item)}\t${hashOf(item)}${ages(item)}\n`;
    }
  }
  // No ANALYZE: a never-analyzed temp table is estimated from its size, which is all the plan's one hash join
  // needs (checked with EXPLAIN at 40 and 100,000 rows); analyzing cost 6% of a 100k rerun.
  const columns = [
    'id',
    '_seed_key',
    '_seed_previously_owned',
    ...table.contentColumns,
    ...table.lifecycleColumns,
  ];
  await copyRows(
    trx,
    TEMP.incoming,
    [...columns, '_seed_content_hash', ...(table.ages ? AGE_COLUMNS : [])],
    lines(),
  );
}

/** The staged age fields of an item (a tab, created, a tab, updated), or nothing for a table without ages. */
function agesOf<Item extends KeyedItem>(table: SeedTable<Item>): (item: Item) => string {
  const ages = table.ages;
  if (!ages) return () => '';
  const { createdAge, updatedAge } = rowEncoders(table);
  return (item) => `\t${createdAge(item)}\t${updatedAge(item)}`;
}

/** COPYs the keys the seed owns that left the data set into the removed table. */
export async function stageRemoved(
  trx: Knex.Transaction,
  table: SeedTable,
  keys: Iterable<string>,
): Promise<void> {
  function* lines(): Generator<string> {
    for (const key of keys) yield `${table.idOf(key)}\t${copyField(key)}\n`;
  }
  await copyRows(trx, TEMP.removed, ['id', '_seed_key'], lines());
  await query(trx, sql`ANALYZE ${ident(TEMP.removed)} (id)`);
}

/**
 * COPYs items straight into the seeded table: the fast path for keys the seed has never owned (a first load,
 * or a larger synthetic count). Fails with a unique violation if any id already exists. `idOf`: each item's row
 * id when the caller has it already (a load in id order derived them all to sort them).
 */
export async function copyNewRows<Item extends KeyedItem>(
  trx: Knex.Transaction,
  table: SeedTable<Item>,
  seedName: string,
  items: Iterable<Item>,
  idOf?: (item: Item) => string,
): Promise<void> {
  // The transaction's now(), so COPYed rows age from the same instant as rows the INSERT path writes.
  const { rows } = await query<{ now: Date | string }>(trx, sql`SELECT now() AS now`);
  const now = new Date(rows[0].now).getTime();
  await copyRows(trx, table.table, writtenColumns(table), {
    bytes: writtenChunks(table, seedName, items, now, idOf),
  });
}

/**
 * Chunks built ahead of the socket (Readable.from's default is 16): two keep the server fed, and a hashes-first
 * rerun of 200,000 rows peaked at 278/239 MB RSS against 339/269 MB with 16 (docs/benchmarks.md).
 */
const CHUNKS_AHEAD = 2;
/** PGlite reads a COPY from one in-memory blob: bound each blob so memory stays flat. */
const PGLITE_BLOB_CHARS = 8 * 1024 * 1024;

/**
 * Lines as UTF-8 chunks of about `size` bytes, each line written into the chunk's buffer as it comes: a line is
 * garbage as soon as it is copied. (A string chunk built by `+=` keeps every line alive as a rope until it is
 * sent; with short lines, as in the hashes-first pass, those ropes outlive young-generation collections and fill
 * the old generation: 109 MB of heap against 44 MB for generating the same lines.)
 */
function* chunkedBytes(lines: Iterable<string>, size: number): Generator<Buffer> {
  let buffer = Buffer.allocUnsafe(size);
  let used = 0;
  for (const line of lines) {
    // A UTF-16 code unit takes at most 3 bytes of UTF-8.
    if (used + line.length * 3 > buffer.length) {
      if (used > 0) yield buffer.subarray(0, used);
      buffer = Buffer.allocUnsafe(Math.max(size, line.length * 3));
      used = 0;
    }
    used += buffer.write(line, used, 'utf8');
  }
  if (used > 0) yield buffer.subarray(0, used);
}

/** Chunks of whole lines' bytes grouped into blobs of about `size` bytes. */
export function* blobsOf(chunks: Iterable<Buffer>, size: number): Generator<Buffer[]> {
  let blob: Buffer[] = [];
  let bytes = 0;
  for (const chunk of chunks) {
    blob.push(chunk);
    bytes += chunk.length;
    if (bytes >= size) {
      yield blob;
      blob = [];
      bytes = 0;
    }
  }
  if (blob.length > 0) yield blob;
}

function* chunked(lines: Iterable<string>, size: number): Generator<string> {
  let chunk = '';
  for (const line of lines) {
    chunk += line;
    if (chunk.length >= size) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk.length > 0) yield chunk;
}

interface PGliteLike {
  waitReady: Promise<void>;
  query(sql: string, params?: unknown[], options?: { blob?: Blob }): Promise<unknown>;
}

function isPGlite(connection: unknown): connection is PGliteLike {
  return typeof connection === 'object' && connection !== null && 'waitReady' in connection;
}

/** What a COPY reads besides lines of text: chunks of whole lines' UTF-8 bytes. */
export interface CopyBytes {
  bytes: Iterable<Buffer>;
}

/** `COPY table (columns) FROM STDIN` (server) or `FROM '/dev/blob'` (PGlite), in the text format. */
export function copySql(table: string, columns: readonly string[], from: 'STDIN' | "'/dev/blob'"): Sql {
  return sql`COPY ${ident(table)} (${ident(columns)}) FROM ${verbatim(from)} WITH (FORMAT text)`;
}

/**
 * Streams `lines` of COPY's text format (each ending in "\n") into `table (columns)` with COPY, on the
 * transaction's own connection: `COPY FROM STDIN` on a server, `COPY FROM '/dev/blob'` in bounded blobs on
 * PGlite. Nothing is buffered beyond one chunk, so a million rows cost no more memory than a thousand.
 */
export async function copyRows(
  trx: Knex.Transaction,
  table: string,
  columns: readonly string[],
  rows: Iterable<string> | CopyBytes,
): Promise<void> {
  const connection = await trx.client.acquireConnection();
  // COPY takes no bind parameters: its text is rendered here, from identifiers only.
  const text = (from: 'STDIN' | "'/dev/blob'") => {
    const statement = copySql(table, columns, from);
    return trx.raw(statement.sql, statement.bindings as Knex.Value[]).toQuery();
  };
  if (isPGlite(connection)) {
    const blobs = 'bytes' in rows ? blobsOf(rows.bytes, PGLITE_BLOB_CHARS) : chunked(rows, PGLITE_BLOB_CHARS);
    for (const blob of blobs) {
      await connection.query(text("'/dev/blob'"), [], {
        blob: new Blob(Array.isArray(blob) ? blob : [blob]),
      });
    }
    return;
  }
  const copy = connection.query(copyFrom(text('STDIN')));
  const chunks = 'bytes' in rows ? rows.bytes : chunkedBytes(rows, CHUNK_BYTES);
  await pipeline(Readable.from(chunks, { highWaterMark: CHUNKS_AHEAD }), copy);
}

/**
 * The rows of `select` (a query with identifiers as its only bindings) as COPY's text format, streamed:
 * `COPY (select) TO STDOUT` on a server, read as the caller consumes it (the server waits while the caller is
 * behind); on PGlite one blob (`TO '/dev/blob'`). The caller must read to the end before the next statement.
 */
export async function copyOut(trx: Knex.Transaction, select: Sql): Promise<AsyncIterable<Buffer | string>> {
  const connection = await trx.client.acquireConnection();
  const text = (to: 'STDOUT' | "'/dev/blob'") =>
    trx.raw(`COPY (${select.sql}) TO ${to}`, select.bindings as Knex.Value[]).toQuery();
  if (isPGlite(connection)) {
    const result = (await connection.query(text("'/dev/blob'"))) as { blob?: Blob };
    const blob = result.blob ? await result.blob.text() : '';
    return (async function* () {
      yield blob;
    })();
  }
  // node-postgres arms DB_QUERY_TIMEOUT's timer around a query's `callback` and clears it when that is called;
  // pg-copy-streams' COPY TO has none and never calls one, so the timer outlived the COPY (a finished seed's
  // process waited for it, then it threw). It is given one, called when the stream is over.
  const stream = copyTo(text('STDOUT')) as ReturnType<typeof copyTo> & { callback?: () => void };
  stream.callback = () => undefined;
  const settled = () => stream.callback?.();
  stream.once('end', settled).once('error', settled).once('close', settled);
  return connection.query(stream);
}
