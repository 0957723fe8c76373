// The plan: what a step is asked (options, context), and the SQL that classifies the staged rows against the
// table (create, update, rehash, edited or deleted by the app, foreign) and the owned rows that left the data set.

import type { Knex } from 'knex';
import { ident, join, query, type Sql, sql, verbatim } from '../../db/sql';
import { SeedError } from '../../errors';
import type { SizedColumn } from '../declared-sizes';
import { contentHashSql, type HashSpec, hashSpecOf } from '../hashing';
import type { SeedTable } from '../table/description';
import type { ReferencedKeys } from '../validate';
import { TEMP } from './staging';

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
  /** Key lookups of the tables the run's `ref` columns point at (src/seed/run/seed-set.ts). */
  referenced?: ReferencedKeys;
  /** The tables that held no row when the run started: a seed of theirs that owned rows starts over (a reset). */
  emptied?: ReadonlySet<string>;
  /** Each table's char(n) and varchar(n) columns as the run found them, which a generated item's values must fit. */
  sized?: ReadonlyMap<SeedTable, readonly SizedColumn[]>;
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
   * The content columns the rows' hashes were written over (the guard's record): the formula of the stored
   * hash. Null when a recorded column is no longer in the table, so an app edit made before that cannot be told
   * from a data set change.
   */
  storedHash: HashSpec | null;
}

/** What the SQL builders read of a step: everything but the connection. */
export type StepSql = Omit<StepContext, 'trx'>;

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
  /**
   * Rows this run created or updated whose content the table changed as they were written (a trigger, a rule):
   * they differ from the data set, and count as edited by the app from then on. Left out when none.
   */
  changedOnWrite?: number;
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
export function rowEqualSql(columns: readonly string[], j: string, s: string): Sql {
  return sql`(${ident(columns.map((c) => `${j}.${c}`))}) IS NOT DISTINCT FROM (${ident(columns.map((c) => `${s}.${c}`))})`;
}

/** The stored content hash of the row `alias`, or NULL (never equal) when it cannot be computed. */
export function storedHashSql(step: Pick<StepSql, 'storedHash'>, alias: string): Sql {
  return sql`${verbatim(step.storedHash ? contentHashSql(step.storedHash, alias) : 'NULL::text')}`;
}

/**
 * The plan table: every staged item classified against the table, keeping the staged row of every item with
 * something to do (unchanged ones are left out, so the writes never rescan them).
 */
export function classifySql(step: StepSql): Sql {
  const { table, options } = step;
  const force = options.force;
  // Only SEED_FORCE resets lifecycle columns (and re-ages the rows it rewrites: see write.ts).
  const lifecycleDiffers =
    table.lifecycleColumns.length > 0
      ? join(
          table.lifecycleColumns.map((c) => sql`${ident(`j.${c}`)} IS DISTINCT FROM ${ident(`s.${c}`)}`),
          ' OR ',
        )
      : sql`false`;
  return sql`CREATE TEMP TABLE ${ident(TEMP.plan)} ON COMMIT DROP AS
    SELECT * FROM (
      SELECT s.*, CASE
        WHEN j.id IS NULL THEN CASE WHEN s._seed_previously_owned AND NOT ${force}::boolean THEN 'deleted_by_app' ELSE 'create' END
        -- a row at this id that this seed did not write (the app's, or another seed's): never touched
        WHEN j.seed_name IS DISTINCT FROM ${step.seedName} THEN 'foreign'
        -- cheap column comparison first: the md5 of the current content is computed only for rows that differ
        WHEN ${rowEqualSql(table.contentColumns, 'j', 's')} THEN CASE
          WHEN ${force}::boolean AND (${lifecycleDiffers}) THEN 'update'
          WHEN j.seed_content_hash IS DISTINCT FROM s._seed_content_hash THEN 'rehash'
          ELSE 'unchanged' END
        WHEN ${storedHashSql(step, 'j')} IS DISTINCT FROM j.seed_content_hash AND NOT ${force}::boolean THEN 'edited_by_app'
        ELSE 'update'
      END AS _seed_action
      FROM ${ident(TEMP.incoming)} s LEFT JOIN ${ident(table.table)} j ON j.id = s.id
    ) classified
    WHERE _seed_action <> 'unchanged'`;
}

/** Classifies every staged item against the table into the plan table: see {@link classifySql}. */
export async function classify(ctx: StepContext): Promise<void> {
  await query(ctx.trx, classifySql(ctx));
}

