// What the market check's figures are made of: the fields of a row it reads, targets, measures, and the small
// predicates the figures are written with (share-figures.ts, pay-figures.ts, board-figures.ts).

import { locationOf } from '../data/locations';

/** The fields of a posting the market check reads. */
export interface MarketRow {
  title: string;
  location: string;
  role_category: string;
  tech_stack: string | null;
  employment_type: string;
  work_setup: string;
  salary_min: number | null;
  salary_max: number | null;
  salary_currency: string;
  experience_level: string | null;
  /** On-target earnings stated in the description (sales), or null. */
  ote: number | null;
  company: string;
  description: string;
  required_skills: readonly string[];
  status: string;
  is_cancelled: boolean;
  /** created_at in epoch milliseconds, or null. */
  created_at: number | null;
  /** Days from created_at to the check's now, or null. */
  age_days: number | null;
}

/** What a figure is: a point value, a published range, or a bound the measure must stay under or over. */
export type Target =
  | { kind: 'value'; value: number }
  | { kind: 'range'; min: number; max: number }
  | { kind: 'atMost'; value: number }
  | { kind: 'atLeast'; value: number };

/** How a figure is measured: a share of rows, a median or mean of pay, or a ratio of two measures. */
export type Measure =
  | { kind: 'share'; of: (r: MarketRow) => boolean; where: (r: MarketRow) => boolean }
  | { kind: 'median' | 'mean'; value: (r: MarketRow) => number | null; where: (r: MarketRow) => boolean }
  | { kind: 'countRatio'; top: (r: MarketRow) => boolean; bottom: (r: MarketRow) => boolean }
  | { kind: 'maxCountRatio'; tops: readonly ((r: MarketRow) => boolean)[]; bottom: (r: MarketRow) => boolean }
  | { kind: 'leadOver'; leader: string; of: (r: MarketRow) => string | null }
  /** How many rows match (a flaw the board must not have: target at most 0). */
  | { kind: 'count'; of: (r: MarketRow) => boolean }
  /** The largest number of rows sharing a key (null: not counted). */
  | { kind: 'groupMax'; key: (r: MarketRow) => string | null }
  /** The largest value over the rows where it applies. */
  | { kind: 'max'; value: (r: MarketRow) => number | null; where: (r: MarketRow) => boolean }
  | {
      kind: 'medianRatio';
      value: (r: MarketRow) => number | null;
      top: (r: MarketRow) => boolean;
      bottom: (r: MarketRow) => boolean;
    };

/** One published figure and how the data is measured against it. */
export interface MarketFigure {
  /** Short label, as the report prints it. */
  label: string;
  /** The reference row (measure, source). */
  source: string;
  /** Percent shares are given as fractions (0.06 for 6%). */
  target: Target;
  measure: Measure;
}

export const australian = (r: MarketRow) => locationOf(r.location)?.australian === true;
export const paid = (r: MarketRow) => r.salary_min !== null && r.salary_max !== null;
/** Salary figures are for salaried postings: a contract's columns hold its day rate's annual equivalent. */
export const salaried = (r: MarketRow) => paid(r) && r.employment_type !== 'contract';
export const midpoint = ({ salary_min: lo, salary_max: hi }: MarketRow) =>
  lo !== null && hi !== null ? (lo + hi) / 2 : null;
export const audSalaried = (r: MarketRow) => australian(r) && salaried(r) && r.salary_currency === 'AUD';
export const titled = (pattern: RegExp) => (r: MarketRow) => pattern.test(r.title);
export const level = (l: string) => (r: MarketRow) => r.experience_level === l;
export const at = (label: string) => (r: MarketRow) => r.location === label;
export const inCountry = (country: string) => (r: MarketRow) => locationOf(r.location)?.country === country;
export const category = (c: string) => (r: MarketRow) => r.role_category === c;
export const stack = (s: string) => (r: MarketRow) => r.tech_stack === s;
export const both =
  (...tests: ((r: MarketRow) => boolean)[]) =>
  (r: MarketRow) =>
    tests.every((t) => t(r));
export const value = (v: number): Target => ({ kind: 'value', value: v });
export const range = (min: number, max: number): Target => ({ kind: 'range', min, max });
export const TECH = new Set(['engineering', 'quality_assurance', 'data', 'devops']);
export const median = (where: (r: MarketRow) => boolean): Measure => ({
  kind: 'median',
  value: midpoint,
  where,
});
export const engineeringIn = (where: (r: MarketRow) => boolean) =>
  both(category('engineering'), salaried, where);

export function perLevel(
  label: string,
  source: string,
  where: (r: MarketRow) => boolean,
  targets: readonly (readonly [string, Target])[],
): MarketFigure[] {
  return targets.map(([l, target]) => ({
    label: `${label}, ${l}`,
    source,
    target,
    measure: median(both(where, level(l))),
  }));
}
