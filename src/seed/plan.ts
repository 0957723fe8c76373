import type { Knex } from 'knex';
import { createPlanTable, createRemovedPlanTable, TEMP } from './staging';
import type { SeedTable } from './table';

/** What a run asks of every seed step. */
export interface StepOptions {
  force: boolean;
  prune: boolean;
  /** Keys listed per kind of change (counts are always exact). Default 50. */
  detailLimit: number;
  /** List the keys of every kind of change, not only counts (dry runs). */
  withDetails: boolean;
  /** False for a dry run: compare and count, write and lock no row of the seeded table. */
  apply: boolean;
  /** Called as rows are generated and loaded (generated seeds), with the seed's name. */
  onProgress?: (seedName: string, done: number, total: number) => void;
}

/** One seed step at work: its table, its guard name, the run's options, and how stored hashes are read. */
export interface StepContext {
  trx: Knex.Transaction;
  table: SeedTable;
  seedName: string;
  options: StepOptions;
  /**
   * SQL (row alias = the table's name) of the content hash the rows were written with: the formula of the
   * content columns the guard recorded. Null when a recorded column is no longer in the table, so an app edit
   * made before that cannot be told from a data set change.
   */
  storedHash: ((alias: string) => string) | null;
}

/** What a run did, or (dry run) would do, to the rows of one seed. */
export interface ConvergeCounts {
  created: number;
  updated: number;
  unchanged: number;
  /** Seed-owned rows whose content the app changed: left as the app made them. */
  editedByApp: number;
  /** Seed-owned rows the app deleted: not re-created (SEED_FORCE re-creates them). */
  deletedByApp: number;
  /** Seed-owned rows whose item left the data set and were left in place. */
  removed: number;
  /** Seed-owned rows whose item left the data set and were deleted (SEED_PRUNE). */
  pruned: number;
  /** Rows at an item's id that this seed did not write (the app's, or another seed's): never touched. */
  foreign: number;
}

/** Per-item detail of a plan, at most `detailLimit` keys of each kind. */
export interface ConvergeDetails {
  created: string[];
  updated: { key: string; columns: string[] }[];
  editedByApp: string[];
  deletedByApp: string[];
  removed: string[];
  pruned: string[];
  foreign: string[];
}

export type PlanCounts = Omit<ConvergeCounts, 'removed' | 'pruned'>;
export type PlanDetails = Omit<ConvergeDetails, 'removed' | 'pruned'>;

/** `(j.a, j.b) IS NOT DISTINCT FROM (s.a, s.b)` over the given columns. */
export function rowEqualSql(columns: readonly string[], j: string, s: string): string {
  return `(${columns.map((c) => `${j}.${c}`).join(', ')}) IS NOT DISTINCT FROM (${columns.map((c) => `${s}.${c}`).join(', ')})`;
}

/** The stored-hash SQL of a step over `alias`, or NULL (never equal) when it cannot be computed. */
export function storedHashSql(ctx: StepContext, alias: string): string {
  return ctx.storedHash ? ctx.storedHash(alias) : 'NULL::text';
}

/**
 * Classifies every staged item against the table into the plan table, which keeps the staged row of every
 * item with something to do (unchanged ones are left out, so the writes never rescan them).
 */
export async function classify(ctx: StepContext): Promise<void> {
  const { table, options } = ctx;
  const force = options.force ? 'true' : 'false';
  const SEED = `'${ctx.seedName.replace(/'/g, "''")}'`;
  // Only SEED_FORCE resets lifecycle columns (and re-ages the rows it rewrites: see write-bulk/write-upsert).
  const lifecycleDiffers =
    table.lifecycleColumns.map((c) => `j.${c} IS DISTINCT FROM s.${c}`).join(' OR ') || 'false';
  await createPlanTable(
    ctx.trx,
    `SELECT * FROM (
      SELECT s.*, CASE
        WHEN j.id IS NULL THEN CASE WHEN s.previously_owned AND NOT ${force} THEN 'deleted_by_app' ELSE 'create' END
        -- a row at this id that this seed did not write (the app's, or another seed's): never touched
        WHEN j.seed_name IS DISTINCT FROM ${SEED} THEN 'foreign'
        -- cheap column comparison first: the md5 of the current content is computed only for rows that differ
        WHEN ${rowEqualSql(table.contentColumns, 'j', 's')} THEN CASE
          WHEN ${force} AND (${lifecycleDiffers}) THEN 'update'
          WHEN j.seed_content_hash IS DISTINCT FROM s.content_hash THEN 'rehash'
          ELSE 'unchanged' END
        WHEN ${storedHashSql(ctx, 'j')} IS DISTINCT FROM j.seed_content_hash AND NOT ${force} THEN 'edited_by_app'
        ELSE 'update'
      END AS action
      FROM ${TEMP.incoming} s LEFT JOIN ${table.table} j ON j.id = s.id
    ) classified
    WHERE action <> 'unchanged'`,
  );
}

