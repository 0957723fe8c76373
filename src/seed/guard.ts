import type { Knex } from 'knex';
import { SEED_GUARD_TABLE, type SeedGuardRow } from '../db/seed-guard';

/** What a seed records in the guard table after it applied its data set. */
export interface GuardRecord {
  checksum: string;
  ownedKeys: string[] | null;
  rowCount: number;
  params: Record<string, unknown> | null;
  /** The content columns the rows' hashes were computed over. */
  hashSpec: readonly string[];
}

/** jsonb comes back parsed from both drivers; char(64) is trimmed; row_count made a number whatever the driver. */
function normalise(row: SeedGuardRow): SeedGuardRow {
  return { ...row, checksum: row.checksum.trim(), row_count: Number(row.row_count) };
}

/** The guard row of a seed, or undefined before its first run. Read under the seed lock. */
export async function readGuard(trx: Knex.Transaction, seedName: string): Promise<SeedGuardRow | undefined> {
  const row = await trx(SEED_GUARD_TABLE).where({ seed_name: seedName }).first();
  return row && normalise(row);
}

/** Records what was applied; `first_applied_at` is set once, `last_applied_at` on every apply. */
export async function writeGuard(
  trx: Knex.Transaction,
  seedName: string,
  record: GuardRecord,
): Promise<void> {
  await trx(SEED_GUARD_TABLE)
    .insert({
      seed_name: seedName,
      checksum: record.checksum,
      owned_keys:
        record.ownedKeys === null ? null : (JSON.stringify(record.ownedKeys) as unknown as string[]),
      row_count: record.rowCount,
      params:
        record.params === null ? null : (JSON.stringify(record.params) as unknown as Record<string, unknown>),
      content_columns: JSON.stringify(record.hashSpec) as unknown as string[],
      last_applied_at: trx.fn.now() as unknown as Date,
    })
    .onConflict('seed_name')
    .merge(['checksum', 'owned_keys', 'row_count', 'params', 'content_columns', 'last_applied_at']);
}

/** Forgets a seed: as if it had never run (an emptied table with nothing to write). */
export async function deleteGuard(trx: Knex.Transaction, seedName: string): Promise<void> {
  await trx(SEED_GUARD_TABLE).where({ seed_name: seedName }).del();
}

/** Every guard row, for `db:status` and the report. */
export async function listGuards(knex: Knex): Promise<SeedGuardRow[]> {
  const rows = await knex(SEED_GUARD_TABLE).select('*').orderBy('seed_name');
  return rows.map(normalise);
}
