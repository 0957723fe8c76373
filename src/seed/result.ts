import type { SeedPosting } from '../data/types';
import type { ConvergeCounts, ConvergeDetails } from './converge';

/** Options every seed step takes from the run. */
export interface SeedStepOptions {
  force: boolean;
  prune: boolean;
  /** Keys listed per kind of change (counts are always exact). Default 50. */
  detailLimit: number;
  /** List the keys of every kind of change, not only counts (dry runs). */
  withDetails: boolean;
  /** False for a dry run: compare and count, write and lock no row of job_postings. */
  apply: boolean;
  /** Called as rows are generated and loaded (synthetic seeds). */
  onProgress?: (done: number, total: number) => void;
}

/** What one seed did in a run. */
export interface SeedRunResult {
  seedName: string;
  /** The guard's checksum matched and there was nothing to prune: nothing was read beyond the guard row. */
  upToDate: boolean;
  /** No guard row existed before this run. */
  firstApply: boolean;
  counts?: ConvergeCounts;
  details?: ConvergeDetails;
  /** Seed-owned rows whose posting left the data set and are still in the table (SEED_PRUNE=true deletes). */
  pendingRemoved: number;
  /** Up to date runs: the first keys of those postings. */
  pendingRemovedKeys?: string[];
  /** The curated data set, for the first-run summary of stacks and categories. */
  postings?: readonly SeedPosting[];
  elapsedMs: number;
}
