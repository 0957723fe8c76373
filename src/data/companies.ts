// Synthetic employers, each with an identity its postings agree with: one industry, a home country and one to
// three of its cities, a size (how many ads it posts and in how many role categories), one work policy and
// one cloud. The pool is fixed (built from a constant seed), so every data set draws from the same companies.

import type { RoleCategory } from '../db/enums';
import { ROLE_CATEGORIES } from '../db/enums';
import {
  CLEARED_INDUSTRIES,
  COUNTRY_INDUSTRIES,
  GENERAL_SUFFIXES,
  INDUSTRIES,
  INDUSTRY_SUFFIXES,
  NAME_WORDS,
  SECOND_WORDS,
} from './company-names';
import type { WorkPolicy } from './country-terms';
import { CLOUD_USAGE, POLICY_MIX } from './country-terms';
import { CURATED_POSTINGS } from './curated';
import { CATEGORY_WEIGHTS } from './distributions';
import { LOCATION_WEIGHTS, LOCATIONS } from './locations';
import type { Weighted } from './random';
import { fnv1a, Random, weighted } from './random';

/** How big an employer is: it decides how many ads it posts, in how many cities and role categories. */
export type CompanySize = 'startup' | 'scale-up' | 'mid-size' | 'enterprise';

/** One synthetic employer. */
export interface Company {
  readonly name: string;
  /** What it does, as a description's mission names it ("payments", "aged care"). */
  readonly industry: string;
  readonly country: string;
  /** `location` labels of the cities it hires in (a remote-first Australian employer also posts "Remote Australia"). */
  readonly cities: readonly string[];
  readonly size: CompanySize;
  /** The role categories it advertises in: a startup one or two, an enterprise most. */
  readonly categories: readonly RoleCategory[];
  /** Where its people work; its ads follow it (mixes.ts). */
  readonly policy: WorkPolicy;
  /** The cloud its technical ads name. */
  readonly cloud: string;
  /** A government or defence employer: its ads ask for a security clearance. */
  readonly cleared: boolean;
}

/**
 * Employers per country: about one per 18 ads at 50,000 postings, in proportion to the country's share of
 * locations (LOCATION_WEIGHTS). No source counts employers per board.
 */
const EMPLOYERS_PER_WEIGHT = 26;

/**
 * Size mix, ad weight (ads per round of the board's schedule, board.ts), how many cities and how many role
 * categories. No source: startups post a few ads in one or two categories, enterprises many across most.
 */
export const SIZES: readonly (readonly [
  size: CompanySize,
  share: number,
  adWeight: number,
  maxCities: number,
  categories: readonly [min: number, max: number],
])[] = [
  ['startup', 0.4, 1, 1, [1, 2]],
  ['scale-up', 0.3, 2, 2, [2, 4]],
  ['mid-size', 0.2, 4, 2, [3, 6]],
  ['enterprise', 0.1, 10, 3, [6, 11]],
];

/** The size for a uniform draw `u` in [0, 1). */
function sizeOf(u: number): (typeof SIZES)[number] {
  let upTo = 0;
  for (const s of SIZES) {
    upTo += s[1];
    if (u < upTo) return s;
  }
  return SIZES[SIZES.length - 1];
}

/**
 * How much more often a country's employers hire in a category (no source): Manila's IT market is built on
 * support and testing centres ("Manila all IT 658k" sits well under its developers' 720-960k).
 */
export const COUNTRY_CATEGORY_BIAS: Readonly<Record<string, Partial<Record<RoleCategory, number>>>> = {
  Philippines: { support: 6, quality_assurance: 3 },
};

/** Categories drawn by weight without replacement (public-sector employers do not sell). */
function drawCategories(rng: Random, count: number, cleared: boolean, country: string): RoleCategory[] {
  const left = ROLE_CATEGORIES.filter((c) => !(cleared && c === 'sales'));
  const bias = COUNTRY_CATEGORY_BIAS[country] ?? {};
  const out: RoleCategory[] = [];
  while (out.length < count && left.length > 0) {
    const i = rng.chooseIndex(left.map((c) => CATEGORY_WEIGHTS[c] * (bias[c] ?? 1)));
    out.push(left[i]);
    left.splice(i, 1);
  }
  return ROLE_CATEGORIES.filter((c) => out.includes(c));
}

