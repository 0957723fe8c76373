/**
 * What an app imports from this package: `import type { JobPostingRow, NewJobPosting } from 'job-postings-seed'`.
 * Importing anything from here (types included) also registers `job_postings` and `seed_guard` with knex's
 * `knex/types/tables`, so `knex('job_postings')` is typed in the whole program.
 */
export type {
  EmploymentType,
  ExperienceLevel,
  PostingStatus,
  RoleCategory,
  WorkSetup,
} from './db/enums';
export {
  EMPLOYMENT_TYPES,
  EXPERIENCE_LEVELS,
  POSTING_STATUSES,
  ROLE_CATEGORIES,
  WORK_SETUPS,
} from './db/enums';
export type { JobPostingRow, NewJobPosting, NumericString } from './db/job-postings';
export { JOB_POSTINGS_TABLE } from './db/job-postings';
export type { SeedGuardRow } from './seed/guard/seed-guard';
export { SEED_GUARD_TABLE } from './seed/guard/seed-guard';
