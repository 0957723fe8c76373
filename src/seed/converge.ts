import {
  type ConvergeCounts,
  type ConvergeDetails,
  classify,
  foreignKeys,
  missingPlannedUpdates,
  planCounts,
  planDetails,
} from './plan';
import { convergeRemoved } from './removed';
import type { StepContext } from './step';
import type { Written } from './write-bulk';

export type { ConvergeCounts, ConvergeDetails } from './plan';

/** Everything a step needs from converging its staged rows, so it never queries the temp tables back. */
export interface Converged {
  counts: ConvergeCounts;
  details: ConvergeDetails;
  /** Keys whose id holds a row this seed did not write: not owned (listed only when `listOwnership`). */
  foreignKeys: string[];
  /** Keys of removed items still in the table: still owned, for a later prune (only when `listOwnership`). */
  removedStillOwned: string[];
  /** Rows this seed held when the run began that the app deleted while it wrote (in `deletedByApp`). */
  deletedWhileWriting: number;
}

/**
 * Classifies the staged rows against the table, then (unless a dry run) hands the plan to `write`: the
 * knex upsert for a hand-written data set, `UPDATE ... FROM` for a generated one. Counts what was written,
 * not what was planned: a row the app edited (or inserted) since the plan is skipped by the writer and
 * reported as the app's. Last, removed items are left or pruned.
 */
export async function converge(
  ctx: StepContext,
  write: (ctx: StepContext) => Promise<Written>,
  { listOwnership }: { listOwnership: boolean },
): Promise<Converged> {
  await classify(ctx);
  const details = await planDetails(ctx);
  const counts = await planCounts(ctx);
  let deletedWhileWriting = 0;
  if (ctx.options.apply) {
    const written = await write(ctx);
    const lostUpdates = counts.updated - written.updated;
    const lostCreates = counts.created - written.created;
    // Of the updates skipped, the rows no longer there were deleted by the app (the rows updated are locked by
    // this transaction, so none of them can have gone since).
    deletedWhileWriting = lostUpdates > 0 ? await missingPlannedUpdates(ctx) : 0;
    counts.updated -= lostUpdates;
    counts.editedByApp += lostUpdates - deletedWhileWriting;
    counts.deletedByApp += deletedWhileWriting;
    counts.created -= lostCreates;
    counts.foreign += lostCreates;
  }
  const foreign = listOwnership ? await foreignKeys(ctx) : [];
  const removed = await convergeRemoved(ctx, listOwnership);
  return {
    counts: { ...counts, removed: removed.removed, pruned: removed.pruned },
    details: { ...details, removed: removed.removedKeys, pruned: removed.prunedKeys },
    foreignKeys: foreign,
    removedStillOwned: removed.stillOwnedKeys,
    deletedWhileWriting,
  };
}
