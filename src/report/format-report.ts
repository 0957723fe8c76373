import type { CountRow, CoverageReport } from './coverage';
import type { MarketResult } from './market-check';
import { MIN_SAMPLE, TOLERANCE } from './market-check';
import { NOT_COMPARED } from './market-figures';

const BAR_WIDTH = 24;
/** Rows shown per count table before "... n more". */
const MAX_ROWS = 25;

function countTable(title: string, rows: CountRow[], total: number): string[] {
  const shown = rows.slice(0, MAX_ROWS);
  const labelWidth = Math.max(title.length, ...shown.map((r) => r.value.length));
  const countWidth = Math.max(5, ...shown.map((r) => String(r.count).length));
  const top = Math.max(1, ...shown.map((r) => r.count));
  const lines = [`${title.padEnd(labelWidth)}  ${'count'.padStart(countWidth)}      %`];
  for (const r of shown) {
    const bar = '█'.repeat(Math.max(r.count > 0 ? 1 : 0, Math.round((r.count / top) * BAR_WIDTH)));
    const pct = total > 0 ? ((r.count / total) * 100).toFixed(1).padStart(5) : '    -';
    lines.push(`${r.value.padEnd(labelWidth)}  ${String(r.count).padStart(countWidth)}  ${pct}  ${bar}`);
  }
  if (rows.length > shown.length) lines.push(`... ${rows.length - shown.length} more`);
  return lines;
}

function salaryTable(report: CoverageReport): string[] {
  const header = ['level', 'currency', 'postings', 'min', 'median', 'max'];
  const rows = report.salaries.map((s) => [
    s.experience_level,
    s.currency,
    String(s.postings),
    s.min.toLocaleString('en-US'),
    s.median.toLocaleString('en-US'),
    s.max.toLocaleString('en-US'),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), ...rows.map(line)];
}

const TITLES: Record<keyof CoverageReport['counts'], string> = {
  role_category: 'role category',
  tech_stack: 'tech stack',
  experience_level: 'experience level',
  location: 'location',
  employment_type: 'employment type',
  work_setup: 'work setup',
  status: 'status',
};

/** The report as aligned text tables with a bar per row. */
export function formatReport(report: CoverageReport): string {
  const sections: string[][] = [[`job_postings: ${report.total} rows`]];
  for (const [column, title] of Object.entries(TITLES) as [keyof typeof TITLES, string][]) {
    sections.push(countTable(title, report.counts[column], report.total));
  }
  sections.push([
    'salary per experience level and currency (median of each posting midpoint)',
    ...salaryTable(report),
  ]);
  sections.push(countTable('owner', report.owners, report.total));
  sections.push(marketTable(report.market));
  return sections.map((s) => s.join('\n')).join('\n\n');
}

function formatted(unit: MarketResult['unit'], v: number): string {
  if (unit === 'share') return `${(v * 100).toFixed(1)}%`;
  if (unit === 'count') return String(v);
  return unit === 'ratio' ? v.toFixed(2) : Math.round(v).toLocaleString('en-US');
}

function figureText({ target, unit }: MarketResult): string {
  switch (target.kind) {
    case 'value':
      return formatted(unit, target.value);
    case 'range':
      return `${formatted(unit, target.min)}-${formatted(unit, target.max)}`;
    case 'atMost':
      return `<= ${formatted(unit, target.value)}`;
    case 'atLeast':
      return `>= ${formatted(unit, target.value)}`;
  }
}

/** The market check: each figure, what the table measures, the ratio and a flag when off by more than 20%. */
export function marketTable(results: readonly MarketResult[]): string[] {
  const header = ['figure', 'reference', 'measured', 'ratio', ''];
  const rows = results.map((r) => [
    r.label,
    figureText(r),
    r.measured === null ? `(${r.sample} rows)` : formatted(r.unit, r.measured),
    r.ratio === null ? '-' : Number.isFinite(r.ratio) ? r.ratio.toFixed(2) : 'inf',
    r.flagged ? 'OFF' : r.measured === null ? 'too few' : 'ok',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  const flagged = results.filter((r) => r.flagged).length;
  return [
    `market check: ${results.length} figures (published and board shape), ${flagged} off by more than ${TOLERANCE * 100}% (fewer than ${MIN_SAMPLE} rows: not measured)`,
    line(header),
    ...rows.map(line),
    'sources (../shared/reference/market-figures.md):',
    ...[...new Set(results.map((r) => r.source))].map((source) => `  ${source}`),
    'not compared:',
    ...NOT_COMPARED.map((n) => `  ${n}`),
  ];
}
