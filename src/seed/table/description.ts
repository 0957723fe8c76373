// The table description a seed file declares (`defineSeedTable`), the row ids derived from item keys, and the
// sources a seed file hands the engine (curated and generated), with a generated source's bulk-load tuning.

import { hash } from 'node:crypto';
import { SeedError } from '../../errors';
import type { Column } from './columns';
import { namespaceWords, shortUuidV5 } from './uuid-v5';

/** What every item of a data set has: a stable key, from which the engine derives the row id. */
export interface KeyedItem {
  key: string;
}

/** Columns by name, in the order the content hash and the staging table take them. */
export type Columns<Item> = { readonly [name in keyof Item & string]?: Column };

/**
 * One seeded table, declared once: the engine (guard, lock, staging, compare, write, summary) never names a
 * table itself. The table must have `id uuid primary key`, `created_at`, `updated_at`, and the two bookkeeping
 * columns `seed_name varchar(63)` and `seed_content_hash char(32)`.
 */
export interface SeedTableSpec<Item extends KeyedItem> {
  /** The table's name. */
  table: string;
  /**
   * UUID v5 namespace: a row's id is uuidv5(key, idNamespace), the same on every machine and every run.
   * Default: uuidv5(table, {@link TABLE_NAMESPACE}). Never change it once rows exist: every id would change.
   */
  idNamespace?: string;
  /** Converged to the data set on every run; the app editing any of them keeps the row as the app made it. */
  content: Columns<Item>;
  /** Set when the seed creates a row, then the app's (reset only by SEED_FORCE). Default: none. */
  lifecycle?: Columns<Item>;
  /**
   * Item fields giving a new row's age, in whole minutes before the seed first writes it: `created_at` and
   * `updated_at` (missing: 0). Set on insert only; a rerun never moves them, SEED_FORCE re-applies them.
   * Default: both are the time of the write. `roll: 'week'`: the ages are counted back from a Monday 00:00 UTC
   * and each write moves them by less than a week, so created_at keeps the weekday and time they name
   * (rolledAges, src/seed/hashing.ts); left out, they are minutes before the write as they are.
   */
  ages?: { created: keyof Item & string; updated: keyof Item & string; roll?: 'week' };
  /**
   * Problems of one item, each `field: what is wrong`, beyond what the engine checks itself (the key, each
   * value's kind, `ref` keys, text PostgreSQL cannot store). Default: none.
   */
  validate?(item: Item): string[];
  /** Problems across a hand-written data set (beyond duplicate keys), each starting with an item's key. */
  validateDataSet?(items: readonly Item[]): string[];
  /** How the summary names one item and several: `2 postings left the data set`. */
  noun: { one: string; many: string };
  /** The lines a first run that only created rows prints instead of the counts (default: the counts). */
  firstRunSummary?(items: readonly Item[], created: number): string[];
}

/** A table description with the lists the engine derives from it, each computed once. */
export interface SeedTable<Item extends KeyedItem = KeyedItem>
  extends Omit<SeedTableSpec<Item>, 'ages' | 'validate'> {
  readonly ages?: { readonly created: string; readonly updated: string; readonly roll?: 'week' };
  /** The description's own problems of one item (none when it gives no `validate`). */
  validate(item: Item): string[];
  readonly contentColumns: readonly string[];
  readonly lifecycleColumns: readonly string[];
  /** Content then lifecycle columns, with their codecs: the order of staged and written rows. */
  readonly dataColumns: readonly (readonly [string, Column])[];
  /** The row id of a key. */
  idOf(key: string): string;
  /** The same id's 16 bytes, written into `out` at `at` (a load in id order sorts them). */
  idBytes(key: string, out: Buffer, at: number): void;
}

// The names the engine takes: it writes them into its SQL and its compiled row code without quotes, so a name
// must read back unchanged unquoted (lower case) and be safe as a property name.
const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;
const ALLOWED = 'a-z, 0-9 and _, not starting with a digit';

/** `displayName` -> `display_name`: the name a migration could rename a column or table to. */
function snakeCase(name: string): string {
  const snake = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_');
  return /^[0-9]/.test(snake) ? `_${snake}` : snake;
}

