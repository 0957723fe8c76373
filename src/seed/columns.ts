// Column kinds (`text()`, `numeric()`, `boolean()`, `jsonbStrings()`): how one value is sent as a CSV field or a
// bind value and how the content hash reads it; the CSV and JSON text they are made of.

/** One CSV field as COPY reads it: null is an unquoted empty field, everything else is quoted. */
export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 't' : 'f';
  return value.includes('"') ? `"${value.replace(/"/g, '""')}"` : `"${value}"`;
}

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

/**
 * JSON string literals of skills, memoised: a large load encodes the same few hundred skill names millions of
 * times (for the content hash and for COPY). Bounded, so arbitrary data cannot grow it without limit.
 */
const jsonCache = new Map<string, string>();
const MAX_ENTRIES = 10_000;

/** `JSON.stringify(value)` for a string, from the cache when seen before. */
export function jsonString(value: string): string {
  let literal = jsonCache.get(value);
  if (literal === undefined) {
    literal = JSON.stringify(value);
    if (jsonCache.size < MAX_ENTRIES) jsonCache.set(value, literal);
  }
  return literal;
}

/** jsonb's text output of an array of strings: `["a", "b"]`. */
export function jsonbTextArray(values: readonly string[]): string {
  let text = '[';
  for (let i = 0; i < values.length; i++) text += (i === 0 ? '' : ', ') + jsonString(values[i]);
  return `${text}]`;
}

const csvCache = new Map<string, string>();

/** {@link jsonbTextArray} as one quoted CSV field (every `"` doubled), built from memoised pieces. */
export function csvJsonbTextArray(values: readonly string[]): string {
  let text = '"[';
  for (let i = 0; i < values.length; i++) {
    let literal = csvCache.get(values[i]);
    if (literal === undefined) {
      literal = jsonString(values[i]).replace(/"/g, '""');
      if (csvCache.size < MAX_ENTRIES) csvCache.set(values[i], literal);
    }
    text += (i === 0 ? '' : ', ') + literal;
  }
  return `${text}]"`;
}
