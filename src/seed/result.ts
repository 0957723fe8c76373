import type { ConvergeCounts, ConvergeDetails } from './plan';

/** What one seed did in a run. */
export interface SeedRunResult {
  seedName: string;
  /** How the summary names the items: `{ one: 'posting', many: 'postings' }`. */
  noun: { one: string; many: string };
  /** The guard's checksum matched and there was nothing to prune: nothing was read beyond the guard row. */
  upToDate: boolean;
  /** No guard row existed before this run. */
  firstApply: boolean;
  counts?: ConvergeCounts;
  details?: ConvergeDetails;
  /** Seed-owned rows whose item left the data set and are still in the table (SEED_PRUNE=true deletes). */
  pendingRemoved: number;
  /** Up to date runs: the first keys of those items. */
  pendingRemovedKeys?: string[];
  /** A plain first run prints these instead of the counts (the table's `firstRunSummary`). */
  firstRunLines?: (created: number) => string[];
  /** Content columns the guard recorded that the table no longer has: older app edits cannot be told apart. */
  droppedContentColumns?: string[];
  elapsedMs: number;
}
