import type { EmploymentType, ExperienceLevel, PostingStatus, RoleCategory, WorkSetup } from '../db/enums';
import { EXPERIENCE_LEVELS, ROLE_CATEGORIES } from '../db/enums';
import { CATEGORY_PROFILES, DEFAULT_LEVEL_PREFIXES } from './category-profiles';
import type { LocationLabel } from './locations';
import { LOCATIONS } from './locations';
import type { Weighted } from './random';
import { weighted } from './random';
import type { Band } from './salary-bands';
import { SALARY_STEP, salaryBand } from './salary-bands';
import type { StackRole, TechStack } from './tech-stacks';
import { TECH_STACKS } from './tech-stacks';

/**
 * The synthetic generator's distributions, precomputed at module load: how often each category, level, stack,
 * location, work setup, employment type and status appears, with every location's salary bands and every
 * category's titles resolved up front.
 */

const CATEGORY_WEIGHTS: Readonly<Record<RoleCategory, number>> = {
  engineering: 34,
  quality_assurance: 8,
  data: 10,
  devops: 8,
  design: 6,
  product: 6,
  sales: 7,
  support: 8,
  operations: 5,
  management: 5,
  other: 3,
};

const LEVEL_WEIGHTS: Readonly<Record<ExperienceLevel, number>> = {
  Junior: 15,
  'Mid-level': 32,
  Senior: 30,
  Lead: 14,
  Principal: 9,
};

/** Popular stacks appear more often, niche ones less; any stack not listed has weight 1. */
const STACK_WEIGHTS: Readonly<Record<string, number>> = {
  React: 4,
  Python: 4,
  TypeScript: 3,
  Java: 3,
  'Node.js': 3,
  AWS: 3,
  SQL: 3,
  Go: 2,
  '.NET': 2,
  Kubernetes: 2,
  Terraform: 2,
  Playwright: 2,
  Cypress: 2,
  Selenium: 2,
  Scala: 0.6,
  Elixir: 0.5,
  Appium: 0.6,
  'Apache Spark': 0.8,
};

const LOCATION_WEIGHTS: Readonly<Record<LocationLabel, number>> = {
  'Sydney, NSW': 20,
  'Melbourne, VIC': 16,
  'Brisbane, QLD': 9,
  'Perth, WA': 5,
  'Adelaide, SA': 4,
  'Canberra, ACT': 4,
  'Hobart, TAS': 2,
  'Gold Coast, QLD': 2,
  'Remote Australia': 12,
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

/** Work setups; "Remote Australia" postings skip this draw and are always remote. */
export const SETUPS = weighted<WorkSetup>([
  ['hybrid', 50],
  ['onsite', 30],
  ['remote', 20],
]);
/** Employment types. */
export const EMPLOYMENT = weighted<EmploymentType>([
  ['permanent', 72],
  ['contract', 20],
  ['part_time', 8],
]);
/** Posting statuses: mostly active. */
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
  readonly label: string;
  readonly city: string;
  readonly currency: string;
  readonly step: number;
  readonly remoteOnly: boolean;
  readonly bands: readonly (readonly Band[])[];
}

/** Locations, weighted towards the big Australian cities. */
export const PLACES = weighted<Place>(
  LOCATIONS.map((l) => [
    {
      label: l.label,
      city: l.label.split(',')[0] as string,
      currency: l.currency,
      step: SALARY_STEP[l.currency],
      remoteOnly: l.remoteOnly,
      bands: EXPERIENCE_LEVELS.map((level) => ROLE_CATEGORIES.map((c) => salaryBand(l.currency, level, c))),
    },
    LOCATION_WEIGHTS[l.label],
  ]),
);

/** One (category, stack-or-none) pairing: the titles per level and the skill pools to draw from. */
export interface Slot {
  readonly stack: string | null;
  readonly stackSkills: readonly string[];
  /** Titles per level index; empty for a level the slot never uses. */
  readonly titles: readonly (readonly string[])[];
}

/** A role category with its level and stack distributions, drawn first for every posting. */
export interface CategoryPlan {
  readonly category: RoleCategory;
  readonly categoryIndex: number;
  readonly levels: Weighted<number>;
  readonly stackShare: number;
  readonly stacks: Weighted<Slot> | null;
  readonly none: Slot;
  readonly skills: readonly string[];
  /** Levels that always have whole titles and no stack ("Head of Engineering"). */
  readonly wholeTitleLevels: ReadonlySet<number>;
}

function slot(category: RoleCategory, stack: TechStack | null, role: StackRole | null): Slot {
  const profile = CATEGORY_PROFILES[category];
  const stems = role ? role.titles : profile.titles;
  const titles = EXPERIENCE_LEVELS.map((level) => {
    if (!profile.levels.includes(level)) return [];
    const whole = profile.titlesByLevel?.[level];
    if (whole) return stack ? [] : whole;
    const prefixes = profile.levelPrefixes?.[level] ?? DEFAULT_LEVEL_PREFIXES[level];
    return prefixes.flatMap((p) => stems.map((s) => p + s));
  });
  return { stack: stack?.name ?? null, stackSkills: role?.skills ?? [], titles };
}

/** Role categories, weighted towards engineering. */
export const PLANS = weighted<CategoryPlan>(
  ROLE_CATEGORIES.map((category, categoryIndex) => {
    const profile = CATEGORY_PROFILES[category];
    const fitting = TECH_STACKS.flatMap((s) => {
      const role = s.roles[category];
      return role ? [[slot(category, s, role), STACK_WEIGHTS[s.name] ?? 1] as const] : [];
    });
    const plan: CategoryPlan = {
      category,
      categoryIndex,
      levels: weighted(profile.levels.map((l) => [EXPERIENCE_LEVELS.indexOf(l), LEVEL_WEIGHTS[l]] as const)),
      stackShare: fitting.length > 0 ? profile.stackShare : 0,
      stacks: fitting.length > 0 ? weighted(fitting) : null,
      none: slot(category, null, null),
      skills: profile.skills,
      wholeTitleLevels: new Set(EXPERIENCE_LEVELS.flatMap((l, i) => (profile.titlesByLevel?.[l] ? [i] : []))),
    };
    return [plan, CATEGORY_WEIGHTS[category]] as const;
  }),
);
