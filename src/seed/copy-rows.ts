import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Knex } from 'knex';
import { from as copyFrom } from 'pg-copy-streams';

/** One CSV field as COPY reads it: null is an unquoted empty field, everything else is quoted. */
export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 't' : 'f';
  return value.includes('"') ? `"${value.replace(/"/g, '""')}"` : `"${value}"`;
}

/** Lines are sent in chunks of about this many bytes: one write per chunk, not per row. */
const CHUNK_CHARS = 256 * 1024;
/** PGlite reads a COPY from one in-memory blob: bound each blob so memory stays flat. */
const PGLITE_BLOB_CHARS = 8 * 1024 * 1024;

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

/**
 * Streams CSV `lines` (each ending in "\n") into `table (columns)` with COPY, on the transaction's own
 * connection: `COPY FROM STDIN` on a server, `COPY FROM '/dev/blob'` in bounded blobs on PGlite. Nothing is
 * buffered beyond one chunk, so a million rows cost no more memory than a thousand.
 */
export async function copyRows(
  trx: Knex.Transaction,
  table: string,
  columns: readonly string[],
  lines: Iterable<string>,
): Promise<void> {
  const connection = await trx.client.acquireConnection();
  const target = `${table} (${columns.join(', ')})`;
  if (isPGlite(connection)) {
    for (const blob of chunked(lines, PGLITE_BLOB_CHARS)) {
      await connection.query(`COPY ${target} FROM '/dev/blob' WITH (FORMAT csv)`, [], {
        blob: new Blob([blob]),
      });
    }
    return;
  }
  const copy = connection.query(copyFrom(`COPY ${target} FROM STDIN WITH (FORMAT csv)`));
  await pipeline(Readable.from(chunked(lines, CHUNK_CHARS)), copy);
}
