/**
 * An app's file, type-checked by `tsc -p test/types` in `npm test`: the one import below must bring the row
 * types and the `knex/types/tables` registration, so every `@ts-expect-error` line must really be an error
 * (an unused one fails the check).
 */

import type { JobPostingRow, NewJobPosting } from 'job-postings-seed';
import type { Knex } from 'knex';

declare const knex: Knex;

/** True only when A and B are the same type. */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assertType<_T extends true>(): void {}

const posting: NewJobPosting = {
  title: 'Platform Engineer',
  company: 'Acme',
  description: 'Runs the platform.',
  location: 'Sydney, NSW',
  role_category: 'devops',
  employment_type: 'permanent',
  work_setup: 'hybrid',
  salary_min: 150_000,
  salary_max: '170000.00',
  required_skills: JSON.stringify(['Kubernetes', 'Terraform']),
  experience_level: 'Senior',
};

export async function appQueries(): Promise<void> {
  // Rows are typed as pg returns them.
  const row = await knex('job_postings').where({ company: 'Acme' }).first();
  assertType<Equal<typeof row, JobPostingRow | undefined>>();
  assertType<Equal<JobPostingRow['salary_min'], string | null>>();
  assertType<
    Equal<JobPostingRow['experience_level'], 'Junior' | 'Mid-level' | 'Senior' | 'Lead' | 'Principal' | null>
  >();
  assertType<Equal<JobPostingRow['required_skills'], string[]>>();
  // @ts-expect-error numeric(12,2) comes back from pg as a string, not a number
  const salary: number | null | undefined = row?.salary_min;
  void salary;

  await knex('job_postings').insert(posting);
  // @ts-expect-error title is text
  await knex('job_postings').insert({ ...posting, title: 1 });
  // @ts-expect-error company is required
  await knex('job_postings').insert({ ...posting, company: undefined });
  // @ts-expect-error 'Intern' is not an experience level
  await knex('job_postings').insert({ ...posting, experience_level: 'Intern' });
  // @ts-expect-error the seed's bookkeeping columns are not the app's to write
  await knex('job_postings').insert({ ...posting, seed_name: 'job_postings' });
  // @ts-expect-error no such column
  await knex('job_postings').where({ no_such_column: 1 });
  // @ts-expect-error 'archived' is not a posting status
  await knex('job_postings').update({ status: 'archived' });
  // @ts-expect-error role_category is an enum
  await knex('job_postings').update({ role_category: 'marketing' });
  // @ts-expect-error seed_guard rows are typed too
  await knex('seed_guard').where({ seed_name: 1 });
}
