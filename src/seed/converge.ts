import type { Knex } from 'knex';
import { CONTENT_COLUMNS, LIFECYCLE_COLUMNS } from '../db/job-postings';
import { contentHashSql } from './content-hash';
import { INCOMING, PLAN, REMOVED } from './staging';

/** What a run did, or (dry run) would do, to the rows of one seed. */
export interface ConvergeCounts {
  created: number;
  updated: number;
  unchanged: number;
  /** Seed-owned rows whose content the app changed: left as the app made them. */
  editedByApp: number;
  /** Seed-owned rows the app deleted: not re-created (SEED_FORCE re-creates them). */
  deletedByApp: number;
  /** Seed-owned rows whose posting left the data set and were left in place. */
  removed: number;
  /** Seed-owned rows whose posting left the data set and were deleted (SEED_PRUNE). */
  pruned: number;
  /** Rows at a posting's id that this seed did not write (the app's, or another seed's): never touched. */
  foreign: number;
}

/** Per-posting detail of a plan, at most `detailLimit` keys of each kind. */
export interface ConvergeDetails {
  created: string[];
  updated: { key: string; columns: string[] }[];
  editedByApp: string[];
  deletedByApp: string[];
  removed: string[];
  pruned: string[];
  foreign: string[];
}

export interface ConvergeOptions {
  seedName: string;
  force: boolean;
  prune: boolean;
  /** How many keys of each kind to list (all counts are exact). */
  detailLimit: number;
  /** List created/updated/edited/deleted keys (a dry run's plan); removed keys are always listed. */
  withDetails: boolean;
  /** False for a dry run: classify and count only; no row of job_postings is written or locked. */
  apply: boolean;
}

const J_HASH = contentHashSql('j');
const CONTENT_EQUAL = `(${CONTENT_COLUMNS.map((c) => `j.${c}`).join(', ')}) IS NOT DISTINCT FROM (${CONTENT_COLUMNS.map((c) => `s.${c}`).join(', ')})`;
const lifecycleDiffers = LIFECYCLE_COLUMNS.map((c) => `j.${c} IS DISTINCT FROM s.${c}`).join(' OR ');

/**
 * Classifies every staged posting against `job_postings` into a temp plan table that keeps the staged row
 * of every posting with something to do (unchanged ones are left out, so the writes never rescan them),
 * then applies it: `UPDATE ... FROM` for rows whose content differs and `INSERT ... SELECT` for missing ones.
 * Unchanged rows are neither locked nor rewritten, so `updated_at` moves only on real change and a rerun
 * writes no WAL for them (`ON CONFLICT DO UPDATE ... WHERE` would still lock and log every conflicting row).
 */
