import type { Knex } from 'knex';
import type { EmploymentType, ExperienceLevel, PostingStatus, RoleCategory, WorkSetup } from './enums';

/**
 * A `numeric(12,2)` value as `pg` returns it: a decimal string ("120000.00"), so no precision is lost. Convert
 * with `Number(value)` where a float is good enough. (The embedded PGlite returns a number instead.)
 */
export type NumericString = string;

/** A row of `job_postings` as `pg` returns it: numeric columns as decimal strings, jsonb parsed. */
export interface JobPostingRow {
  id: string;
  title: string;
  company: string;
  description: string;
  location: string;
  role_category: RoleCategory;
  tech_stack: string | null;
  employment_type: EmploymentType;
  work_setup: WorkSetup;
  /** numeric(12,2): a decimal string with `pg` (see {@link NumericString}). */
  salary_min: NumericString | null;
  /** numeric(12,2): a decimal string with `pg` (see {@link NumericString}). */
  salary_max: NumericString | null;
  salary_currency: string;
  required_skills: string[];
  /** varchar(50): the seed writes only these levels; the app should too. */
  experience_level: ExperienceLevel | null;
  status: PostingStatus;
  is_cancelled: boolean;
  cancellation_reason: string | null;
  created_at: Date;
  updated_at: Date;
  /** Bookkeeping: which seed wrote the row (null for rows the app made). */
  seed_name: string | null;
  /** Bookkeeping: md5 of the content columns as the seed last wrote them; a mismatch means the app edited it. */
  seed_content_hash: string | null;
}

/** What the app inserts: everything defaulted is optional, and the seed's bookkeeping columns are not offered. */
export interface NewJobPosting {
  id?: string;
  title: string;
  company: string;
  description: string;
  location: string;
  role_category: RoleCategory;
  tech_stack?: string | null;
  employment_type: EmploymentType;
  work_setup: WorkSetup;
  /** numeric(12,2): a number, or a decimal string as read back from `pg`. */
  salary_min?: number | NumericString | null;
  /** numeric(12,2): a number, or a decimal string as read back from `pg`. */
  salary_max?: number | NumericString | null;
  salary_currency?: string;
  /** jsonb: pass `JSON.stringify(array)` with `pg`. */
  required_skills?: string;
  experience_level?: ExperienceLevel | null;
  status?: PostingStatus;
  is_cancelled?: boolean;
  cancellation_reason?: string | null;
}

declare module 'knex/types/tables' {
  interface Tables {
    job_postings: Knex.CompositeTableType<JobPostingRow, NewJobPosting, Partial<NewJobPosting>>;
  }
}

export const JOB_POSTINGS_TABLE = 'job_postings';
