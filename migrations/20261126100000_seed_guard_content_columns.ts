import type { Knex } from 'knex';

// The content columns (with the cast the hash reads them through) a seed's content hashes were computed over:
// after a column is added to or removed from a seed's content, the next run still reads the hashes already in
// the table with the formula they were written with. Null on guard rows written before this column existed.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('seed_guard', (t) => {
    t.jsonb('content_columns').nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('seed_guard', (t) => {
    t.dropColumn('content_columns');
  });
}
