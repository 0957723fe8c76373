// The synthetic generator's distributions, precomputed at module load: how often each category, title, level,
// stack, location, work setup, employment type and status appears, with every place's salary bands and
// employers resolved up front. Each weight says which market-figures row it follows, or that none exists.

import type { EmploymentType, ExperienceLevel, PostingStatus, RoleCategory, WorkSetup } from '../db/enums';
import { EXPERIENCE_LEVELS, ROLE_CATEGORIES } from '../db/enums';
import type { PlainRole } from './category-profiles';
import { CATEGORY_PROFILES, DEFAULT_LEVEL_PREFIXES } from './category-profiles';
import type { Company } from './companies';
import { COMPANIES, postingWeight } from './companies';
import type { Location } from './locations';
import { LOCATIONS } from './locations';
import type { Weighted } from './random';
import { weighted } from './random';
import type { Band } from './salary-bands';
import { SALARY_STEP, salaryBand } from './salary-bands';
import { TECH_STACKS } from './tech-stacks';
import type { MissionSet } from './title-rules';
import { allowedLevels, fittingSkills, leadsPeople, missionSetOf, payTargets } from './title-rules';

/**
 * Categories, weighted so that titles land on "share of ICT ads by role" (SEEK JobWatch): business/systems
 * analysts 10.8% (product), help desk 10.2% (support), project managers 7.5% (management). The developer row
 * (16%) counts SEEK's "developers/programmers" only, not its software engineers, architects or testers: not
 * compared. The other categories have no source and keep their earlier proportions.
 */
export const CATEGORY_WEIGHTS: Readonly<Record<RoleCategory, number>> = {
  engineering: 30,
  quality_assurance: 7,
  data: 8,
  devops: 9,
  design: 4,
  product: 17,
  sales: 4,
  support: 12.5,
  operations: 3,
  management: 12.5,
  other: 4,
};

/**
 * Levels. Market figures, "level in titles": level-marked titles about 4x more often senior than junior, and
 * 42% of tech postings need 5+ years (Senior and up); hiringlab.org, US, the only source. Principal and Lead
 * split the senior end with no source.
 */
export const LEVEL_WEIGHTS: Readonly<Record<ExperienceLevel, number>> = {
  Junior: 7,
  'Mid-level': 51,
  Senior: 27,
  Lead: 9,
  Principal: 6,
};

/**
 * Stacks. Market figures, "stacks in Australian ads": JavaScript, Java and C# each over 1,200 SEEK ads, ".NET
 * developer" the top tech occupation; Go, Kotlin, Scala, Rust under 170 (Rust 2), so each at most 1/7 of Java.
 * JavaScript's frameworks share its weight (React ahead, per "React 41.6%", Stack Overflow 2021). Stacks not
 * listed (Ruby, PHP, Swift, C++, Elixir and the tools) have no source and weight 1.
 */
export const STACK_WEIGHTS: Readonly<Record<string, number>> = {
  '.NET': 9,
  Java: 8,
  React: 6,
  TypeScript: 3,
  'Node.js': 3,
  Angular: 2,
  Vue: 1.5,
  Python: 5,
  Go: 0.6,
  Kotlin: 0.8,
  Scala: 0.6,
  Rust: 0.2,
  Elixir: 0.3,
  AWS: 3,
  Azure: 2.5,
  SQL: 3,
  'Power BI': 2,
  Kubernetes: 1.5,
  Terraform: 1.5,
  Playwright: 2,
  Cypress: 2,
  Selenium: 2,
  Appium: 0.6,
  'Apache Spark': 0.8,
};

/** Locations. No source for the split between cities: weighted by the size of each city's tech job market. */
const LOCATION_WEIGHTS: Readonly<Record<string, number>> = {
  'Sydney, NSW': 22,
  'Melbourne, VIC': 18,
  'Brisbane, QLD': 9,
  'Perth, WA': 5,
  'Adelaide, SA': 4,
  'Canberra, ACT': 5,
  'Hobart, TAS': 1.5,
  'Gold Coast, QLD': 1.5,
  'Remote Australia': 2,
  'San Francisco, CA': 4,
  'New York, NY': 4,
  'Austin, TX': 2,
  'Seattle, WA': 2,
  'London, UK': 5,
  'Manchester, UK': 2,
  Singapore: 4,
  'Manila, Philippines': 3,
  'Berlin, Germany': 3,
  'Amsterdam, Netherlands': 2,
  'Toronto, Canada': 3,
  'Auckland, New Zealand': 3,
  'Wellington, New Zealand': 2,
};