export async function converge(
  trx: Knex.Transaction,
  options: ConvergeOptions,
): Promise<{
  counts: ConvergeCounts;
  details: ConvergeDetails;
  /** Rows this seed held when the run began that the app deleted while it wrote (in `deletedByApp`). */
  deletedWhileWriting: number;
}> {
  const force = options.force ? 'true' : 'false';
  const SEED = `'${options.seedName.replace(/'/g, "''")}'`;
  await trx.raw(`
    CREATE TEMP TABLE ${PLAN} ON COMMIT DROP AS
    SELECT * FROM (
      SELECT s.*, CASE
        WHEN j.id IS NULL THEN CASE WHEN s.previously_owned AND NOT ${force} THEN 'deleted_by_app' ELSE 'create' END
        -- a row at this id that this seed did not write (the app's, or another seed's): never touched
        WHEN j.seed_name IS DISTINCT FROM ${SEED} THEN 'foreign'
        -- cheap column comparison first: the md5 of the current content is computed only for rows that differ
        WHEN ${CONTENT_EQUAL} THEN CASE
          WHEN ${force} AND (${lifecycleDiffers}) THEN 'update'
          WHEN j.seed_content_hash IS DISTINCT FROM s.content_hash THEN 'rehash'
          ELSE 'unchanged' END
        WHEN ${J_HASH} IS DISTINCT FROM j.seed_content_hash AND NOT ${force} THEN 'edited_by_app'
        ELSE 'update'
      END AS action
      FROM ${INCOMING} s LEFT JOIN job_postings j ON j.id = s.id
    ) classified
    WHERE action <> 'unchanged'`);

  const setContent = CONTENT_COLUMNS.map((c) => `${c} = s.${c}`).join(', ');
  const setLifecycle = options.force ? `, ${LIFECYCLE_COLUMNS.map((c) => `${c} = s.${c}`).join(', ')}` : '';
  const details = options.withDetails
    ? await planDetails(trx, options.detailLimit, options.force)
    : { created: [], updated: [], editedByApp: [], deletedByApp: [], foreign: [] };
  const counts = await planCounts(trx);
  let deletedWhileWriting = 0;
  if (options.apply) {
    // The app does not take the seed's lock: re-checking "not edited by the app" in the UPDATE itself means a
    // row the app changes between the plan and the write is re-evaluated by PostgreSQL and left alone.
    const updated = await trx.raw(
      `UPDATE job_postings j SET ${setContent}${setLifecycle},
         seed_name = ?, seed_content_hash = s.content_hash, updated_at = now()
       FROM ${PLAN} s
       WHERE s.action = 'update' AND j.id = s.id${options.force ? '' : ` AND j.seed_content_hash IS NOT DISTINCT FROM ${J_HASH}`}`,
      [options.seedName],
    );
    // Content already equal to the data set (the app made the same edit): adopt it without touching updated_at.
    await trx.raw(
      `UPDATE job_postings j SET seed_name = ?, seed_content_hash = s.content_hash
       FROM ${PLAN} s
       WHERE s.action = 'rehash' AND j.id = s.id`,
      [options.seedName],
    );
    const columns = ['id', ...CONTENT_COLUMNS, ...LIFECYCLE_COLUMNS];
    const created = await trx.raw(
      `INSERT INTO job_postings (${columns.join(', ')}, seed_name, seed_content_hash)
       SELECT ${columns.map((c) => `s.${c}`).join(', ')}, ?, s.content_hash
       FROM ${PLAN} s
       WHERE s.action = 'create'
       ON CONFLICT (id) DO NOTHING`,
      [options.seedName],
    );
    // Count what was written, not what was planned: a row the app edited (or inserted) since the plan is
    // skipped by the statements above and reported as the app's.
    const lostUpdates = counts.updated - Number(updated.rowCount);
    const lostCreates = counts.created - Number(created.rowCount);
    // Of the updates skipped, the rows no longer there were deleted by the app (the rows updated are locked by
    // this transaction, so none of them can have gone since).
    deletedWhileWriting = lostUpdates > 0 ? await missingPlannedUpdates(trx) : 0;
    counts.updated -= lostUpdates;
    counts.editedByApp += lostUpdates - deletedWhileWriting;
    counts.deletedByApp += deletedWhileWriting;
    counts.created -= lostCreates;
    counts.foreign += lostCreates;
  }

  const removed = await convergeRemoved(trx, options);
  return {
    counts: { ...counts, removed: removed.removed, pruned: removed.pruned },
    details: { ...details, removed: removed.removedKeys, pruned: removed.prunedKeys },
    deletedWhileWriting,
  };
}

/** Planned updates whose row is gone: the app deleted them after the plan was made. */
async function missingPlannedUpdates(trx: Knex.Transaction): Promise<number> {
  const { rows } = await trx.raw(
    `SELECT count(*) AS n FROM ${PLAN} s WHERE s.action = 'update'
       AND NOT EXISTS (SELECT 1 FROM job_postings j WHERE j.id = s.id)`,
  );
  return Number(rows[0].n);
}

