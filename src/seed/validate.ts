// What a run checks before it writes anything, each check listing every problem in one error: the data set
// against its table description (items, keys, column kinds, references), and the table in the database against
// that description (described and bookkeeping columns, their types, NOT NULL columns the seed leaves empty).

import type { Knex } from 'knex';
import { SeedError } from '../errors';
import { type SizedColumn, sizeCheck } from './declared-sizes';
import { BOOKKEEPING_COLUMNS, fieldsOf, type KeyedItem, type SeedTable } from './table/description';

const KEY_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Half of a UTF-16 surrogate pair without the other half: not a character, so not UTF-8. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether `test` holds of a string value, or of a string in an array or object (its keys too). */
function someString(value: unknown, test: (s: string) => boolean): boolean {
  if (typeof value === 'string') return test(value);
  if (Array.isArray(value)) return value.some((v) => someString(v, test));
  if (value === null || typeof value !== 'object' || value instanceof Date) return false;
  return Object.entries(value).some(([k, v]) => test(k) || someString(v, test));
}

/**
 * Whether a key is in a referenced table's data set, by table name: what a `ref` column's values are checked
 * against (src/seed/run/seed-set.ts builds it for a run).
 */
export type ReferencedKeys = ReadonlyMap<string, (key: string) => boolean>;

type ColumnChecks = (
  item: KeyedItem,
  named: ReadonlySet<string> | undefined,
  referenced: ReferencedKeys | undefined,
  problems: string[],
) => void;

const checksCache = new WeakMap<SeedTable, ColumnChecks>();

/**
 * Each column's kind check of an item (and a `ref`'s key against the referenced data set), compiled once per
 * table into one property read per column, as hashing.ts compiles the row encoders: a loop reading `item[name]`
 * cost a generated load about a tenth of its generation time per row. Column names are plain identifiers.
 */
function columnChecks(table: SeedTable): ColumnChecks {
  let checks = checksCache.get(table);
  if (!checks) {
    const columns = table.dataColumns;
    const body = columns
      .map(([name], i) => {
        const field = JSON.stringify(name);
        return `v = item.${name}; if (v === undefined) v = c${i}.fallback;
          if (v !== null && v !== undefined && !(named && named.has(${field}))) {
            p = c${i}.check(v);
            if (p) problems.push(${field} + ': ' + p);
            else if (c${i}.references && referenced) {
              has = referenced.get(c${i}.references.table);
              if (has && !has(v)) problems.push(${field} + ': ' + c${i}.references.table + ' has no item with key ' + v);
            }
          }`;
      })
      .join('\n');
    const locals = columns.map((_, i) => `const c${i} = columns[${i}][1];`).join('\n');
    checks = new Function(
      'columns',
      `${locals}\nreturn (item, named, referenced, problems) => { let v, p, has;\n${body}\n};`,
    )(columns) as ColumnChecks;
    checksCache.set(table, checks);
  }
  return checks;
}

/** Ten years: no row is older. */
const MAX_AGE_MINUTES = 10 * 366 * 24 * 60;

/**
 * Every problem of one item, each as `field: what is wrong`: the key's, its ages', the table's own, then its
 * columns' kinds (a value of the wrong type, an enum value not listed, a `ref` key not in the referenced data set)
 * for the fields the table's own rules did not already name. Empty when valid.
 */
export function itemProblems<Item extends KeyedItem>(
  table: SeedTable<Item>,
  item: Item,
  referenced?: ReferencedKeys,
  sized?: readonly SizedColumn[],
): string[] {
  const problems =
    typeof item.key !== 'string' || !KEY_PATTERN.test(item.key) ? ['key: must be lower-case kebab-case'] : [];
  if (table.ages) problems.push(...ageProblems(table, fieldsOf(item)));
  const own = table.validate(item);
  problems.push(...own);
  // Fields the table's own rules named already; a generated load checks a million items, so no string per field.
  const named = own.length > 0 ? new Set(own.map((p) => p.slice(0, p.indexOf(':')))) : undefined;
  columnChecks(table)(item, named, referenced, problems);
  if (sized && sized.length > 0 && problems.length === 0) {
    const wrong = sizeCheck(sized)(item);
    if (wrong) problems.push(...wrong);
  }
  return problems;
}

/** The ages of an item (SeedTable.ages): whole minutes, and updated no earlier than created; one problem each. */
function ageProblems(table: SeedTable, item: Readonly<Record<string, unknown>>): string[] {
  const ages = table.ages as { created: string; updated: string };
  const problems: string[] = [];
  for (const field of [ages.created, ages.updated]) {
    const value = item[field];
    if (
      value !== undefined &&
      !(Number.isSafeInteger(value) && (value as number) >= 0 && (value as number) <= MAX_AGE_MINUTES)
    )
      problems.push(`${field}: must be a whole number of minutes from 0 to ${MAX_AGE_MINUTES}`);
  }
  if (problems.length === 0 && ((item[ages.updated] as number) ?? 0) > ((item[ages.created] as number) ?? 0))
    problems.push(
      `${ages.updated}: must not be more than ${ages.created} (a ${table.noun.one} is updated after it is created)`,
    );
  return problems;
}