/** The plan's counts by action, beside the number of staged items. */
export function planCountsSql(): Sql {
  return sql`SELECT
      (SELECT count(*) FROM ${ident(TEMP.incoming)}) AS staged,
      count(*) FILTER (WHERE _seed_action = 'create') AS created,
      count(*) FILTER (WHERE _seed_action = 'update') AS updated,
      count(*) FILTER (WHERE _seed_action = 'edited_by_app') AS edited_by_app,
      count(*) FILTER (WHERE _seed_action = 'deleted_by_app') AS deleted_by_app,
      count(*) FILTER (WHERE _seed_action = 'foreign') AS foreign_rows
    FROM ${ident(TEMP.plan)}`;
}

type Count = string | number;

export async function planCounts(ctx: StepContext): Promise<PlanCounts> {
  const { rows } = await query<
    Record<'staged' | 'created' | 'updated' | 'edited_by_app' | 'deleted_by_app' | 'foreign_rows', Count>
  >(ctx.trx, planCountsSql());
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

/** A plan's details when none are listed (not a dry run), or when the plan is empty. */
export const NO_DETAILS: PlanDetails = {
  created: [],
  updated: [],
  editedByApp: [],
  deletedByApp: [],
  foreign: [],
};

/** The first `limit` keys of the plan with `action` (all of them when `limit` is null). */
export function planKeysSql(action: string, limit: number | null): Sql {
  const limited = limit === null ? sql`` : sql` LIMIT ${limit}`;
  return sql`SELECT _seed_key AS key FROM ${ident(TEMP.plan)} WHERE _seed_action = ${action} ORDER BY _seed_key${limited}`;
}

/** The first `limit` planned updates by key, each with the columns that differ. */
export function plannedUpdatesSql(step: StepSql, limit: number): Sql {
  const { table, options } = step;
  // Lifecycle columns are written only by SEED_FORCE, so only then can they be part of an update.
  const differs = join(
    [...table.contentColumns, ...(options.force ? table.lifecycleColumns : [])].map(
      (c) => sql`CASE WHEN ${ident(`j.${c}`)} IS DISTINCT FROM ${ident(`s.${c}`)} THEN ${c}::text END`,
    ),
    ', ',
  );
  return sql`SELECT s._seed_key AS key, array_to_json(array_remove(ARRAY[${differs}], NULL)) AS columns
     FROM ${ident(TEMP.plan)} s JOIN ${ident(table.table)} j ON j.id = s.id
     WHERE s._seed_action = 'update' ORDER BY s._seed_key LIMIT ${limit}`;
}

async function keysOf(trx: Knex.Transaction, q: Sql): Promise<string[]> {
  return (await query<{ key: string }>(trx, q)).rows.map((r) => r.key);
}

/** The first keys of each kind of change, and for updates the columns that differ (dry runs). */
export async function planDetails(ctx: StepContext): Promise<PlanDetails> {
  const { trx, options } = ctx;
  if (!options.withDetails) return NO_DETAILS;
  const limit = options.detailLimit;
  const { rows } = await query<{ key: string; columns: string[] | string }>(
    trx,
    plannedUpdatesSql(ctx, limit),
  );
  return {
    created: await keysOf(trx, planKeysSql('create', limit)),
    updated: rows.map((r) => ({
      key: r.key,
      columns: typeof r.columns === 'string' ? JSON.parse(r.columns) : r.columns,
    })),
    editedByApp: await keysOf(trx, planKeysSql('edited_by_app', limit)),
    deletedByApp: await keysOf(trx, planKeysSql('deleted_by_app', limit)),
    foreign: await keysOf(trx, planKeysSql('foreign', limit)),
  };
}

/** Keys of the items whose id holds a row this seed did not write: the seed does not own those. */
export async function foreignKeys(ctx: StepContext): Promise<string[]> {
  return keysOf(
    ctx.trx,
    sql`SELECT _seed_key AS key FROM ${ident(TEMP.plan)} WHERE _seed_action = 'foreign'`,
  );
}

/** The number of planned updates whose row is gone. */
export function missingPlannedUpdatesSql(step: StepSql): Sql {
  return sql`SELECT count(*) AS n FROM ${ident(TEMP.plan)} s WHERE s._seed_action = 'update'
       AND NOT EXISTS (SELECT 1 FROM ${ident(step.table.table)} j WHERE j.id = s.id)`;
}

/**
 * The planned creates and updates this transaction wrote (their row's xmin is its transaction id: the low 32 bits
 * of `pg_current_xact_id()`) whose content columns differ from the staged item's: changed by the table as they were
 * written.
 */
export function changedOnWriteSql(step: StepSql): Sql {
  return sql`SELECT count(*)::int AS n FROM ${ident(TEMP.plan)} s JOIN ${ident(step.table.table)} j ON j.id = s.id
     WHERE s._seed_action IN ('create', 'update') AND j.seed_name = ${step.seedName}
       AND j.xmin::text = (pg_current_xact_id()::text::numeric % 4294967296)::text
       AND NOT ${rowEqualSql(step.table.contentColumns, 'j', 's')}`;
}

/**
 * Whether the table can store other values than a write gives it: a BEFORE ROW trigger that is not disabled, or a
 * rule. (A default fills only what a write leaves out; a generated column is not written.)
 */
export function mayChangeRowsSql(table: string): Sql {
  return sql`SELECT EXISTS (SELECT FROM pg_trigger t WHERE t.tgrelid = to_regclass(${table})
         AND NOT t.tgisinternal AND t.tgenabled <> 'D' AND t.tgtype & 3 = 3)
       OR EXISTS (SELECT FROM pg_rewrite r WHERE r.ev_class = to_regclass(${table}) AND r.rulename <> '_RETURN') AS may`;
}

/**
 * The rows one COPY of new rows wrote, `loadedId` among them, whose content no longer hashes to the hash written
 * with them: those the table changed as they were written (a BEFORE ROW trigger). The COPY ran in a savepoint, so
 * its rows carry that subtransaction's id as xmin, read off the row at `loadedId`.
 */
export function changedOnLoadSql(step: StepSql, loadedId: string): Sql {
  const t = ident(step.table.table);
  return sql`SELECT count(*)::int AS n FROM ${t} j
     WHERE j.seed_name = ${step.seedName}
       AND j.xmin = (SELECT l.xmin FROM ${t} l WHERE l.id = ${loadedId})
       AND j.seed_content_hash IS DISTINCT FROM ${verbatim(contentHashSql(hashSpecOf(step.table), 'j'))}`;
}

/**
 * The count `countSql` reads of rows the table changed as they were written; 0 without asking when no trigger or
 * rule of the table can change one ({@link mayChangeRowsSql}: the rows of a 10% rerun at 200,000, 70 ms saved).
 */
async function changedRows(ctx: StepContext, countSql: Sql): Promise<number> {
  const { rows: may } = await query<{ may: boolean }>(ctx.trx, mayChangeRowsSql(ctx.table.table));
  if (!may[0].may) return 0;
  const { rows } = await query<{ n: Count }>(ctx.trx, countSql);
  return Number(rows[0].n);
}

/** How many rows a COPY of new rows (`loadedId` one of them) wrote that the table changed ({@link changedOnLoadSql}). */
export function changedOnLoad(ctx: StepContext, loadedId: string): Promise<number> {
  return changedRows(ctx, changedOnLoadSql(ctx, loadedId));
}

/** How many rows the plan's writes wrote that the table changed ({@link changedOnWriteSql}). */
export function changedOnWrite(ctx: StepContext): Promise<number> {
  return changedRows(ctx, changedOnWriteSql(ctx));
}

/** Planned updates whose row is gone: the app deleted them after the plan was made. */
export async function missingPlannedUpdates(ctx: StepContext): Promise<number> {
  const { rows } = await query<{ n: Count }>(ctx.trx, missingPlannedUpdatesSql(ctx));
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
 * The removed-rows plan: the staged removed keys whose row is still in the table, written by this seed, and
 * whether to prune each (SEED_PRUNE; an app-edited one only with SEED_FORCE).
 */
export function removedPlanSql(step: StepSql): Sql {
  const { options } = step;
  const prunable = options.prune
    ? sql`(${options.force}::boolean OR ${storedHashSql(step, 'j')} = j.seed_content_hash)`
    : sql`false`;
  return sql`CREATE TEMP TABLE ${ident(TEMP.removedPlan)} ON COMMIT DROP AS
    SELECT r.id, r._seed_key, ${prunable} AS prune
     FROM ${ident(TEMP.removed)} r JOIN ${ident(step.table.table)} j ON j.id = r.id
     WHERE j.seed_name = ${step.seedName}`;
}

/** The removed-rows plan's counts: rows to prune, rows left in place. */
export function removedCountsSql(): Sql {
  return sql`SELECT count(*) FILTER (WHERE prune) AS pruned, count(*) FILTER (WHERE NOT prune) AS removed FROM ${ident(TEMP.removedPlan)}`;
}

/** The first `limit` keys of the removed-rows plan to prune (or to leave), all of them when `limit` is null. */
export function removedKeysSql(prune: boolean, limit: number | null): Sql {
  const limited = limit === null ? sql`` : sql` LIMIT ${limit}`;
  return sql`SELECT _seed_key AS key FROM ${ident(TEMP.removedPlan)} WHERE prune = ${prune} ORDER BY _seed_key${limited}`;
}

/** Deletes the removed rows the plan prunes. */
export function pruneSql(step: StepSql): Sql {
  return sql`DELETE FROM ${ident(step.table.table)} j USING ${ident(TEMP.removedPlan)} p WHERE j.id = p.id AND p.prune`;
}

/** The single-column foreign keys that point at a table: each referencing table and column. */
export function foreignKeysToSql(table: string): Sql {
  return sql`SELECT c.conrelid::regclass::text AS referencing, a.attname AS column_name
     FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
     WHERE c.contype = 'f' AND c.confrelid = to_regclass(${table}) AND cardinality(c.conkey) = 1
     ORDER BY 1, 2`;
}

/**
 * The first rows of `referencing` whose `column` points at a row the plan prunes (rows pruned themselves, in a
 * table that refers to itself, do not count), and the keys they point at.
 */
export function referencingRowsSql(
  step: StepSql,
  referencing: string,
  column: string,
  label: 'id' | 'ctid',
): Sql {
  const self = referencing === step.table.table;
  const notPruned = self
    ? sql` AND NOT EXISTS (SELECT 1 FROM ${ident(TEMP.removedPlan)} q WHERE q.prune AND q.id = r.id)`
    : sql``;
  return sql`SELECT r.${ident(label)}::text AS row, p._seed_key AS key, count(*) OVER () AS total
     FROM ${verbatim(referencing)} r JOIN ${ident(TEMP.removedPlan)} p ON p.prune AND r.${ident(column)} = p.id
     WHERE true${notPruned}
     ORDER BY p._seed_key LIMIT 10`;
}

/**
 * Refuses a prune that would delete rows other rows still point at (a foreign key to the table): PRUNE_REFUSED,
 * one line naming the referencing rows, before anything is deleted (the run rolls back: nothing written).
 */
async function assertPruneUnreferenced(ctx: StepContext): Promise<void> {
  const { trx, table } = ctx;
  const fks = await query<{ referencing: string; column_name: string }>(trx, foreignKeysToSql(table.table));
  for (const { referencing, column_name: column } of fks.rows) {
    const hasId = await query<{ id: boolean }>(
      trx,
      sql`SELECT EXISTS (SELECT FROM pg_attribute WHERE attrelid = to_regclass(${referencing}) AND attname = 'id'
          AND NOT attisdropped) AS id`,
    );
    const label = hasId.rows[0].id ? 'id' : 'ctid';
    const { rows } = await query<{ row: string; key: string; total: Count }>(
      trx,
      referencingRowsSql(ctx, referencing, column, label),
    );
    if (rows.length === 0) continue;
    const total = Number(rows[0].total);
    const keys = [...new Set(rows.map((r) => r.key))].join(', ');
    const listed = rows.map((r) => r.row).join(', ');
    throw new SeedError(
      'PRUNE_REFUSED',
      `SEED_PRUNE would delete ${table.table} ${keys}, still referenced by ${total} row(s) of ${referencing}.${column} ` +
        `(${label} ${listed}${total > rows.length ? ', ...' : ''}): point those rows elsewhere ` +
        `or delete them first, or keep the items in the data set; if they are rows of another seed whose items ` +
        `left its data set too, prune that seed first (after a run without SEED_PRUNE: SEED_PRUNE=true npx knex ` +
        `seed:run --specific=<its seed file>), then this one; nothing was written`,
    );
  }
}

/**
 * Rows the seed owns whose item left the data set: classified once (present, written by this seed;
 * prunable or not), then left in place, or deleted when pruning. App-edited ones are deleted only by force.
 */
export async function convergeRemoved(ctx: StepContext, listStillOwned: boolean): Promise<RemovedOutcome> {
  const { trx, options } = ctx;
  await query(trx, removedPlanSql(ctx));
  const { rows } = await query<{ pruned: Count; removed: Count }>(trx, removedCountsSql());
  const keys = (prune: boolean, limit: number | null) => keysOf(trx, removedKeysSql(prune, limit));
  const pruned = Number(rows[0].pruned);
  if (pruned > 0) await assertPruneUnreferenced(ctx);
  if (pruned > 0 && options.apply) await query(trx, pruneSql(ctx));
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
