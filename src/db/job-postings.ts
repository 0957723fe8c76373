import type { Knex } from 'knex';
import { idFor } from '../seed/ids';
import type { EmploymentType, PostingStatus, RoleCategory, WorkSetup } from './enums';

/** A row of `job_postings` as the database returns it (numeric comes back as a string from `pg`). */
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
  salary_min: string | number | null;
  salary_max: string | number | null;
  salary_currency: string;
  required_skills: string[];
  experience_level: string | null;
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
  salary_min?: number | null;
  salary_max?: number | null;
  salary_currency?: string;
  /** jsonb: pass `JSON.stringify(array)` with `pg`. */
  required_skills?: string;
  experience_level?: string | null;
  status?: PostingStatus;
  is_cancelled?: boolean;
  cancellation_reason?: string | null;
}

declare module 'knex/types/tables' {
  interface Tables {
    job_postings: Knex.CompositeTableType<JobPostingRow, NewJobPosting, Partial<NewJobPosting>>;
  }
}

/**
 * The UUID v5 namespace of this project's postings (itself uuidv5('job-postings-seed', uuid.URL)): a posting's
 * id is uuidv5(key, namespace), so the same posting has the same id on every machine and every run.
 */
export const POSTING_ID_NAMESPACE = '7459bdae-df3d-563c-b1e5-e6b250954104';

/** The row id of the posting with this key. */
export const postingId = idFor(POSTING_ID_NAMESPACE);
