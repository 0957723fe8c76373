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
}

/** Per-posting detail of a plan, at most `detailLimit` keys of each kind. */
export interface ConvergeDetails {
  created: string[];
  updated: { key: string; columns: string[] }[];
  editedByApp: string[];
  deletedByApp: string[];
  removed: string[];
  pruned: string[];
}

export interface ConvergeOptions {
  seedName: string;
  force: boolean;
  prune: boolean;
  /** How many keys of each kind to list (all counts are exact). */
  detailLimit: number;
  /** List created/updated/edited/deleted keys (a dry run's plan); removed keys are always listed. */
  withDetails: boolean;
}

const J_HASH = contentHashSql('j');
const CONTENT_EQUAL = `(${CONTENT_COLUMNS.map((c) => `j.${c}`).join(', ')}) IS NOT DISTINCT FROM (${CONTENT_COLUMNS.map((c) => `s.${c}`).join(', ')})`;
const lifecycleDiffers = LIFECYCLE_COLUMNS.map((c) => `j.${c} IS DISTINCT FROM s.${c}`).join(' OR ');

/**
 * Classifies every staged posting against `job_postings` into a temp plan table (unchanged rows are left out),
 * then applies it: `UPDATE ... FROM` for rows whose content differs and `INSERT ... SELECT` for missing ones.
 * Unchanged rows are neither locked nor rewritten, so `updated_at` moves only on real change and a rerun
 * writes no WAL for them (`ON CONFLICT DO UPDATE ... WHERE` would still lock and log every conflicting row).
 */
