// Reads job_postings for the market check in pages (keyset on id), so a large table never sits in memory whole.

import type { Knex } from 'knex';
import { MarketCheck, type MarketResult } from './market-check';
import type { MarketRow } from './market-figures';

const PAGE = 20_000;

/** A row as the query returns it: numeric as a string from pg, a number from PGlite. */
interface RawRow extends Omit<MarketRow, 'salary_min' | 'salary_max' | 'ote'> {
  id: string;
  salary_min: string | number | null;
  salary_max: string | number | null;
  ote: string | null;
}

/** The market check of every row of job_postings (curated, synthetic and the app's alike). */
export async function marketReport(knex: Knex): Promise<MarketResult[]> {
  const check = new MarketCheck();
  let after: string | null = null;
  for (;;) {
    const { rows }: { rows: RawRow[] } = await knex.raw(
      `SELECT id, title, location, role_category::text AS role_category, tech_stack,
              employment_type::text AS employment_type, work_setup::text AS work_setup, salary_min, salary_max,
              salary_currency, experience_level,
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
      });
    }
    if (rows.length < PAGE) break;
    after = rows[rows.length - 1].id;
  }
  return check.results();
}
