// How a generated seed loads and compares in bulk: thresholds, one object per source, defaults for every size.

/**
 * Tests lower the thresholds so a few hundred rows take the bulk paths, and `npm run bench` turns each off to
 * measure it against its baseline.
 */
export interface LoadTuning {
  /**
   * A first load of at least this many rows into a table holding fewer rows than it writes builds the secondary
   * indexes after the COPY (src/seed/index-rebuild.ts). Default: never (`Infinity`); a seed file opts in with
   * `tuning: { indexRebuildMinRows: 20_000 }` where its table's indexes make it pay.
   */
  indexRebuildMinRows: number;
  /** `maintenance_work_mem` (MB) for that rebuild, set for the seed's transaction only. Default 256. */
  indexRebuildMemoryMB: number;
  /**
   * A rerun comparing every row (SEED_FORCE, a table changed behind the guard) stages hashes first and only the
   * rows they cannot show unchanged in full (src/seed/narrow-compare.ts). Default true.
   */
  narrowCompare: boolean;
}

/**
 * Index-after-load is off by default: on job_postings it was slower than keeping the indexes in every measured
 * pair (200k: 19.8/22.6 s against 17.0/19.0 s; 1M: 88.5 s against 73.6 s; docs/benchmarks.md), since the uuid
 * primary key, which it never drops, is most of the index work; and it locks the table ACCESS EXCLUSIVE until
 * the seed commits. A table with several heavy secondary indexes can opt in. 256 MB of sort memory holds the
 * largest index's keys at 1,000,000 postings; it is the server's memory, for the rebuild only.
 */
export const DEFAULT_LOAD_TUNING: LoadTuning = {
  indexRebuildMinRows: Number.POSITIVE_INFINITY,
  indexRebuildMemoryMB: 256,
  narrowCompare: true,
};

/** A source's tuning with the defaults filled in. */
export function loadTuning(source: { tuning?: Partial<LoadTuning> }): LoadTuning {
  return { ...DEFAULT_LOAD_TUNING, ...source.tuning };
}
