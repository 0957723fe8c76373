import type { Knex } from 'knex';
import { seedJobPostings } from '../src/seed/entry';

/**
 * Converges `job_postings` to the curated data set (plus SEED_SYNTHETIC_JOB_POSTINGS synthetic ones).
 * Safe to run any number of times, from any number of processes: see README "What a rerun does".
 */
export async function seed(knex: Knex): Promise<void> {
  await seedJobPostings(knex);
}
