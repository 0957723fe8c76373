// The shape of a posting in a data set, curated or synthetic.

import type { EmploymentType, ExperienceLevel, PostingStatus, RoleCategory, WorkSetup } from '../db/enums';

/** One posting of a data set, keyed by a stable, human-readable `key` that the seed derives the row id from. */
export interface SeedPosting {
  /** Stable key, lower-case kebab (`senior-react-developer-techcorp`); never reuse one for another posting. */
  key: string;
  title: string;
  company: string;
  /** 2-3 sentences specific to the role. */
  description: string;
  /** City ("Sydney, NSW", "London, UK") or "Remote Australia". */
  location: string;
  role_category: RoleCategory;
  /** Primary technology; null for non-technical roles. */
  tech_stack: string | null;
  employment_type: EmploymentType;
  work_setup: WorkSetup;
  salary_min: number | null;
  salary_max: number | null;
  /** Upper-case ISO 4217 code of the location's currency. */
  salary_currency: string;
  /** 4-8 skills; includes `tech_stack` when there is one. */
  required_skills: string[];
  experience_level: ExperienceLevel;
  /** Defaults to 'active'. */
  status?: PostingStatus;
  is_cancelled?: boolean;
  cancellation_reason?: string | null;
  /**
   * How many minutes before the seed first writes the posting it was created (`created_at = now() - age`);
   * defaults to 0. Set on insert only: a rerun never moves it, and only `SEED_FORCE` re-applies it.
   */
  age_minutes?: number;
  /** How many minutes before the first write it was last updated (`updated_at`); 0 to `age_minutes`, default 0. */
  updated_age_minutes?: number;
}