/** Why the engine cannot seed a table of this name, and what to do; undefined for a name it takes. */
function tableNameProblem(table: string): string | undefined {
  if (IDENTIFIER.test(table)) return undefined;
  const [schema, plain, ...rest] = table.split('.');
  if (plain !== undefined && rest.length === 0 && IDENTIFIER.test(schema) && IDENTIFIER.test(plain)) {
    return (
      `the table is named with its schema, and the engine finds a table by its plain name along the ` +
      `connection's search_path: write table: '${plain}' and put ${schema} on the search_path (knex's ` +
      `searchPath: ['${schema}', 'public'], or ALTER ROLE ... SET search_path = ${schema}, public)`
    );
  }
  return (
    `the table name "${table}" is not one the engine takes (${ALLOWED}): rename the table in a migration ` +
    `(knex.schema.renameTable('${table}', '${snakeCase(table)}')) and name it ${snakeCase(table)} here`
  );
}

/** Why the engine cannot write a column of this name, and what to do; undefined for a name it takes. */
function columnNameProblem(column: string): string | undefined {
  if (IDENTIFIER.test(column)) return undefined;
  return (
    `column "${column}" is not a name the engine takes (${ALLOWED}): rename it in a migration ` +
    `(t.renameColumn('${column}', '${snakeCase(column)}')) and describe it as ${snakeCase(column)}, with the items' ` +
    'field of that name'
  );
}

/** An `ages` field the engine cannot read as it reads columns, and what to do. */
function ageFieldProblem(field: string): string | undefined {
  if (IDENTIFIER.test(field)) return undefined;
  return `ages field "${field}" is not a name the engine takes (${ALLOWED}): name the items' field ${snakeCase(field)}`;
}

/** Columns the engine writes itself: a description cannot list them (and `_seed_*` names are its staging's). */
export const BOOKKEEPING_COLUMNS = [
  'id',
  'created_at',
  'updated_at',
  'seed_name',
  'seed_content_hash',
] as const;

/** The columns the seed COPYs into its table (created_at and updated_at: from the ages, or their defaults). */
export function writtenColumns(table: SeedTable): string[] {
  const ages = table.ages ? ['created_at', 'updated_at'] : [];
  return [
    'id',
    ...table.contentColumns,
    ...table.lifecycleColumns,
    'seed_name',
    'seed_content_hash',
    ...ages,
  ];
}

/** The namespace of the default id namespaces: uuidv5('seed-table', uuid.URL) (any fixed UUID would do). */
export const TABLE_NAMESPACE = '088b1610-c7fb-5638-9fbe-9c3b570866b6';

/** The `validate` of a description that leaves it out: the engine's own checks are all there is. */
const noProblems = (): string[] => [];

/** Checks a description and derives its column lists. */
export function defineSeedTable<Item extends KeyedItem>(spec: SeedTableSpec<Item>): SeedTable<Item> {
  const content = Object.entries(spec.content) as [string, Column][];
  const lifecycle = Object.entries(spec.lifecycle ?? {}) as [string, Column][];
  const ages = spec.ages ? [spec.ages.created, spec.ages.updated] : [];
  const unnamed = [
    tableNameProblem(spec.table),
    ...[...content, ...lifecycle].map(([c]) => columnNameProblem(c)),
    ...ages.map((field) => ageFieldProblem(field)),
  ].filter((problem) => problem !== undefined);
  if (unnamed.length > 0) {
    throw new SeedError('SCHEMA_INCOMPATIBLE', `seed table ${spec.table}: ${unnamed.join('; ')}`);
  }
  for (const [name] of [...content, ...lifecycle]) {
    if ((BOOKKEEPING_COLUMNS as readonly string[]).includes(name) || name.startsWith('_seed_'))
      throw new Error(
        `seed table ${spec.table}: column ${name} is the engine's own; describe the app's columns only`,
      );
  }
  if (content.length === 0) throw new Error(`seed table ${spec.table}: no content columns`);
  if (spec.ages?.roll !== undefined && spec.ages.roll !== 'week')
    throw new Error(
      `seed table ${spec.table}: ages.roll is 'week' or left out, not ${String(spec.ages.roll)}`,
    );
  const namespace = spec.idNamespace ?? idFor(TABLE_NAMESPACE)(spec.table);
  return {
    ...spec,
    validate: spec.validate ?? noProblems,
    contentColumns: content.map(([c]) => c),
    lifecycleColumns: lifecycle.map(([c]) => c),
    dataColumns: [...content, ...lifecycle],
    idOf: idFor(namespace),
    idBytes: idBytesFor(namespace),
  };
}