/** Text PostgreSQL would not store as given, and why: each a test of one string and the end of its problem. */
const UNSTORABLE_TEXT: readonly [test: (s: string) => boolean, why: string][] = [
  [
    (s) => s.includes('\u0000'),
    'contains a NUL character (\\u0000), which PostgreSQL cannot store in text or jsonb',
  ],
  // Half of a surrogate pair is no character: it would be stored as U+FFFD, another value than the item's.
  [
    (s) => LONE_SURROGATE.test(s),
    'contains half of a UTF-16 surrogate pair, which is no character (it would be stored as U+FFFD)',
  ],
];

/** Fields of an item holding text PostgreSQL would not store as given ({@link UNSTORABLE_TEXT}). */
function unstorableTextProblems(table: SeedTable, item: KeyedItem): string[] {
  const record = fieldsOf(item);
  const fields = ['key', ...table.contentColumns, ...table.lifecycleColumns];
  return UNSTORABLE_TEXT.flatMap(([test, why]) =>
    fields.filter((field) => someString(record[field], test)).map((field) => `${field}: ${why}`),
  );
}

/** Every problem of a hand-written data set, each naming the item's key and field (empty when valid). */
export function dataSetProblems<Item extends KeyedItem>(
  table: SeedTable<Item>,
  items: readonly Item[],
  referenced?: ReferencedKeys,
): string[] {
  const problems: string[] = [];
  const keys = new Map<string, number>();
  items.forEach((item, index) => {
    const name = typeof item.key === 'string' && item.key ? item.key : `#${index}`;
    // Unstorable text (NUL, lone surrogates) is checked here, not per generated item: theirs come from code, and per item the check roughly
    // doubled the validation time of 100k synthetic postings (about +0.3 s, measured on i8-truth).
    for (const problem of [...itemProblems(table, item, referenced), ...unstorableTextProblems(table, item)])
      problems.push(`${name}.${problem}`);
    if (keys.has(item.key))
      problems.push(`${name}.key: duplicate of ${table.noun.one} #${keys.get(item.key)}`);
    else keys.set(item.key, index);
  });
  return [...problems, ...(table.validateDataSet?.(items) ?? [])];
}

/** Throws `DATA_INVALID` listing every problem at once; returns quietly when the data set is valid. */
export function assertValidDataSet<Item extends KeyedItem>(
  seedName: string,
  table: SeedTable<Item>,
  items: readonly Item[],
  referenced?: ReferencedKeys,
): void {
  const problems = dataSetProblems(table, items, referenced);
  if (problems.length === 0) return;
  throw new SeedError(
    'DATA_INVALID',
    `the ${seedName} data set has ${problems.length} problem(s); nothing was written — fix them and run again`,
    { details: problems },
  );
}

// The table against its description: one query of the catalog, every difference one sentence.

/** One column of a seeded table, as the server describes it. */
export interface LiveColumn {
  table: string;
  column: string;
  /** `format_type(atttypid, NULL)`: `integer`, `character varying`, `text[]`, an enum type's name. */
  type: string;
  /** With its size: `format_type(atttypid, atttypmod)`, e.g. `numeric(12,2)`, `character varying(100)`. */
  declared: string;
  /** The enum type's labels, or null for any other type. */
  labels: string[] | null;
  notNull: boolean;
  /** A default, an identity or a generated column: the row gets a value without the seed writing one. */
  filled: boolean;
}

/** The columns of `tables` (each along the search path), in one query of the catalog. */
export async function liveColumns(
  knex: Knex | Knex.Transaction,
  tables: readonly string[],
): Promise<LiveColumn[]> {
  const { rows } = await knex.raw(
    `SELECT t.name AS "table", a.attname AS "column", format_type(a.atttypid, NULL) AS type,
            format_type(a.atttypid, a.atttypmod) AS declared,
            CASE WHEN ty.typtype = 'e' THEN ARRAY(SELECT enumlabel::text FROM pg_enum
                                                   WHERE enumtypid = ty.oid ORDER BY enumsortorder) END AS labels,
            a.attnotnull AS "notNull", (a.atthasdef OR a.attidentity <> '' OR a.attgenerated <> '') AS filled
       FROM unnest(?::text[]) AS t(name)
       JOIN pg_attribute a ON a.attrelid = to_regclass(t.name) AND a.attnum > 0 AND NOT a.attisdropped
       JOIN pg_type ty ON ty.oid = a.atttypid
      ORDER BY t.name, a.attnum`,
    [[...tables]],
  );
  return rows as LiveColumn[];
}

