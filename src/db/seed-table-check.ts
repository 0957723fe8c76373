import type { Knex } from 'knex';
import { SeedError } from '../errors';
import { BOOKKEEPING_COLUMNS, type SeedTable } from '../seed/table';

/** One column of a seeded table, as the server describes it. */
export interface LiveColumn {
  table: string;
  column: string;
  /** `format_type(atttypid, NULL)`: `integer`, `character varying`, `text[]`, an enum type's name. */
  type: string;
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

/** Every way a table differs from what its description and the engine need, one sentence each. */
export function tableProblems(table: SeedTable, columns: readonly LiveColumn[]): string[] {
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
    } else if (isEnum && column.values) {
      const missing = column.values.filter((v) => !live.labels?.includes(v));
      if (missing.length > 0)
        problems.push(
          `enum type ${live.type} of ${t}.${name} lacks ${missing.join(', ')}, which the seed file allows`,
        );
    }
  }
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
 * Before a seed run writes: each seeded table has the columns its description lists, of a type the kind
 * writes (an enum type holding every value), the engine's bookkeeping columns, and no NOT NULL column the seed
 * leaves empty. Throws SCHEMA_INCOMPATIBLE naming the table, the column and what to do; every problem listed.
 */
export async function assertTablesMatch(
  knex: Knex | Knex.Transaction,
  tables: readonly SeedTable[],
): Promise<void> {
  const live = await liveColumns(
    knex,
    tables.map((t) => t.table),
  );
  const problems = [...new Set(tables)].flatMap((t) => tableProblems(t, live));
  if (problems.length === 0) return;
  if (problems.length === 1) {
    const fix = problems[0].includes('NOT NULL without a default') ? '' : `: ${MIGRATE}`;
    throw new SeedError('SCHEMA_INCOMPATIBLE', `${problems[0]}${fix}; nothing was written`);
  }
  throw new SeedError(
    'SCHEMA_INCOMPATIBLE',
    `${problems.length} differences between the seed file and the table${tables.length > 1 ? 's' : ''}: ${MIGRATE}; nothing was written`,
    { details: problems },
  );
}