/**
 * An item's fields by name: the one place an item of a described table is read as a record (its type says only
 * `key`; the description names the other fields).
 */
export function fieldsOf(item: KeyedItem): Readonly<Record<string, unknown>> {
  return item as object as Record<string, unknown>;
}

/** An item's age field in whole minutes (0 when it leaves it out). */
export function ageOf(item: KeyedItem, field: string): number {
  return (fieldsOf(item)[field] as number | undefined) ?? 0; // a number: validate.ts checked it
}

/** An item's value of a column, with the column's fallback for a field the item leaves out. */
export function columnValue(item: KeyedItem, name: string, column: Column): unknown {
  const value = fieldsOf(item)[name];
  return value === undefined ? column.fallback : value;
}

/**
 * The row id of a key in a namespace: RFC 9562 UUID v5 (SHA-1 of namespace + name), so the same item has the
 * same id on every machine and every run. Written out rather than taken from the `uuid` package because a
 * synthetic load derives a million of these and the one-shot `crypto.hash` over a reused buffer (namespace bytes
 * followed by room for the key) is several times faster; test/ids.test.ts checks it against `uuid.v5`.
 */
export function idFor(namespace: string): (key: string) => string {
  const into = idBytesFor(namespace);
  const bytes = Buffer.alloc(16);
  return (key) => {
    into(key, bytes, 0);
    return uuidText(bytes, 0);
  };
}

/**
 * {@link idFor}'s id as its 16 bytes, written into `out` at `at`: what a load that sorts a million ids keeps of
 * each (no text until the row is written).
 */
export function idBytesFor(namespace: string): (key: string, out: Buffer, at: number) => void {
  const scratch = Buffer.alloc(16 + 1024);
  scratch.write(namespace.replace(/-/g, ''), 0, 'hex');
  const words = namespaceWords(scratch);
  // The namespace and key bytes as one view of the scratch buffer, one view per length (keys mostly share one).
  const views: Buffer[] = [];
  return (key, out, at) => {
    // A short ASCII key (every generated one): one SHA-1 block in JavaScript, without a native call.
    if (shortUuidV5(words, key, out, at)) return;
    let name: Buffer;
    // A UTF-16 unit is at most 3 bytes of UTF-8: a key that surely fits is written without measuring it first.
    if (key.length * 3 <= scratch.length - 16 || Buffer.byteLength(key, 'utf8') <= scratch.length - 16) {
      const length = scratch.write(key, 16, 'utf8');
      views[length] ??= scratch.subarray(0, 16 + length);
      name = views[length];
    } else {
      name = Buffer.concat([scratch.subarray(0, 16), Buffer.from(key, 'utf8')]);
    }
    // As latin1 text, one character a byte: a Buffer per digest costs twice the hash itself.
    const digest = hash('sha1', name, 'binary');
    for (let i = 0; i < 16; i++) out[at + i] = digest.charCodeAt(i);
    out[at + 6] = (out[at + 6] & 0x0f) | 0x50; // version 5
    out[at + 8] = (out[at + 8] & 0x3f) | 0x80; // the RFC's variant
  };
}

/** "00" to "ff". */
const HEX_BYTE: readonly string[] = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/** The 16 bytes at `at` as a UUID's text, 8-4-4-4-12 lower-case hex digits (a table per byte: no native call). */
export function uuidText(bytes: Uint8Array, at: number): string {
  const h = (i: number) => HEX_BYTE[bytes[at + i]];
  return `${h(0)}${h(1)}${h(2)}${h(3)}-${h(4)}${h(5)}-${h(6)}${h(7)}-${h(8)}${h(9)}-${h(10)}${h(11)}${h(12)}${h(13)}${h(14)}${h(15)}`;
}

