import type { Knex } from 'knex';
import type { SeedGuardRow } from '../db/seed-guard';

/**
 * What a seed says must be true of the table, not only of its guard row. Each guard records in its params how
 * many of the seed's rows the table held when the seed last applied (`rowsInTable`); a run counts them again
 * (by an index on `seed_name`: job_postings_seed_name_idx) and may say "up to date" only when both agree. When they differ, the seed
 * compares its rows with the table. When none remain at all (TRUNCATE, `DELETE FROM <table>`), the run is a
 * reset: it starts over as if it had never run, re-creates every row and prints the first-run summary.
 */
export interface TableTruth {
  /** The guard as this run should see it: undefined before the first run and after the table was emptied. */
  guard: SeedGuardRow | undefined;
  /** Rows of this seed in the table now. */
  inTable: number;
  /** The guard's record of the table still holds: as many of the seed's rows as it last left there. */
  intact: boolean;
  /** The guard owned rows and none is left: this run starts over. */
  reset: boolean;
}

/** Rows of `seedName` in `table` now. */
export async function countSeedRows(knex: Knex, table: string, seedName: string): Promise<number> {
  const [{ n }] = await knex(table).where({ seed_name: seedName }).count({ n: '*' });
  return Number(n);
}

/**
 * The number of rows the guard recorded as left in the table. Guards written before it was recorded say only
 * how many rows the seed owns (`row_count`): the table holds at most those, so all of them present is intact.
 */
export function recordedRowsInTable(guard: SeedGuardRow): number {
  const value = (guard.params as { rowsInTable?: unknown } | null)?.rowsInTable;
  return typeof value === 'number' ? value : guard.row_count;
}

/** Reads the table's side of a seed's guard row: see {@link TableTruth}. */
export async function checkTable(
  trx: Knex.Transaction,
  table: string,
  seedName: string,
  guard: SeedGuardRow | undefined,
): Promise<TableTruth> {
  const inTable = await countSeedRows(trx, table, seedName);
  // An emptied table: the guard owned rows and not one is left. A guard that owns none (every id held by the
  // app, or everything pruned) has nothing to lose.
  if (guard && inTable === 0 && guard.row_count > 0)
    return { guard: undefined, inTable, intact: false, reset: true };
  const intact = guard !== undefined && recordedRowsInTable(guard) === inTable;
  return { guard, inTable, intact, reset: false };
}
