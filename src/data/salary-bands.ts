// What postings pay: salary bands per currency, level and role category; per-title and per-city factors are
// applied on top by the generator (title-rules.ts, locations.ts).

import type { ExperienceLevel, RoleCategory } from '../db/enums';
import { EXPERIENCE_LEVELS, ROLE_CATEGORIES } from '../db/enums';
import type { Currency } from './locations';
import { CURRENCIES } from './locations';

/** An annual salary range: [lowest salary_min, highest salary_max], whole currency units. */
export type Band = readonly [min: number, max: number];

/**
 * Annual full-time salary bands for engineering roles in the country's best-paid city, per currency and level.
 * Both ends rise strictly with the level (a test checks it); other role categories are scaled by
 * {@link CATEGORY_PAY_PERCENT}. Sources (market figures): AUD follows "software programmers median 129,800",
 * "software engineer p25-p75 105,000-152,879" and "computing graduates about 74,400"; USD "US software
 * developers median 130,160"; GBP "London, software graduate / mid / senior 42,000 / 52,400 / 78,300" (with
 * London's factor); SGD "Singapore junior / mid / senior / lead 40-70k / 70-120k / 120-180k / 180-300k"; PHP
 * "Manila developers 720-960k"; EUR "Berlin median 77,592". CAD and NZD have no source and keep earlier values.
 */
export const SALARY_BANDS: Readonly<Record<Currency, Readonly<Record<ExperienceLevel, Band>>>> = {
  AUD: {
    Junior: [60_000, 80_000],
    'Mid-level': [95_000, 130_000],
    Senior: [125_000, 165_000],
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
    Junior: [32_000, 42_000],
    'Mid-level': [42_000, 55_000],
    Senior: [60_000, 82_000],
    Lead: [80_000, 105_000],
    Principal: [95_000, 135_000],
  },
  SGD: {
    Junior: [45_000, 68_000],
    'Mid-level': [75_000, 115_000],
    Senior: [125_000, 175_000],
    Lead: [185_000, 260_000],
    Principal: [230_000, 320_000],
  },
  PHP: {
    Junior: [360_000, 600_000],
    'Mid-level': [600_000, 1_000_000],
    Senior: [1_000_000, 1_600_000],
    Lead: [1_500_000, 2_200_000],
    Principal: [2_000_000, 3_000_000],
  },
  EUR: {
    Junior: [45_000, 58_000],
    'Mid-level': [60_000, 78_000],
    Senior: [76_000, 98_000],
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
  const band = BAND_TABLE.get(`${currency}|${level}|${category}`);
  if (!band) throw new RangeError(`no salary band for ${currency} ${level} ${category}`);
  return band;
}

/**
 * Contractors are paid a day rate; the salary columns hold its annual equivalent over this many working days
 * (about 260 weekdays less leave and public holidays).
 */
export const CONTRACT_DAYS = 220;
/** Hourly contracts (US, Canada): the annual equivalent is over this many hours (220 days of 8 hours). */
export const CONTRACT_HOURS = CONTRACT_DAYS * 8;
/**
 * Day rates above the permanent salary: market figures, "contractors day rates 650-1,600 per day (developers)",
 * against permanent developer medians of about 130,000 (590 a day over 220 days).
 */
export const CONTRACT_PREMIUM = 1.4;
/**
 * Sales base pay is about 60% of on-target earnings: market figures, "ICT sales professionals median (total pay)
 * 160,900" against base bands near 100,000 (no source for the split itself).
 */
export const SALES_OTE_FACTOR = 1.6;
