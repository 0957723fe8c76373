// The synthetic generator's distributions, precomputed at module load: how often each category, title, level
// and stack appears, with every place's salary bands resolved up front. Each weight says which market-figures
// row it follows, or that none exists. Employers, locations and mixes that depend on the ad: board.ts, mixes.ts.

import type { ExperienceLevel, RoleCategory } from '../db/enums';
import { EXPERIENCE_LEVELS, ROLE_CATEGORIES } from '../db/enums';
import type { PlainRole } from './category-profiles';
import { CATEGORY_PROFILES, DEFAULT_LEVEL_PREFIXES } from './category-profiles';
import type { Location } from './locations';
import { LOCATIONS } from './locations';
import type { Weighted } from './random';
import { weighted } from './random';
import type { Band } from './salary-bands';
import { SALARY_STEP, salaryBand } from './salary-bands';
import { TECH_STACKS } from './tech-stacks';
import { familyOf } from './title-families';
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
  support: 14,
  operations: 3,
  management: 13.5,
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
  Go: 0.5,
  Kotlin: 0.6,
  Scala: 0.5,
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

/** Everything about a location the generator needs, with its bands resolved per [level][category]. */
export interface Place {
  readonly location: Location;
  readonly step: number;
  readonly bands: readonly (readonly Band[])[];
}

/** Every location with its bands resolved. */
export const PLACES: readonly Place[] = LOCATIONS.map((location) => ({
  location,
  step: SALARY_STEP[location.currency],
  bands: EXPERIENCE_LEVELS.map((level) =>
    ROLE_CATEGORIES.map((c) => salaryBand(location.currency, level, c)),
  ),
}));

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
  /** Skills of the title's family (title-families.ts): two lead every ad; empty when it has none. */
  readonly familySkills: readonly string[];
  /** Share of its ads that name the employer's cloud. */
  readonly cloudShare: number;
}

/**
 * Share of a category's ads that name the employer's cloud (AWS, Azure or GCP, companies.ts). No source counts
 * clouds in ads; the split between them follows usage (country-terms.ts).
 */
const CLOUD_SHARE: Readonly<Partial<Record<RoleCategory, number>>> = {
  engineering: 0.5,
  devops: 0.6,
  data: 0.5,
  quality_assurance: 0.15,
};

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
    familySkills: familyOf(stem)?.skills ?? [],
    cloudShare: /iOS|Android|Swift|Kotlin|Flutter|React Native/.test(stem)
      ? 0.1
      : (CLOUD_SHARE[category] ?? 0),
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

const PLACE_BY_LABEL: ReadonlyMap<string, Place> = new Map(PLACES.map((p) => [p.location.label, p]));

/** The place of a location label (throws for one the vocabulary does not know). */
export function placeOf(label: string): Place {
  const place = PLACE_BY_LABEL.get(label);
  if (!place) throw new Error(`unknown location ${label}`);
  return place;
}
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
