import { addSeedWriteLog, dropSeedWriteLog } from 'job-postings-seed/engine';
import type { Knex } from 'knex';

// A no-op rerun proves "up to date" without counting the seed's rows: statement triggers log which
// transactions wrote job_postings (seed_table_writes, one row per writing transaction), and a rerun that finds
// nothing written since its seed counted them takes the counts it recorded. docs/seed-engine.md, "The write log".
export async function up(knex: Knex): Promise<void> {
  await addSeedWriteLog(knex, 'job_postings');
}

export async function down(knex: Knex): Promise<void> {
  await dropSeedWriteLog(knex, 'job_postings');
}
