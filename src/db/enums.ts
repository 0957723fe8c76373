/**
 * The enum values of `job_postings`, one `as const` array each: the validator, the generator and the types
 * read them from here, and an integration test compares them with the enum types the migration created.
 */
export const ROLE_CATEGORIES = [
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
] as const;
export type RoleCategory = (typeof ROLE_CATEGORIES)[number];

export const EMPLOYMENT_TYPES = ['permanent', 'contract', 'part_time'] as const;
export type EmploymentType = (typeof EMPLOYMENT_TYPES)[number];

export const WORK_SETUPS = ['remote', 'hybrid', 'onsite'] as const;
export type WorkSetup = (typeof WORK_SETUPS)[number];

export const POSTING_STATUSES = ['draft', 'active', 'paused', 'closed'] as const;
export type PostingStatus = (typeof POSTING_STATUSES)[number];

/** Not a database enum (the column is varchar(50)), but the data sets use exactly these, in rising order. */
export const EXPERIENCE_LEVELS = ['Junior', 'Mid-level', 'Senior', 'Lead', 'Principal'] as const;
export type ExperienceLevel = (typeof EXPERIENCE_LEVELS)[number];

/** The database enum type names, as the migration creates them. */
export const ENUM_TYPES = {
  role_category: ROLE_CATEGORIES,
  employment_type: EMPLOYMENT_TYPES,
  work_setup: WORK_SETUPS,
  posting_status: POSTING_STATUSES,
} as const;