async function planCounts(trx: Knex.Transaction): Promise<Omit<ConvergeCounts, 'removed' | 'pruned'>> {
  const { rows } = await trx.raw(`
    SELECT
      (SELECT count(*) FROM ${INCOMING}) AS staged,
      count(*) FILTER (WHERE action = 'create') AS created,
      count(*) FILTER (WHERE action = 'update') AS updated,
      count(*) FILTER (WHERE action = 'edited_by_app') AS edited_by_app,
      count(*) FILTER (WHERE action = 'deleted_by_app') AS deleted_by_app,
      count(*) FILTER (WHERE action = 'foreign') AS foreign_rows
    FROM ${PLAN}`);
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

async function planDetails(
  trx: Knex.Transaction,
  limit: number,
  force: boolean,
): Promise<Omit<ConvergeDetails, 'removed' | 'pruned'>> {
  const keysOf = async (action: string): Promise<string[]> => {
    const { rows } = await trx.raw(`SELECT key FROM ${PLAN} WHERE action = ? ORDER BY key LIMIT ?`, [
      action,
      limit,
    ]);
    return rows.map((r: { key: string }) => r.key);
  };
  // Lifecycle columns are written only by SEED_FORCE, so only then can they be part of an update.
  const differs = [...CONTENT_COLUMNS, ...(force ? LIFECYCLE_COLUMNS : [])]
    .map((c) => `CASE WHEN j.${c} IS DISTINCT FROM s.${c} THEN '${c}' END`)
    .join(', ');
  const { rows } = await trx.raw(
    `SELECT s.key, array_to_json(array_remove(ARRAY[${differs}], NULL)) AS columns
     FROM ${PLAN} s JOIN job_postings j ON j.id = s.id
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

const REMOVED_PLAN = 'seed_removed_plan';

/**
 * Rows the seed owns whose posting left the data set: classified once (present, written by this seed;
 * prunable or not), then left in place, or deleted when pruning. App-edited ones are deleted only by force.
 */
async function convergeRemoved(
  trx: Knex.Transaction,
  options: ConvergeOptions,
): Promise<{ removed: number; pruned: number; removedKeys: string[]; prunedKeys: string[] }> {
  const prunable = options.prune ? `(${options.force} OR ${J_HASH} = j.seed_content_hash)` : 'false';
  await trx.raw(`DROP TABLE IF EXISTS ${REMOVED_PLAN}`);
  await trx.raw(
    `CREATE TEMP TABLE ${REMOVED_PLAN} ON COMMIT DROP AS
     SELECT r.id, r.key, ${prunable} AS prune
     FROM ${REMOVED} r JOIN job_postings j ON j.id = r.id
     WHERE j.seed_name = ?`,
    [options.seedName],
  );
  const { rows } = await trx.raw(
    `SELECT count(*) FILTER (WHERE prune) AS pruned, count(*) FILTER (WHERE NOT prune) AS removed FROM ${REMOVED_PLAN}`,
  );
  const keys = async (prune: boolean): Promise<string[]> => {
    const result = await trx.raw(`SELECT key FROM ${REMOVED_PLAN} WHERE prune = ? ORDER BY key LIMIT ?`, [
      prune,
      options.detailLimit,
    ]);
    return result.rows.map((r: { key: string }) => r.key);
  };
  const pruned = Number(rows[0].pruned);
  if (pruned > 0 && options.apply) {
    await trx.raw(`DELETE FROM job_postings j USING ${REMOVED_PLAN} p WHERE j.id = p.id AND p.prune`);
  }
  return {
    removed: Number(rows[0].removed),
    pruned,
    removedKeys: await keys(false),
    prunedKeys: await keys(true),
  };
}

/** Every key whose id holds a row this seed did not write: the seed does not own those. */
export async function foreignKeys(trx: Knex.Transaction): Promise<string[]> {
  const { rows } = await trx.raw(`SELECT key FROM ${PLAN} WHERE action = 'foreign'`);
  return rows.map((r: { key: string }) => r.key);
}

/** Keys of removed postings this seed still has in the table after the run (they stay owned, for a prune). */
export async function removedKeysStillPresent(trx: Knex.Transaction): Promise<string[]> {
  const { rows } = await trx.raw(`SELECT key FROM ${REMOVED_PLAN} WHERE NOT prune ORDER BY key`);
  return rows.map((r: { key: string }) => r.key);
}
