import type { ExperienceLevel, RoleCategory } from '../db/enums';
import { EXPERIENCE_LEVELS, ROLE_CATEGORIES } from '../db/enums';
import type { Currency } from './locations';
import { CURRENCIES } from './locations';

/** What postings pay: salary bands per currency, level and role category. */

/** An annual salary range: [lowest salary_min, highest salary_max], whole currency units. */
export type Band = readonly [min: number, max: number];

/**
 * Annual full-time salary bands for engineering roles, per currency and level. Both ends rise strictly with
 * the level (a test checks it); other role categories are scaled by {@link CATEGORY_PAY_PERCENT}.
 */
export const SALARY_BANDS: Readonly<Record<Currency, Readonly<Record<ExperienceLevel, Band>>>> = {
  AUD: {
    Junior: [60_000, 80_000],
    'Mid-level': [85_000, 115_000],
    Senior: [120_000, 160_000],
    Lead: [150_000, 190_000],
    Principal: [180_000, 230_000],
  },
  USD: {
    Junior: [80_000, 105_000],
    'Mid-level': [105_000, 140_000],
    Senior: [140_000, 190_000],
    Lead: [175_000, 230_000],
    Principal: [210_000, 280_000],
  },
  GBP: {
    Junior: [30_000, 42_000],
    'Mid-level': [45_000, 65_000],
    Senior: [65_000, 90_000],
    Lead: [85_000, 110_000],
    Principal: [100_000, 140_000],
  },
  SGD: {
    Junior: [48_000, 66_000],
    'Mid-level': [70_000, 100_000],
    Senior: [100_000, 145_000],
    Lead: [135_000, 180_000],
    Principal: [170_000, 230_000],
  },
  PHP: {
    Junior: [360_000, 600_000],
    'Mid-level': [600_000, 1_000_000],
    Senior: [1_000_000, 1_600_000],
    Lead: [1_500_000, 2_200_000],
    Principal: [2_000_000, 3_000_000],
  },
  EUR: {
    Junior: [45_000, 55_000],
    'Mid-level': [55_000, 72_000],
    Senior: [70_000, 92_000],
    Lead: [85_000, 110_000],
    Principal: [100_000, 135_000],
  },
  CAD: {
    Junior: [60_000, 80_000],
    'Mid-level': [80_000, 110_000],
    Senior: [110_000, 150_000],
    Lead: [140_000, 175_000],
    Principal: [165_000, 215_000],
  },
  NZD: {
    Junior: [58_000, 75_000],
    'Mid-level': [78_000, 105_000],
    Senior: [105_000, 140_000],
    Lead: [130_000, 165_000],
    Principal: [155_000, 200_000],
  },
};

/** Salaries are whole multiples of this (pesos are advertised in round ten-thousands). */
export const SALARY_STEP: Readonly<Record<Currency, number>> = {
  AUD: 1000,
  USD: 1000,
  GBP: 1000,
  SGD: 1000,
  PHP: 10_000,
  EUR: 1000,
  CAD: 1000,
  NZD: 1000,
};

/**
 * How far above the currency's junior floor a category's pay reaches, in percent of an engineering role's:
 * a band [lo, hi] becomes [floor + (lo - floor) * p/100, floor + (hi - floor) * p/100], rounded to the step,
 * so every category still starts at the junior floor and still rises with the level.
 */
export const CATEGORY_PAY_PERCENT: Readonly<Record<RoleCategory, number>> = {
  engineering: 100,
  quality_assurance: 90,
  data: 100,
  devops: 100,
  design: 90,
  product: 100,
  sales: 90,
  support: 70,
  operations: 75,
  management: 100,
  other: 85,
};

function scaledBand(currency: Currency, level: ExperienceLevel, category: RoleCategory): Band {
  const floor = SALARY_BANDS[currency].Junior[0];
  const step = SALARY_STEP[currency];
  const percent = CATEGORY_PAY_PERCENT[category];
  const scale = (v: number) => Math.round((floor + ((v - floor) * percent) / 100) / step) * step;
  const [lo, hi] = SALARY_BANDS[currency][level];
  return [scale(lo), scale(hi)];
}

const BAND_TABLE: ReadonlyMap<string, Band> = new Map(
  CURRENCIES.flatMap((c) =>
    EXPERIENCE_LEVELS.flatMap((l) =>
      ROLE_CATEGORIES.map((r) => [`${c}|${l}|${r}`, scaledBand(c, l, r)] as const),
    ),
  ),
);

/** The salary band of a role category at a level in a currency (see {@link CATEGORY_PAY_PERCENT}). */
export function salaryBand(currency: Currency, level: ExperienceLevel, category: RoleCategory): Band {
  return BAND_TABLE.get(`${currency}|${level}|${category}`) as Band;
}