export async function planCounts(ctx: StepContext): Promise<PlanCounts> {
  const { rows } = await ctx.trx.raw(`
    SELECT
      (SELECT count(*) FROM ${TEMP.incoming}) AS staged,
      count(*) FILTER (WHERE action = 'create') AS created,
      count(*) FILTER (WHERE action = 'update') AS updated,
      count(*) FILTER (WHERE action = 'edited_by_app') AS edited_by_app,
      count(*) FILTER (WHERE action = 'deleted_by_app') AS deleted_by_app,
      count(*) FILTER (WHERE action = 'foreign') AS foreign_rows
    FROM ${TEMP.plan}`);
  const r = rows[0];
  const created = Number(r.created);
  const updated = Number(r.updated);
  const editedByApp = Number(r.edited_by_app);
  const deletedByApp = Number(r.deleted_by_app);
  const foreign = Number(r.foreign_rows);
  return {
    created,
    updated,
    editedByApp,
    deletedByApp,
    foreign,
    unchanged: Number(r.staged) - created - updated - editedByApp - deletedByApp - foreign,
  };
}

const NO_DETAILS: PlanDetails = { created: [], updated: [], editedByApp: [], deletedByApp: [], foreign: [] };

/** The first keys of each kind of change, and for updates the columns that differ (dry runs). */
export async function planDetails(ctx: StepContext): Promise<PlanDetails> {
  const { trx, table, options } = ctx;
  if (!options.withDetails) return NO_DETAILS;
  const limit = options.detailLimit;
  const keysOf = async (action: string): Promise<string[]> => {
    const { rows } = await trx.raw(`SELECT key FROM ${TEMP.plan} WHERE action = ? ORDER BY key LIMIT ?`, [
      action,
      limit,
    ]);
    return rows.map((r: { key: string }) => r.key);
  };
  // Lifecycle columns are written only by SEED_FORCE, so only then can they be part of an update.
  const differs = [...table.contentColumns, ...(options.force ? table.lifecycleColumns : [])]
    .map((c) => `CASE WHEN j.${c} IS DISTINCT FROM s.${c} THEN '${c}' END`)
    .join(', ');
  const { rows } = await trx.raw(
    `SELECT s.key, array_to_json(array_remove(ARRAY[${differs}], NULL)) AS columns
     FROM ${TEMP.plan} s JOIN ${table.table} j ON j.id = s.id
     WHERE s.action = 'update' ORDER BY s.key LIMIT ?`,
    [limit],
  );
  return {
    created: await keysOf('create'),
    updated: rows.map((r: { key: string; columns: string[] | string }) => ({
      key: r.key,
      columns: typeof r.columns === 'string' ? JSON.parse(r.columns) : r.columns,
    })),
    editedByApp: await keysOf('edited_by_app'),
    deletedByApp: await keysOf('deleted_by_app'),
    foreign: await keysOf('foreign'),
  };
}

/** Keys of the items whose id holds a row this seed did not write: the seed does not own those. */
export async function foreignKeys(ctx: StepContext): Promise<string[]> {
  const { rows } = await ctx.trx.raw(`SELECT key FROM ${TEMP.plan} WHERE action = 'foreign'`);
  return rows.map((r: { key: string }) => r.key);
}

/** Planned updates whose row is gone: the app deleted them after the plan was made. */
export async function missingPlannedUpdates(ctx: StepContext): Promise<number> {
  const { rows } = await ctx.trx.raw(
    `SELECT count(*) AS n FROM ${TEMP.plan} s WHERE s.action = 'update'
       AND NOT EXISTS (SELECT 1 FROM ${ctx.table.table} j WHERE j.id = s.id)`,
  );
  return Number(rows[0].n);
}

export interface RemovedOutcome {
  removed: number;
  pruned: number;
  removedKeys: string[];
  prunedKeys: string[];
  /** Every key of a removed item still in the table after the run (it stays owned), when listed. */
  stillOwnedKeys: string[];
}

/**
 * Rows the seed owns whose item left the data set: classified once (present, written by this seed;
 * prunable or not), then left in place, or deleted when pruning. App-edited ones are deleted only by force.
 */
export async function convergeRemoved(ctx: StepContext, listStillOwned: boolean): Promise<RemovedOutcome> {
  const { trx, table, options } = ctx;
  const prunable = options.prune
    ? `(${options.force} OR ${storedHashSql(ctx, 'j')} = j.seed_content_hash)`
    : 'false';
  await createRemovedPlanTable(
    trx,
    `SELECT r.id, r.key, ${prunable} AS prune
     FROM ${TEMP.removed} r JOIN ${table.table} j ON j.id = r.id
     WHERE j.seed_name = ?`,
    [ctx.seedName],
  );
  const { rows } = await trx.raw(
    `SELECT count(*) FILTER (WHERE prune) AS pruned, count(*) FILTER (WHERE NOT prune) AS removed FROM ${TEMP.removedPlan}`,
  );
  const keys = async (prune: boolean, limit: number | null): Promise<string[]> => {
    const result = await trx.raw(
      `SELECT key FROM ${TEMP.removedPlan} WHERE prune = ? ORDER BY key${limit === null ? '' : ' LIMIT ?'}`,
      limit === null ? [prune] : [prune, limit],
    );
    return result.rows.map((r: { key: string }) => r.key);
  };
  const pruned = Number(rows[0].pruned);
  if (pruned > 0 && options.apply) {
    await trx.raw(`DELETE FROM ${table.table} j USING ${TEMP.removedPlan} p WHERE j.id = p.id AND p.prune`);
  }
  const removed = Number(rows[0].removed);
  const stillOwnedKeys = removed > 0 && listStillOwned ? await keys(false, null) : [];
  return {
    removed,
    pruned,
    removedKeys: listStillOwned
      ? stillOwnedKeys.slice(0, options.detailLimit)
      : await keys(false, options.detailLimit),
    prunedKeys: await keys(true, options.detailLimit),
    stillOwnedKeys,
  };
}