/** What the engine needs of every seeded table besides the described columns: the types each may have. */
const BOOKKEEPING: Record<(typeof BOOKKEEPING_COLUMNS)[number], readonly string[]> = {
  id: ['uuid'],
  created_at: ['timestamp with time zone', 'timestamp without time zone'],
  updated_at: ['timestamp with time zone', 'timestamp without time zone'],
  seed_name: ['character varying', 'text'],
  seed_content_hash: ['character', 'character varying', 'text'],
};

const MIGRATE =
  'write a migration that makes the table match (then `npx knex migrate:latest`), or change the seed file';

/** What a command does with a seeded table: a seed run writes it, a report only reads it. */
export type TableUse = 'write' | 'read';

/** Every way a table differs from what its description and the engine need (to `use` it), one sentence each. */
export function tableProblems(
  table: SeedTable,
  columns: readonly LiveColumn[],
  use: TableUse = 'write',
): string[] {
  const t = table.table;
  const byName = new Map(columns.filter((c) => c.table === t).map((c) => [c.column, c]));
  const problems: string[] = [];
  for (const [name, types] of Object.entries(BOOKKEEPING)) {
    const live = byName.get(name);
    if (!live)
      problems.push(`table ${t} has no column ${name}, which the seed engine writes (docs/seed-engine.md)`);
    else if (!types.includes(live.type))
      problems.push(`column ${t}.${name} is ${live.type}; the seed engine needs ${types.join(' or ')}`);
  }
  for (const [name, column] of table.dataColumns) {
    const live = byName.get(name);
    if (!live) {
      problems.push(`table ${t} has no column ${name}, which the seed file describes (${column.kind})`);
      continue;
    }
    const isEnum = live.labels !== null;
    if (!(column.sqlTypes.includes(live.type) || (isEnum && column.sqlTypes.includes('enum')))) {
      const wanted = column.sqlTypes.filter((s) => s !== 'enum').join(' or ');
      problems.push(
        `column ${t}.${name} is ${live.type}, but the seed file describes it as ${column.kind} (${wanted})`,
      );
    } else if (column.declared?.(live.declared)) {
      problems.push(`column ${t}.${name} is ${live.declared}, but ${column.declared(live.declared)}`);
    } else if (isEnum && column.values) {
      const missing = column.values.filter((v) => !live.labels?.includes(v));
      if (missing.length > 0)
        problems.push(
          `enum type ${live.type} of ${t}.${name} lacks ${missing.join(', ')}, which the seed file allows`,
        );
    }
  }
  // A command that only reads (a report) is not stopped by a NOT NULL column the seed would leave empty.
  if (use === 'read') return problems;
  const written = new Set<string>([...BOOKKEEPING_COLUMNS, ...table.dataColumns.map(([name]) => name)]);
  for (const live of byName.values()) {
    if (live.notNull && !live.filled && !written.has(live.column))
      problems.push(notNullProblem(t, live.column));
  }
  return problems;
}

/** A NOT NULL column without a default that the seed does not write: the schema, not the data set, needs the fix. */
export function notNullProblem(table: string, column: string): string {
  return (
    `column ${table}.${column} is NOT NULL without a default, and the seed does not write it (the schema, not the ` +
    `data set, needs the fix): give it a default (ALTER TABLE ${table} ALTER COLUMN ${column} SET DEFAULT ...) ` +
    `or make it nullable (ALTER TABLE ${table} ALTER COLUMN ${column} DROP NOT NULL)`
  );
}

/**
 * Before a seed run writes (`use` 'write'), or a report reads ('read'): each seeded table has the columns its
 * description lists, of a type the kind writes (an enum type holding every value), the engine's bookkeeping
 * columns, and (to write) no NOT NULL column the seed leaves empty. Throws SCHEMA_INCOMPATIBLE naming the table,
 * the column and what to do; every problem listed. Returns the columns it read.
 */
export async function assertTablesMatch(
  knex: Knex | Knex.Transaction,
  tables: readonly SeedTable[],
  use: TableUse = 'write',
): Promise<LiveColumn[]> {
  const live = await liveColumns(
    knex,
    tables.map((t) => t.table),
  );
  const problems = [...new Set(tables)].flatMap((t) => tableProblems(t, live, use));
  if (problems.length === 0) return live;
  if (problems.length === 1) {
    const fix = problems[0].includes('NOT NULL without a default') ? '' : `: ${MIGRATE}`;
    throw new SeedError('SCHEMA_INCOMPATIBLE', `${problems[0]}${fix}; nothing was written`);
  }
  throw new SeedError(
    'SCHEMA_INCOMPATIBLE',
    `${problems.length} differences between the seed file and the table${new Set(tables.map((t) => t.table)).size > 1 ? 's' : ''}: ${MIGRATE}; nothing was written`,
    { details: problems },
  );
}