/** A hand-written data set: every run that is not a no-op stages and compares all of it. */
export interface CuratedSource<Item extends KeyedItem> {
  kind: 'curated';
  /** The seed's name in the guard table (and on its rows, `seed_name`). */
  name: string;
  table: SeedTable<Item>;
  items: readonly Item[];
}

/** A generated data set: item `i` is a pure function of `i` and the variant, so a run can start at any index. */
export interface GeneratedSource<Item extends KeyedItem> {
  kind: 'generated';
  name: string;
  table: SeedTable<Item>;
  count: number;
  /** What selects the rows besides the count (generator version, random seed): recorded by the guard. */
  variant: Record<string, string | number>;
  /** Items [from, to), lazily. */
  generate(from: number, to: number): Iterable<Item>;
  /** The key of item `index`, without generating it. */
  keyOf(index: number): string;
  /** Bulk-load thresholds (`LoadTuning` below); defaults when left out. */
  tuning?: Partial<LoadTuning>;
}

// biome-ignore lint/suspicious/noExplicitAny: a run mixes sources of different item types
export type SeedSource = CuratedSource<any> | GeneratedSource<any>;

// How a generated seed loads and compares in bulk: thresholds, one object per source, defaults for every size.

/**
 * Tests lower the thresholds so a few hundred rows take the bulk paths, and `npm run bench` turns each off to
 * measure it against its baseline.
 */
export interface LoadTuning {
  /**
   * A first load of at least this many rows into a table holding fewer rows than it writes builds the secondary
   * indexes after the COPY (src/seed/write/bulk-load.ts). Default: never (`Infinity`); a seed file opts in with
   * `tuning: { indexRebuildMinRows: 20_000 }` where its table's indexes make it pay.
   */
  indexRebuildMinRows: number;
  /** `maintenance_work_mem` (MB) for that rebuild, set for the seed's transaction only. Default 256. */
  indexRebuildMemoryMB: number;
  /**
   * A rerun comparing every row (SEED_FORCE, a table changed behind the guard) stages hashes first and only the
   * rows they cannot show unchanged in full (src/seed/write/bulk-load.ts). Default true.
   */
  narrowCompare: boolean;
  /**
   * New rows are COPYed in the order of their ids (src/seed/write/bulk-load.ts `itemsInIdOrder`), so the primary key
   * and any index led by the seed's name and the id grow at their right edge. Default true; off, in the order of
   * their indices (the order `generate` yields them).
   */
  idOrder: boolean;
  /**
   * A load of at least this many new rows into a table holding fewer rows than it writes counts the seed's rows
   * afterwards with one scan of the whole table, not through the (seed_name, id) index (`RowsScan`,
   * src/seed/guard/seed-guard.ts). Default 10,000.
   */
  wholeTableCountMinRows: number;
}

/**
 * Index-after-load is off by default: on job_postings it was slower than keeping the indexes in every measured
 * pair (200k: 19.8/22.6 s against 17.0/19.0 s; 1M: 88.5 s against 73.6 s; docs/benchmarks.md), since the uuid
 * primary key, which it never drops, is most of the index work; and it locks the table ACCESS EXCLUSIVE until
 * the seed commits. With new rows in id order it rebuilt (seed_name, id) too, which the load appends to at its
 * right edge: lost at 200k. Since it keeps that index (rebuilding only the three low-cardinality ones), it costs
 * the server's backend 10-13% less CPU at 200k, but the wall time of 7 alternating pairs on the shared machine
 * was even (47.4 s rebuilt, 46.4 s kept; at 1M three pairs, 115.7 s against 117.4 s): no win that buys the
 * lock, so still off. A table with several heavy secondary indexes can opt in. 256 MB of sort memory holds the
 * largest index's keys at 1,000,000 postings; it is the server's memory, for the rebuild only.
 */
export const DEFAULT_LOAD_TUNING: LoadTuning = {
  indexRebuildMinRows: Number.POSITIVE_INFINITY,
  indexRebuildMemoryMB: 256,
  narrowCompare: true,
  idOrder: true,
  wholeTableCountMinRows: 10_000,
};

/** A source's tuning with the defaults filled in. */
export function loadTuning(source: { tuning?: Partial<LoadTuning> }): LoadTuning {
  return { ...DEFAULT_LOAD_TUNING, ...source.tuning };
}
