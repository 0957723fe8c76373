// Reads job_postings for the market check in pages (keyset on id), so a large table never sits in memory whole.

import type { Knex } from 'knex';
import type { MarketRow } from './figure-kit';
import { MarketCheck, type MarketResult } from './market-check';

const PAGE = 20_000;

/** A row as the query returns it: numeric as a string from pg, a number from PGlite. */
interface RawRow
  extends Omit<
    MarketRow,
    'salary_min' | 'salary_max' | 'ote' | 'created_at' | 'age_days' | 'required_skills'
  > {
  id: string;
  salary_min: string | number | null;
  salary_max: string | number | null;
  ote: string | null;
  created_ms: string | number | null;
  age_days: string | number | null;
  required_skills: unknown;
}

const numberOrNull = (v: string | number | null) => (v === null ? null : Number(v));

/** The market check of every row of job_postings (curated, synthetic and the app's alike). */
export async function marketReport(knex: Knex): Promise<MarketResult[]> {
  const check = new MarketCheck();
  let after: string | null = null;
  for (;;) {
    const { rows }: { rows: RawRow[] } = await knex.raw(
      `SELECT id, title, location, role_category::text AS role_category, tech_stack,
              employment_type::text AS employment_type, work_setup::text AS work_setup, salary_min, salary_max,
              salary_currency, experience_level, company, description, required_skills, status::text AS status,
              is_cancelled, (extract(epoch from created_at) * 1000)::float8 AS created_ms,
              (extract(epoch from now() - created_at) / 86400)::float8 AS age_days,
              substring(description from '[Oo]n-target earnings are [A-Z]{3} ([0-9,]+)') AS ote
       FROM job_postings ${after === null ? '' : 'WHERE id > ?'} ORDER BY id LIMIT ${PAGE}`,
      after === null ? [] : [after],
    );
    for (const r of rows) {
      check.add({
        title: r.title,
        location: r.location,
        role_category: r.role_category,
        tech_stack: r.tech_stack,
        employment_type: r.employment_type,
        work_setup: r.work_setup,
        salary_min: r.salary_min === null ? null : Number(r.salary_min),
        salary_max: r.salary_max === null ? null : Number(r.salary_max),
        salary_currency: String(r.salary_currency).trim(),
        experience_level: r.experience_level,
        ote: r.ote === null ? null : Number(r.ote.replace(/,/g, '')),
        company: r.company,
        description: r.description,
        required_skills: Array.isArray(r.required_skills) ? r.required_skills.map(String) : [],
        status: r.status,
        is_cancelled: r.is_cancelled === true,
        created_at: numberOrNull(r.created_ms),
        age_days: numberOrNull(r.age_days),
      });
    }
    if (rows.length < PAGE) break;
    after = rows[rows.length - 1].id;
  }
  return check.results();
}
