// `npm run seed:report`'s part for every seed: the rows each seed owns in its table and, per content column,
// how many are null and how many distinct values there are.

import type { Knex } from 'knex';
import type { SeedSource } from '../seed/table/description';

/** One seed's rows, as the table holds them now. */
export interface SeedColumnsReport {
  seed: string;
  table: string;
  rows: number;
  columns: { name: string; nulls: number; distinct: number }[];
}

/** Counted in one statement per seed, over the rows the seed owns (`seed_name`). */
export async function seedColumnsReport(
  knex: Knex,
  sources: readonly SeedSource[],
): Promise<SeedColumnsReport[]> {
  const reports: SeedColumnsReport[] = [];
  for (const source of sources) {
    const columns = source.table.contentColumns;
    const counts = columns.flatMap((c, i) => [
      knex.raw('count(*) FILTER (WHERE ?? IS NULL) AS ??', [c, `n${i}`]),
      knex.raw('count(DISTINCT ??) AS ??', [c, `d${i}`]),
    ]);
    const row = await knex(source.table.table)
      .where({ seed_name: source.name })
      .first(knex.raw('count(*) AS rows'), ...counts);
    reports.push({
      seed: source.name,
      table: source.table.table,
      rows: Number(row?.rows ?? 0),
      columns: columns.map((name, i) => ({
        name,
        nulls: Number(row?.[`n${i}`] ?? 0),
        distinct: Number(row?.[`d${i}`] ?? 0),
      })),
    });
  }
  return reports;
}

/** The report as text: a heading per seed, then a line per content column. */
export function formatSeedColumns(reports: readonly SeedColumnsReport[]): string {
  const width = Math.max(6, ...reports.flatMap((r) => r.columns.map((c) => c.name.length)));
  return reports
    .map((r) =>
      [
        `${r.seed} (${r.table}): ${r.rows} rows`,
        `  ${'column'.padEnd(width)}  ${'null'.padStart(7)}  ${'distinct'.padStart(8)}`,
        ...r.columns.map(
          (c) =>
            `  ${c.name.padEnd(width)}  ${String(c.nulls).padStart(7)}  ${String(c.distinct).padStart(8)}`,
        ),
      ].join('\n'),
    )
    .join('\n\n');
}