/** Words that start a curated company's name: a synthetic company never shares them ("Spreewerk"). */
function curatedWords(curated: readonly string[]): Set<string> {
  const words = new Set<string>();
  for (const name of curated) {
    const parts = name.split(' ');
    for (let n = 1; n <= parts.length; n++) words.add(parts.slice(0, n).join(' '));
  }
  return words;
}

function industriesOf(country: string, list: readonly string[]): string[] {
  return list.filter((i) => (COUNTRY_INDUSTRIES[i] ?? country) === country);
}

function buildPool(curated: readonly string[]): Company[] {
  const pool: Company[] = [];
  const taken = new Set<string>(curated);
  const banned = curatedWords(curated);
  const countries = [...new Set(LOCATIONS.map((l) => l.country))];
  for (const country of countries) {
    const rng = new Random(fnv1a(`companies:${country}`));
    const places = LOCATIONS.filter((l) => l.country === country && !l.remoteOnly);
    const cityTable = weighted(places.map((l) => [l.label, LOCATION_WEIGHTS[l.label] ?? 1] as const));
    const countryWeight = LOCATIONS.filter((l) => l.country === country).reduce(
      (sum, l) => sum + (LOCATION_WEIGHTS[l.label] ?? 1),
      0,
    );
    const want = Math.round(countryWeight * EMPLOYERS_PER_WEIGHT);
    const words = NAME_WORDS[country].filter((w) => !banned.has(w));
    const general = industriesOf(country, [
      ...INDUSTRIES,
      ...(country === 'Australia' ? ['superannuation'] : []),
    ]);
    const clearedIndustries = CLEARED_INDUSTRIES[country] ?? [];
    const policies = POLICY_MIX[country];
    for (let made = 0, tries = 0; made < want && tries < want * 50; tries++) {
      const first = rng.pick(words);
      const place = tries > want * 2 ? rng.pick(SECOND_WORDS[country]) : '';
      // "Dingo Creek Software", never "Dingo Creek Creek Software".
      const word = place === '' || first.includes(place) ? `${first} ` : `${first} ${place} `;
      const home = rng.choose(cityTable);
      // Canberra's ICT employers are mostly the federal government and defence; elsewhere a few are public.
      const cleared = clearedIndustries.length > 0 && rng.next() < (home === 'Canberra, ACT' ? 0.7 : 0.04);
      const industrySuffix = !cleared && rng.next() < 0.3 ? rng.pick(INDUSTRY_SUFFIXES) : undefined;
      const suffix = industrySuffix ? industrySuffix[0] : rng.pick(GENERAL_SUFFIXES);
      const name = `${word}${suffix}`;
      if (taken.has(name)) continue;
      const industries = cleared
        ? clearedIndustries
        : industriesOf(country, industrySuffix ? industrySuffix[1] : general);
      if (industries.length === 0) continue;
      taken.add(name);
      const [size, , , maxCities, [minCategories, maxCategories]] = sizeOf(rng.next());
      const cities = [home];
      const count = Math.min(places.length, 1 + rng.int(maxCities));
      while (cities.length < count) {
        const city = rng.choose(cityTable);
        if (!cities.includes(city)) cities.push(city);
      }
      const policy = rng.choose(policies);
      if (policy === 'remote-first' && country === 'Australia') cities.push('Remote Australia');
      pool.push({
        name,
        industry: rng.pick(industries),
        country,
        cities,
        size,
        categories: drawCategories(
          rng,
          minCategories + rng.int(maxCategories - minCategories + 1),
          cleared,
          country,
        ),
        policy,
        cloud: rng.choose(CLOUD_USAGE),
        cleared,
      });
      made++;
    }
  }
  return pool;
}

/** How much more often than elsewhere an employer hires in a category ({@link COUNTRY_CATEGORY_BIAS}). */
export function categoryBias(company: Company, category: RoleCategory): number {
  return COUNTRY_CATEGORY_BIAS[company.country]?.[category] ?? 1;
}

/** Every synthetic employer. */
export const COMPANIES: readonly Company[] = buildPool(CURATED_POSTINGS.map((p) => p.company));

/** How many ads an employer of this size posts per round of the board's schedule, relative to a startup. */
export function adWeight(size: CompanySize): number {
  return SIZES.find(([s]) => s === size)?.[2] ?? 1;
}

/** A table of the employer's cities, by the weight of each location. */
export function cityTable(company: Company): Weighted<string> {
  return weighted(company.cities.map((c) => [c, LOCATION_WEIGHTS[c] ?? 1] as const));
}
