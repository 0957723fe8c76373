import { storedHashSql } from './plan';
import { createRemovedPlanTable, TEMP } from './staging';
import type { StepContext } from './step';

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
