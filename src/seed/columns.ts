import { csvField } from './copy-rows';
import { csvJsonbTextArray, jsonbTextArray } from './json-text';

/** What the content hash puts in place of null, and between fields (chr 2 and chr 31: never in real text). */
export const HASH_NULL = '\x02';
export const HASH_SEPARATOR = '\x1f';

/**
 * How the engine writes and hashes one column: as a CSV field for COPY, as a bind value for knex, and as the
 * text the content hash takes of it, which equals what PostgreSQL prints for the stored value (`col::text`, after
 * `cast` when there is one), so "did the app edit this row?" is one comparison in the database.
 */
export interface Column {
  /** The SQL cast the hash applies before `::text` (e.g. `numeric(12,2)`, so 1 and 1.00 hash alike). */
  readonly cast?: string;
  /** Used when an item leaves the field undefined (lifecycle columns: the value a new row starts with). */
  readonly fallback: unknown;
  csv(value: unknown): string;
  bind(value: unknown): unknown;
  hashText(value: unknown): string;
}

const plain = (value: unknown) => (value === null || value === undefined ? HASH_NULL : String(value));

function column(fallback: unknown, parts: Partial<Column>): Column {
  return {
    fallback,
    csv: csvField as (value: unknown) => string,
    bind: (v) => v ?? null,
    hashText: plain,
    ...parts,
  };
}

/** text, varchar, char or an enum type; `fallback` for an item that leaves the field out (default null). */
export const text = (fallback: string | null = null): Column => column(fallback, {});

/** A boolean column; `fallback` for an item that leaves the field out. */
export const boolean = (fallback: boolean | null = null): Column => column(fallback, {});

/** numeric(precision, scale): hashed as PostgreSQL prints it at that scale. */
export function numeric(precision: number, scale: number): Column {
  return column(null, {
    cast: `numeric(${precision},${scale})`,
    hashText: (v) => (v === null || v === undefined ? HASH_NULL : (v as number).toFixed(scale)),
  });
}

/** jsonb holding an array of strings: hashed as jsonb prints it (`["a", "b"]`); bound as JSON text for `pg`. */
export const jsonbStrings = (): Column =>
  column(null, {
    csv: (v) => (v === null || v === undefined ? '' : csvJsonbTextArray(v as string[])),
    bind: (v) => (v === null || v === undefined ? null : JSON.stringify(v)),
    hashText: (v) => (v === null || v === undefined ? HASH_NULL : jsonbTextArray(v as string[])),
  });
