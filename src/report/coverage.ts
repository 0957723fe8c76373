import type { Knex } from 'knex';
import type { MarketResult } from './market-check';
import { marketReport } from './market-rows';

/** One row of a count table. */
export interface CountRow {
  value: string;
  count: number;
}

/** Salary spread of one experience level in one currency. */
export interface SalaryRow {
  experience_level: string;
  currency: string;
  postings: number;
  min: number;
  median: number;
  max: number;
}

/** What `npm run seed:report` shows, read from the database (not from the data files). */
export interface CoverageReport {
  total: number;
  /** Counts per value of each listed column, most common first. */
  counts: Record<CountedColumn, CountRow[]>;
  salaries: SalaryRow[];
  /** Rows per owner: the seed that wrote them, or "app" for rows the app made. */
  owners: CountRow[];
  /** The table's distributions against the published market figures. */
  market: MarketResult[];
}

export const COUNTED_COLUMNS = [
  'role_category',
  'tech_stack',
  'experience_level',
  'location',
  'employment_type',
  'work_setup',
  'status',
] as const;
export type CountedColumn = (typeof COUNTED_COLUMNS)[number];

/** Label of a null value in the count tables. */
export const NONE = '(none)';

/** Rows per value of `column` (its text, a null as `ifNull`): the column quoted by knex, the label bound. */
async function countBy(knex: Knex, column: string, ifNull: string): Promise<CountRow[]> {
  const { rows } = await knex.raw(
    'SELECT coalesce(??::text, ?::text) AS value, count(*) AS count FROM job_postings GROUP BY 1 ORDER BY 2 DESC, 1',
    [column, ifNull],
  );
  // count(*) is a string from pg, a number from PGlite
  return rows.map((r: { value: string; count: string | number }) => ({
    value: String(r.value),
    count: Number(r.count),
  }));
}

export async function coverageReport(knex: Knex): Promise<CoverageReport> {
  const counts = {} as Record<CountedColumn, CountRow[]>;
  for (const column of COUNTED_COLUMNS) counts[column] = await countBy(knex, column, NONE);
  const { rows: salaryRows } = await knex.raw(
    `
    SELECT coalesce(experience_level, ?::text) AS experience_level, salary_currency AS currency,
           count(*) AS postings, min(salary_min) AS min,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY (salary_min + salary_max) / 2) AS median,
           max(salary_max) AS max
    FROM job_postings WHERE salary_min IS NOT NULL
    GROUP BY experience_level, salary_currency
    ORDER BY salary_currency, CASE experience_level WHEN 'Junior' THEN 1 WHEN 'Mid-level' THEN 2 WHEN 'Senior' THEN 3
                 WHEN 'Lead' THEN 4 WHEN 'Principal' THEN 5 ELSE 6 END, 1`,
    [NONE],
  );
  const owners = await countBy(knex, 'seed_name', 'app');
  const total = await knex('job_postings').count({ count: '*' });
  return {
    total: Number(total[0].count),
    counts,
    salaries: salaryRows.map((r: Record<string, unknown>) => ({
      experience_level: String(r.experience_level),
      currency: String(r.currency).trim(),
      postings: Number(r.postings),
      min: Number(r.min),
      median: Math.round(Number(r.median)),
      max: Number(r.max),
    })),
    owners,
    market: await marketReport(knex),
  };
}
