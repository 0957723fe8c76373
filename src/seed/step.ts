import type { Knex } from 'knex';
import type { SeedTable } from './table';

/** What a run asks of every seed step. */
export interface StepOptions {
  force: boolean;
  prune: boolean;
  /** Keys listed per kind of change (counts are always exact). Default 50. */
  detailLimit: number;
  /** List the keys of every kind of change, not only counts (dry runs). */
  withDetails: boolean;
  /** False for a dry run: compare and count, write and lock no row of the seeded table. */
  apply: boolean;
  /** Called as rows are generated and loaded (generated seeds), with the seed's name. */
  onProgress?: (seedName: string, done: number, total: number) => void;
}

/** One seed step at work: its table, its guard name, the run's options, and how stored hashes are read. */
export interface StepContext {
  trx: Knex.Transaction;
  table: SeedTable;
  seedName: string;
  options: StepOptions;
  /**
   * SQL (row alias = the table's name) of the content hash the rows were written with: the formula of the
   * content columns the guard recorded. Null when a recorded column is no longer in the table, so an app edit
   * made before that cannot be told from a data set change.
   */
  storedHash: ((alias: string) => string) | null;
}
