/**
 * How a generated seed loads and compares in bulk. Defaults suit every size; tests lower the thresholds so a few
 * hundred rows take the bulk paths, and `npm run bench` turns each off to measure it against its baseline.
 */
export interface LoadTuning {
  /**
   * A first load of at least this many rows into a table holding fewer rows than it writes builds the secondary
   * indexes after the COPY (src/seed/index-rebuild.ts). Default {@link DEFAULT_LOAD_TUNING}: 20,000.
   */
  indexRebuildMinRows: number;
  /**
   * A rerun comparing every row (SEED_FORCE, a table changed behind the guard) stages hashes first and only the
   * rows they cannot show unchanged in full (src/seed/narrow-compare.ts). Default true.
   */
  narrowCompare: boolean;
}

/**
 * Under 20,000 rows a load takes about a second: whatever index-after-load could save is small next to the
 * exclusive lock it takes (a judgement, not a measured break-even: docs/benchmarks.md).
 */
export const DEFAULT_LOAD_TUNING: LoadTuning = { indexRebuildMinRows: 20_000, narrowCompare: true };

/** A source's tuning with the defaults filled in. */
export function loadTuning(source: { tuning?: Partial<LoadTuning> }): LoadTuning {
  return { ...DEFAULT_LOAD_TUNING, ...source.tuning };
}
