/** The idempotency guard: one row per seed, whatever table it seeds. */
export interface SeedGuardRow {
  seed_name: string;
  checksum: string;
  /** Keys of the rows the seed owns (hand-written data sets); null when `params` describes them (generated). */
  owned_keys: string[] | null;
  row_count: number;
  params: Record<string, unknown> | null;
  /** The content columns the seed's row hashes were computed over; null before the first run that recorded it. */
  content_columns: string[] | null;
  first_applied_at: Date;
  last_applied_at: Date;
}

declare module 'knex/types/tables' {
  interface Tables {
    seed_guard: SeedGuardRow;
  }
}

export const SEED_GUARD_TABLE = 'seed_guard';