export async function converge(
  trx: Knex.Transaction,
  options: ConvergeOptions,
): Promise<{ counts: ConvergeCounts; details: ConvergeDetails }> {
  const force = options.force ? 'true' : 'false';
  await trx.raw(`
    CREATE TEMP TABLE ${PLAN} ON COMMIT DROP AS
    SELECT id, key, action FROM (
      SELECT s.id, s.key, CASE
        WHEN j.id IS NULL THEN CASE WHEN s.previously_owned AND NOT ${force} THEN 'deleted_by_app' ELSE 'create' END
        -- a row at this id the seed never wrote and never owned: not ours, never touched
        WHEN j.seed_content_hash IS NULL AND NOT s.previously_owned THEN 'foreign'
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
    ? await planDetails(trx, options.detailLimit)
    : { created: [], updated: [], editedByApp: [], deletedByApp: [] };
  // The app does not take the seed's lock: re-checking "not edited by the app" in the UPDATE itself means a
  // row the app changes between the plan and the write is re-evaluated by PostgreSQL and left alone.
  await trx.raw(
    `UPDATE job_postings j SET ${setContent}${setLifecycle},
       seed_name = ?, seed_content_hash = s.content_hash, updated_at = now()
     FROM ${INCOMING} s JOIN ${PLAN} p ON p.id = s.id AND p.action = 'update'
     WHERE j.id = s.id${options.force ? '' : ` AND j.seed_content_hash IS NOT DISTINCT FROM ${J_HASH}`}`,
    [options.seedName],
  );
  // Content already equal to the data set (the app made the same edit): adopt it without touching updated_at.
  await trx.raw(
    `UPDATE job_postings j SET seed_name = ?, seed_content_hash = s.content_hash
     FROM ${INCOMING} s JOIN ${PLAN} p ON p.id = s.id AND p.action = 'rehash'
     WHERE j.id = s.id`,
    [options.seedName],
  );
  const columns = ['id', ...CONTENT_COLUMNS, ...LIFECYCLE_COLUMNS];
  await trx.raw(
    `INSERT INTO job_postings (${columns.join(', ')}, seed_name, seed_content_hash)
     SELECT ${columns.map((c) => `s.${c}`).join(', ')}, ?, s.content_hash
     FROM ${INCOMING} s JOIN ${PLAN} p ON p.id = s.id AND p.action = 'create'
     ON CONFLICT (id) DO NOTHING`,
    [options.seedName],
  );

  const removed = await convergeRemoved(trx, options);
  const counts = await planCounts(trx);
  return {
    counts: { ...counts, removed: removed.removed, pruned: removed.pruned },
    details: { ...details, removed: removed.removedKeys, pruned: removed.prunedKeys },
  };
}

async function planCounts(trx: Knex.Transaction): Promise<Omit<ConvergeCounts, 'removed' | 'pruned'>> {
  const { rows } = await trx.raw(`
    SELECT
      (SELECT count(*) FROM ${INCOMING}) AS staged,
      count(*) FILTER (WHERE action = 'create') AS created,
      count(*) FILTER (WHERE action = 'update') AS updated,
      count(*) FILTER (WHERE action = 'edited_by_app') AS edited_by_app,
      count(*) FILTER (WHERE action = 'deleted_by_app') AS deleted_by_app
    FROM ${PLAN}`);
  const r = rows[0];
  const created = Number(r.created);
  const updated = Number(r.updated);
  const editedByApp = Number(r.edited_by_app);
  const deletedByApp = Number(r.deleted_by_app);
  return {
    created,
    updated,
    editedByApp,
    deletedByApp,
    unchanged: Number(r.staged) - created - updated - editedByApp - deletedByApp,
  };
}

async function planDetails(
  trx: Knex.Transaction,
  limit: number,
): Promise<Omit<ConvergeDetails, 'removed' | 'pruned'>> {
  const keysOf = async (action: string): Promise<string[]> => {
    const { rows } = await trx.raw(`SELECT key FROM ${PLAN} WHERE action = ? ORDER BY key LIMIT ?`, [
      action,
      limit,
    ]);
    return rows.map((r: { key: string }) => r.key);
  };
  const differs = [...CONTENT_COLUMNS, ...LIFECYCLE_COLUMNS]
    .map((c) => `CASE WHEN j.${c} IS DISTINCT FROM s.${c} THEN '${c}' END`)
    .join(', ');
  const { rows } = await trx.raw(
    `SELECT p.key, array_to_json(array_remove(ARRAY[${differs}], NULL)) AS columns
     FROM ${PLAN} p JOIN ${INCOMING} s ON s.id = p.id JOIN job_postings j ON j.id = p.id
     WHERE p.action = 'update' ORDER BY p.key LIMIT ?`,
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
  };
}

/** Rows the seed owns whose posting left the data set: left in place, or deleted when pruning. */
async function convergeRemoved(
  trx: Knex.Transaction,
  options: ConvergeOptions,
): Promise<{ removed: number; pruned: number; removedKeys: string[]; prunedKeys: string[] }> {
  // Present rows only; one the app already deleted needs nothing. App-edited ones are deleted only by force.
  const prunable = options.prune
    ? `j.seed_content_hash IS NOT NULL AND (${options.force} OR ${J_HASH} = j.seed_content_hash)`
    : 'false';
  const present = `FROM ${REMOVED} r JOIN job_postings j ON j.id = r.id`;
  const { rows } = await trx.raw(
    `SELECT count(*) FILTER (WHERE ${prunable}) AS pruned, count(*) FILTER (WHERE NOT (${prunable})) AS removed ${present}`,
  );
  const keys = async (which: string): Promise<string[]> => {
    const result = await trx.raw(`SELECT r.key ${present} WHERE ${which} ORDER BY r.key LIMIT ?`, [
      options.detailLimit,
    ]);
    return result.rows.map((r: { key: string }) => r.key);
  };
  const prunedKeys = await keys(prunable);
  const removedKeys = await keys(`NOT (${prunable})`);
  const pruned = Number(rows[0].pruned);
  if (pruned > 0)
    await trx.raw(`DELETE FROM job_postings j USING ${REMOVED} r WHERE j.id = r.id AND ${prunable}`);
  return { removed: Number(rows[0].removed), pruned, removedKeys, prunedKeys };
}

/** Keys of removed postings still in the table after this run (they stay owned, for a later prune). */
export async function removedKeysStillPresent(trx: Knex.Transaction): Promise<string[]> {
  const { rows } = await trx.raw(
    `SELECT r.key FROM ${REMOVED} r JOIN job_postings j ON j.id = r.id ORDER BY r.key`,
  );
  return rows.map((r: { key: string }) => r.key);
}
