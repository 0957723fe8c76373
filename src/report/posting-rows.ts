// A data set's postings as the market check reads them, without a database: each created as the seed would
// create it at `now` (ages rolled to their weekday and time, src/seed/hashing.ts), for pure tests of the data and the check.

import type { SeedPosting } from '../data/types';
import { rolledAges } from '../seed/hashing';
import type { MarketRow } from './figure-kit';
import { statedEarnings } from './market-check';

/** A posting as a row the seed writes at `nowMs` (epoch ms) would read. */
export function marketRowOf(p: SeedPosting, nowMs: number): MarketRow {
  const [created] = rolledAges(nowMs, p.age_minutes ?? 0, p.updated_age_minutes ?? 0);
  return {
    title: p.title,
    location: p.location,
    role_category: p.role_category,
    tech_stack: p.tech_stack,
    employment_type: p.employment_type,
    work_setup: p.work_setup,
    salary_min: p.salary_min,
    salary_max: p.salary_max,
    salary_currency: p.salary_currency,
    experience_level: p.experience_level,
    ote: statedEarnings(p.description),
    company: p.company,
    description: p.description,
    required_skills: p.required_skills,
    status: p.status ?? 'active',
    is_cancelled: p.is_cancelled ?? false,
    created_at: nowMs - created * 60_000,
    age_days: created / 1440,
  };
}
