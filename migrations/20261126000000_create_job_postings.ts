import type { Knex } from 'knex';

// A migration is frozen history: its enum values are written out here, not imported from src/, so a later
// change to the app cannot rewrite what this migration did. test/schema.test.ts checks they match src/db/enums.ts.
const ENUMS = {
  role_category: [
    'engineering',
    'quality_assurance',
    'data',
    'devops',
    'design',
    'product',
    'sales',
    'support',
    'operations',
    'management',
    'other',
  ],
  employment_type: ['permanent', 'contract', 'part_time'],
  work_setup: ['remote', 'hybrid', 'onsite'],
  posting_status: ['draft', 'active', 'paused', 'closed'],
};

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('job_postings', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('title').notNullable();
    t.text('company').notNullable();
    t.text('description').notNullable();
    t.text('location').notNullable();
    t.enu('role_category', ENUMS.role_category, { useNative: true, enumName: 'role_category' }).notNullable();
    t.string('tech_stack', 100).nullable();
    t.enu('employment_type', ENUMS.employment_type, {
      useNative: true,
      enumName: 'employment_type',
    }).notNullable();
    t.enu('work_setup', ENUMS.work_setup, { useNative: true, enumName: 'work_setup' }).notNullable();
    t.decimal('salary_min', 12, 2).nullable();
    t.decimal('salary_max', 12, 2).nullable();
    t.specificType('salary_currency', 'char(3)').notNullable().defaultTo('AUD');
    t.jsonb('required_skills').notNullable().defaultTo(knex.raw(`'[]'::jsonb`));
    t.string('experience_level', 50).nullable();
    t.enu('status', ENUMS.posting_status, { useNative: true, enumName: 'posting_status' })
      .notNullable()
      .defaultTo('active');
    t.boolean('is_cancelled').notNullable().defaultTo(false);
    t.text('cancellation_reason').nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    // Seed bookkeeping, null on rows the app makes: which seed wrote the row, and an md5 of its content
    // columns as that seed last wrote them (a different hash now means the app edited the posting).
    t.string('seed_name', 63).nullable();
    t.specificType('seed_content_hash', 'char(32)').nullable();

    t.check(`btrim(title) <> ''`, [], 'job_postings_title_not_blank');
    t.check(`btrim(company) <> ''`, [], 'job_postings_company_not_blank');
    t.check(`btrim(description) <> ''`, [], 'job_postings_description_not_blank');
    t.check(`btrim(location) <> ''`, [], 'job_postings_location_not_blank');
    t.check(`salary_min >= 0 AND salary_max >= 0`, [], 'job_postings_salary_non_negative');
    t.check(`salary_min <= salary_max`, [], 'job_postings_salary_order');
    t.check(`salary_currency ~ '^[A-Z]{3}$'`, [], 'job_postings_salary_currency_iso');
    t.check(`jsonb_typeof(required_skills) = 'array'`, [], 'job_postings_required_skills_array');

    t.index(['status'], 'job_postings_status_idx');
    t.index(['role_category'], 'job_postings_role_category_idx');
    t.index(['tech_stack'], 'job_postings_tech_stack_idx');
  });

  await knex.schema.createTable('seed_guard', (t) => {
    t.string('seed_name', 63).primary();
    t.specificType('checksum', 'char(64)').notNullable();
    t.jsonb('owned_keys').nullable();
    t.integer('row_count').notNullable().defaultTo(0);
    t.jsonb('params').nullable();
    t.timestamp('first_applied_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('last_applied_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('seed_guard');
  await knex.schema.dropTableIfExists('job_postings');
  for (const type of Object.keys(ENUMS)) await knex.raw('DROP TYPE IF EXISTS ??', [type]);
}