/**
 * Work setups in Australian cities. Market figures: "Australian jobs advertised as fully remote 6%" (LinkedIn)
 * (with "Remote Australia", about 3% of Australian postings); remote or hybrid under the 43.1% of the top WFH
 * industry, ICT being second (SEEK).
 */
const AUSTRALIAN_SETUPS = weighted<WorkSetup>([
  ['remote', 3.2],
  ['hybrid', 33],
  ['onsite', 63.8],
]);
/** Elsewhere: "13% globally" fully remote (LinkedIn); the hybrid/onsite split has no source. */
const OTHER_SETUPS = weighted<WorkSetup>([
  ['remote', 13],
  ['hybrid', 45],
  ['onsite', 42],
]);

/**
 * Employment types. Market figures: "ICT ads: full-time vs temporary/part-time/casual/contract 58% vs 42%"
 * (SEEK), and part-time 6-7% for software programmers and ICT support (Jobs and Skills Australia).
 */
export const EMPLOYMENT = weighted<EmploymentType>([
  ['permanent', 58],
  ['contract', 35.5],
  ['part_time', 6.5],
]);
/** Contract lengths in months; people managers are offered a year or more. No source. */
export const CONTRACT_MONTHS: readonly number[] = [3, 6, 6, 9, 12];
export const MANAGER_CONTRACT_MONTHS: readonly number[] = [12, 18];

/** Posting statuses: mostly active (no source). */
export const STATUSES = weighted<PostingStatus>([
  ['active', 90],
  ['paused', 4],
  ['draft', 3],
  ['closed', 3],
]);
/** Why a cancelled (closed) posting was cancelled. */
export const CANCELLATION_REASONS = [
  'Budget freeze for the rest of the financial year',
  'Role filled internally',
  'Hiring paused after a restructure',
  'Position no longer required',
] as const;

/** Everything about a location the generator needs, with its bands resolved per [level][category]. */
export interface Place {
  readonly location: Location;
  readonly step: number;
  readonly bands: readonly (readonly Band[])[];
  readonly setups: Weighted<WorkSetup>;
  /** Employers that hire here, weighted by size. */
  readonly companies: Weighted<Company>;
}

function companiesIn(location: Location): Weighted<Company> {
  const here = COMPANIES.filter((c) =>
    location.remoteOnly ? c.country === location.country : c.cities.includes(location.label),
  );
  if (here.length === 0) throw new Error(`no synthetic employer hires in ${location.label}`);
  return weighted(here.map((c) => [c, postingWeight(c.size)] as const));
}

/** Locations, weighted towards the big Australian cities. */
export const PLACES = weighted<Place>(
  LOCATIONS.map((location) => [
    {
      location,
      step: SALARY_STEP[location.currency],
      bands: EXPERIENCE_LEVELS.map((level) =>
        ROLE_CATEGORIES.map((c) => salaryBand(location.currency, level, c)),
      ),
      setups: location.australian ? AUSTRALIAN_SETUPS : OTHER_SETUPS,
      companies: companiesIn(location),
    },
    LOCATION_WEIGHTS[location.label] ?? 1,
  ]),
);

/** A title stem a posting may carry, with its stack (if any), levels, skills, pay and missions. */
export interface TitleChoice {
  readonly stem: string;
  readonly stack: string | null;
  readonly stackSkills: readonly string[];
  /** Listed right after the stack on every posting (React -> JavaScript). */
  readonly core: readonly string[];
  readonly categorySkills: readonly string[];
  /** Level indices it is advertised at, weighted by {@link LEVEL_WEIGHTS}. */
  readonly levels: Weighted<number>;
  /** Pay factor per level index against the category band (title-rules.ts). */
  readonly payFactor: readonly number[];
  readonly missions: MissionSet;
  readonly peopleManager: boolean;
}

/** A role category with its titles, drawn first for every posting. */
export interface CategoryPlan {
  readonly category: RoleCategory;
  readonly categoryIndex: number;
  readonly stackShare: number;
  readonly stacks: Weighted<TitleChoice> | null;
  readonly plain: Weighted<TitleChoice>;
  /** Level prefixes per level index. */
  readonly prefixes: readonly (readonly string[])[];
}

