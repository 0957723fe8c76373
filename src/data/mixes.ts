// Mixes that depend on the ad: how likely a contract or part-time role is given the level, the kind of role and
// the country, and which status an ad has given how often its company has advertised it before.

import type { EmploymentType, ExperienceLevel, PostingStatus, RoleCategory } from '../db/enums';
import { CONTRACT_FACTOR } from './country-terms';
import type { Weighted } from './random';
import { weighted } from './random';

/**
 * Contract share per level in Australia. Market figures: "ICT ads: full-time vs temporary/part-time/casual/
 * contract 58% vs 42%" (SEEK) for the whole; how it splits by level has no source: graduates and juniors are
 * hired permanent, contractors are mostly mid-level and senior specialists, and the most senior roles are
 * mostly permanent.
 */
const CONTRACT_BY_LEVEL: Readonly<Record<ExperienceLevel, number>> = {
  Junior: 0.08,
  'Mid-level': 0.37,
  Senior: 0.41,
  Lead: 0.34,
  Principal: 0.16,
};

/**
 * Contract share relative to the level's, per category (no source): sales is paid on commission and rarely
 * contracts; project, analysis and delivery work contracts most.
 */
const CONTRACT_BY_CATEGORY: Readonly<Record<RoleCategory, number>> = {
  engineering: 1,
  quality_assurance: 1.05,
  data: 1,
  devops: 1.05,
  design: 0.9,
  product: 1.1,
  sales: 0.15,
  support: 0.75,
  operations: 0.85,
  management: 1.15,
  other: 0.9,
};

/** People managers and heads are hired permanent: their contract share is this fraction of the level's. */
const PEOPLE_MANAGER_CONTRACT = 0.3;

/**
 * Part-time share: market figures, "part-time share, software programmers / ICT support and test 6% / 7%"
 * (Jobs and Skills Australia); people managers rarely (no source).
 */
const PART_TIME = 0.065;
const PEOPLE_MANAGER_PART_TIME = 0.02;

const mixes = new Map<string, Weighted<EmploymentType>>();

/** The employment-type table of an ad: its country, level, category and whether it leads people. */
export function employmentMix(
  country: string,
  level: ExperienceLevel,
  category: RoleCategory,
  peopleManager: boolean,
): Weighted<EmploymentType> {
  const key = `${country}|${level}|${category}|${peopleManager}`;
  let mix = mixes.get(key);
  if (mix === undefined) {
    mix = buildMix(country, level, category, peopleManager);
    mixes.set(key, mix);
  }
  return mix;
}

function buildMix(
  country: string,
  level: ExperienceLevel,
  category: RoleCategory,
  peopleManager: boolean,
): Weighted<EmploymentType> {
  const contract =
    CONTRACT_BY_LEVEL[level] *
    CONTRACT_BY_CATEGORY[category] *
    (CONTRACT_FACTOR[country] ?? 1) *
    (peopleManager ? PEOPLE_MANAGER_CONTRACT : 1);
  const partTime = peopleManager ? PEOPLE_MANAGER_PART_TIME : PART_TIME;
  return weighted<EmploymentType>([
    ['permanent', 1 - contract - partTime],
    ['contract', contract],
    ['part_time', partTime],
  ]);
}

/** Contract lengths in months; people managers are offered a year or more. No source. */
export const CONTRACT_MONTHS: readonly number[] = [3, 6, 6, 9, 12];
export const MANAGER_CONTRACT_MONTHS: readonly number[] = [12, 18];

/** How many ads for the same title in the same city a company may have open at once (board.ts). */
export const MAX_OPEN_REPEATS = 3;

/** Statuses of a company's first {@link MAX_OPEN_REPEATS} ads for a title and city: mostly active (no source). */
export const STATUSES = weighted<PostingStatus>([
  ['active', 90],
  ['paused', 4],
  ['draft', 3],
  ['closed', 3],
]);
/** Statuses of its later ads for the same title and city: earlier rounds of hiring, so closed or paused. */
export const REPEAT_STATUSES = weighted<PostingStatus>([
  ['closed', 85],
  ['paused', 15],
]);

/**
 * Share of closed ads that were cancelled rather than filled or expired. No source counts cancellations; most
 * ads close because they were filled or ran their 30 days.
 */
export const CANCELLED_SHARE = 0.12;

/** Why a cancelled (closed) posting was cancelled. */
export const CANCELLATION_REASONS = [
  'Budget freeze for the rest of the financial year',
  'Role filled internally',
  'Hiring paused after a restructure',
  'Position no longer required',
] as const;
