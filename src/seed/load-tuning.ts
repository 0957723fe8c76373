// How a generated seed loads and compares in bulk: thresholds, one object per source, defaults for every size.

/**
 * Tests lower the thresholds so a few hundred rows take the bulk paths, and `npm run bench` turns each off to
 * measure it against its baseline.
 */
export interface LoadTuning {
  /**
   * A first load of at least this many rows into a table holding fewer rows than it writes builds the secondary
   * indexes after the COPY (src/seed/index-rebuild.ts). Default 20,000.
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
 * Under 20,000 rows a load takes about a second: whatever index-after-load could save is small next to the
 * exclusive lock it takes (a judgement, not a measured break-even: docs/benchmarks.md). 256 MB of sort memory
 * holds the largest index's keys at 1,000,000 postings; it is the server's memory, for the rebuild only.
 */
export const DEFAULT_LOAD_TUNING: LoadTuning = {
  indexRebuildMinRows: 20_000,
  indexRebuildMemoryMB: 256,
  narrowCompare: true,
};

/** A source's tuning with the defaults filled in. */
export function loadTuning(source: { tuning?: Partial<LoadTuning> }): LoadTuning {
  return { ...DEFAULT_LOAD_TUNING, ...source.tuning };
}
