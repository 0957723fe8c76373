import type { Knex } from 'knex';

// The seed's fast path reads which rows carry each seed's name (`count(*)` and a fingerprint of their ids,
// `WHERE seed_name = ?`) before it says "up to date": with `id` in the index that stays an index-only scan
// (about a million rows in a fifth of a second) instead of a scan of the table. It replaces the index on
// `seed_name` alone, which it covers.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('job_postings', (t) => {
    t.index(['seed_name', 'id'], 'job_postings_seed_name_id_idx');
    t.dropIndex(['seed_name'], 'job_postings_seed_name_idx');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('job_postings', (t) => {
    t.index(['seed_name'], 'job_postings_seed_name_idx');
    t.dropIndex(['seed_name', 'id'], 'job_postings_seed_name_id_idx');
  });
}
