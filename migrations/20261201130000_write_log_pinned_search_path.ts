import { updateSeedWriteLog } from 'job-postings-seed/engine';
import type { Knex } from 'knex';

// The write log's functions run as their owner on every write to job_postings. Their first definitions set
// search_path to the log's schema, where on PostgreSQL 13 and 14 (and clusters upgraded from them) any role may
// create objects: a `public.nextval(text)` ran as the owner. Now their search_path is pg_catalog and every name of
// their own carries its schema (src/seed/guard/write-log.ts, writeLogFunctionsSql).
export async function up(knex: Knex): Promise<void> {
  await updateSeedWriteLog(knex);
}

// Nothing to undo: the earlier definitions are the unsafe ones, and the log works the same with these.
export async function down(): Promise<void> {}