const middle = ([lo, hi]: Band) => (lo + hi) / 2;

function titleChoice(
  category: RoleCategory,
  stem: string,
  levels: readonly ExperienceLevel[],
  stack: string | null,
  stackSkills: readonly string[],
  core: readonly string[],
  ownSkills: readonly string[] | undefined,
): TitleChoice {
  const profile = CATEGORY_PROFILES[category];
  const allowed = allowedLevels(stem, levels);
  if (allowed.length === 0) throw new Error(`title "${stem}" has no level it may be advertised at`);
  const targets = payTargets(stem);
  return {
    stem,
    stack,
    stackSkills,
    core,
    categorySkills: ownSkills ?? fittingSkills(stem, profile.skills),
    levels: weighted(allowed.map((l) => [EXPERIENCE_LEVELS.indexOf(l), LEVEL_WEIGHTS[l]] as const)),
    payFactor: EXPERIENCE_LEVELS.map((l) => {
      const target = targets?.[l];
      return target === undefined ? 1 : target / middle(salaryBand('AUD', l, category));
    }),
    missions: missionSetOf(category, stem),
    peopleManager: leadsPeople(category, stem),
  };
}

function plainChoice(category: RoleCategory, role: PlainRole): readonly [TitleChoice, number] {
  const levels = role.levels ?? CATEGORY_PROFILES[category].levels;
  return [titleChoice(category, role.title, levels, null, [], [], role.skills), role.weight] as const;
}

/** Role categories, weighted by {@link CATEGORY_WEIGHTS}. */
export const PLANS = weighted<CategoryPlan>(
  ROLE_CATEGORIES.map((category, categoryIndex) => {
    const profile = CATEGORY_PROFILES[category];
    // Stacked managers lead teams ("Engineering Manager (Go)"): whole titles are for Principal only.
    const stackLevels = category === 'management' ? (['Senior', 'Lead'] as const) : profile.levels;
    const fitting = TECH_STACKS.flatMap((s) => {
      const role = s.roles[category];
      if (!role) return [];
      const weight = (STACK_WEIGHTS[s.name] ?? 1) / role.titles.length;
      return role.titles.map(
        (t) =>
          [
            titleChoice(category, t, stackLevels, s.name, role.skills, role.core ?? [], undefined),
            weight,
          ] as const,
      );
    });
    const plan: CategoryPlan = {
      category,
      categoryIndex,
      stackShare: fitting.length > 0 ? profile.stackShare : 0,
      stacks: fitting.length > 0 ? weighted(fitting) : null,
      plain: weighted(profile.roles.map((r) => plainChoice(category, r))),
      prefixes: EXPERIENCE_LEVELS.map((l) => profile.levelPrefixes?.[l] ?? DEFAULT_LEVEL_PREFIXES[l]),
    };
    return [plan, CATEGORY_WEIGHTS[category]] as const;
  }),
);

const PLACE_BY_LABEL: ReadonlyMap<string, Place> = new Map(PLACES.items.map((p) => [p.location.label, p]));
const CHOICES: ReadonlyMap<string, TitleChoice> = new Map(
  PLANS.items.flatMap((plan) =>
    [...(plan.stacks?.items ?? []), ...plan.plain.items].map((c) => [
      `${plan.category}|${c.stack}|${c.stem}`,
      c,
    ]),
  ),
);

/** The place, plan and title choice a synthetic posting was drawn from, or undefined if it was not. */
export function drawnFrom(p: {
  location: string;
  role_category: RoleCategory;
  tech_stack: string | null;
  title: string;
  experience_level: ExperienceLevel;
}): { place: Place; plan: CategoryPlan; choice: TitleChoice; level: number } | undefined {
  const place = PLACE_BY_LABEL.get(p.location);
  const plan = PLANS.items.find((x) => x.category === p.role_category);
  const level = EXPERIENCE_LEVELS.indexOf(p.experience_level);
  if (!place || !plan || level < 0) return undefined;
  for (const prefix of plan.prefixes[level]) {
    if (!p.title.startsWith(prefix)) continue;
    const choice = CHOICES.get(`${p.role_category}|${p.tech_stack}|${p.title.slice(prefix.length)}`);
    if (choice) return { place, plan, choice, level };
  }
  return undefined;
}
