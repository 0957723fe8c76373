import type { LoadTuning } from './load-tuning';
import type { KeyedItem, SeedTable } from './table';

/** A hand-written data set: every run that is not a no-op stages and compares all of it. */
export interface CuratedSource<Item extends KeyedItem> {
  kind: 'curated';
  /** The seed's name in the guard table (and on its rows, `seed_name`). */
  name: string;
  table: SeedTable<Item>;
  items: readonly Item[];
}

/** A generated data set: item `i` is a pure function of `i` and the variant, so a run can start at any index. */
export interface GeneratedSource<Item extends KeyedItem> {
  kind: 'generated';
  name: string;
  table: SeedTable<Item>;
  count: number;
  /** What selects the rows besides the count (generator version, random seed): recorded by the guard. */
  variant: Record<string, string | number>;
  /** Items [from, to), lazily. */
  generate(from: number, to: number): Iterable<Item>;
  /** The key of item `index`, without generating it. */
  keyOf(index: number): string;
  /** Bulk-load thresholds (src/seed/load-tuning.ts); defaults when left out. */
  tuning?: Partial<LoadTuning>;
}

// biome-ignore lint/suspicious/noExplicitAny: a run mixes sources of different item types
export type SeedSource = CuratedSource<any> | GeneratedSource<any>;
