import type { Knex } from 'knex';
import { loadTuning } from './load-tuning';
import type { GeneratedSource } from './sources';
import type { KeyedItem } from './table';

/**
 * Index-after-load: a large first load into a (nearly) empty table builds the table's secondary indexes once,
 * after the rows are in, instead of inserting every row into every index as it arrives: PostgreSQL sorts each
 * index's keys in one pass. What that saves depends on the indexes and the machine (docs/benchmarks.md: 0.89x
 * of the maintained load at 200,000 postings, no gain at 1,000,000 in one run on the shared 2-core machine).
 *
 * Only plain secondary indexes are dropped and recreated: never an index behind a constraint (primary key,
 * unique, exclusion), never a unique index, nor one something else depends on, nor one marked CLUSTER or
 * REPLICA IDENTITY, in a tablespace of its own, with a comment, or belonging to an extension: their full state
 * is more than `pg_get_indexdef` says. Each is recreated from its own `pg_get_indexdef` (same name, method,
 * columns, expressions, predicate and storage parameters), inside the same transaction: any failure before
 * COMMIT (a bad row, a lost connection, an error while recreating) rolls the DROPs back with everything else.
 *
 * The lock: DROP INDEX takes ACCESS EXCLUSIVE on the table, held to the end of the seed's transaction, so other
 * sessions cannot even read the table while the load runs (a plain COPY takes only ROW EXCLUSIVE, which lets
 * readers through). Taking it waits at most SEED_LOCK_TIMEOUT for transactions already using the table, like
 * every lock wait of the seed. It is taken only when {@link shouldRebuildIndexes} says so: a first load of
 * at least `LoadTuning.indexRebuildMinRows` rows (default 20,000) into a table holding fewer rows than it writes.
 */

/** A secondary index as it will be recreated: its schema-qualified name and its `pg_get_indexdef`. */
export interface RebuildableIndex {
  name: string;
  qualifiedName: string;
  definition: string;
}

/** SQL listing the rebuildable indexes of the table bound to `?` (see the module comment for what is left out). */
export const REBUILDABLE_INDEXES_SQL = `
  SELECT i.relname AS name,
         quote_ident(n.nspname) || '.' || quote_ident(i.relname) AS qualified_name,
         pg_get_indexdef(x.indexrelid) AS definition
  FROM pg_index x
  JOIN pg_class i ON i.oid = x.indexrelid
  JOIN pg_namespace n ON n.oid = i.relnamespace
  JOIN pg_class t ON t.oid = x.indrelid
  WHERE x.indrelid = to_regclass(?)
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

/** The table's indexes that a load may drop and recreate, by name. */
export async function rebuildableIndexes(trx: Knex.Transaction, table: string): Promise<RebuildableIndex[]> {
  const { rows } = await trx.raw(REBUILDABLE_INDEXES_SQL, [table]);
  return rows.map((r: { name: string; qualified_name: string; definition: string }) => ({
    name: r.name,
    qualifiedName: r.qualified_name,
    definition: r.definition,
  }));
}

/**
 * True when a load of `rows` rows into `table` should build the indexes after it: at least `minRows` rows, into
 * a table holding fewer rows than the load writes (counted up to that many, so the check is bounded): rebuilding
 * re-sorts the rows already there too, which only pays when the load is the bulk of the table.
 */
export async function shouldRebuildIndexes(
  trx: Knex.Transaction,
  table: string,
  rows: number,
  minRows: number,
): Promise<boolean> {
  if (rows < minRows) return false;
  const { rows: found } = await trx.raw(
    `SELECT count(*)::int AS n FROM (SELECT FROM ${table} LIMIT ?) existing`,
    [rows],
  );
  return found[0].n < rows;
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
): Promise<T> {
  const indexes = await rebuildableIndexes(trx, table);
  for (const index of indexes) await trx.raw(`DROP INDEX ${index.qualifiedName}`);
  const result = await load();
  // An index's definition can hold a `?` (a jsonb operator): knex must not read it as a binding.
  for (const index of indexes) await trx.raw(index.definition.replace(/\?/g, '\\?'));
  return result;
}

/**
 * Runs `load`, the COPY of a generated seed's new indices [ownedCount, count), building the indexes after it
 * when this is the seed's first load (it owns no row yet) and {@link shouldRebuildIndexes} says so.
 */
export async function loadNewRows<T>(
  trx: Knex.Transaction,
  source: Pick<GeneratedSource<KeyedItem>, 'table' | 'tuning'>,
  ownedCount: number,
  count: number,
  load: () => Promise<T>,
): Promise<T> {
  const { indexRebuildMinRows } = loadTuning(source);
  const table = source.table.table;
  if (ownedCount === 0 && (await shouldRebuildIndexes(trx, table, count, indexRebuildMinRows)))
    return withIndexesBuiltAfter(trx, table, load);
  return load();
}
