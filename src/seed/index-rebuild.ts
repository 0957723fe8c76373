// Index-after-load: a large first load builds the table's plain secondary indexes once, after the COPY, instead of
// inserting every row into each of them as it arrives.

import type { Knex } from 'knex';
import { type LoadTuning, loadTuning } from './load-tuning';
import { ident, query, type Sql, sql, verbatim } from './sql';

/**
 * PostgreSQL sorts each index's keys in one pass after the load. What that saves depends on the indexes and the
 * machine (docs/benchmarks.md).
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

/** The indexes of `table` a load may drop and recreate (see the module comment for what is left out). */
export function rebuildableIndexesSql(table: string): Sql {
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
                    WHERE d.classoid = 'pg_class'::regclass AND d.objoid = x.indexrelid)
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

/** The table's indexes that a load may drop and recreate, by name. */
export async function rebuildableIndexes(trx: Knex.Transaction, table: string): Promise<RebuildableIndex[]> {
  const { rows } = await query<{ name: string; qualified_name: string; definition: string }>(
    trx,
    rebuildableIndexesSql(table),
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
  tuning: Pick<LoadTuning, 'indexRebuildMemoryMB'> = loadTuning({}),
): Promise<T> {
  const indexes = await rebuildableIndexes(trx, table);
  for (const index of indexes) await query(trx, dropIndexSql(index));
  const result = await load();
  if (indexes.length > 0) await query(trx, rebuildMemorySql(tuning));
  for (const index of indexes) await query(trx, recreateIndexSql(index));
  return result;
}

/**
 * Runs `load`, the COPY of a generated seed's new indices [ownedCount, count), building the indexes after it
 * when this is the seed's first load (it owns no row yet) of at least `indexRebuildMinRows` rows into a table
 * holding fewer rows than it writes: rebuilding re-sorts the rows already there too, which only pays when the
 * load is the bulk of the table.
 */
export async function loadNewRows<T>(
  trx: Knex.Transaction,
  source: { table: { table: string }; tuning?: Partial<LoadTuning> },
  ownedCount: number,
  count: number,
  load: () => Promise<T>,
): Promise<T> {
  const tuning = loadTuning(source);
  const table = source.table.table;
  if (ownedCount > 0 || count < tuning.indexRebuildMinRows) return load();
  const { rows } = await query<{ n: number }>(trx, rowsUpToSql(table, count));
  if (rows[0].n >= count) return load();
  return withIndexesBuiltAfter(trx, table, load, tuning);
}
