// The synthetic generator: posting i is a pure function of (i, randomSeed), drawn from the distributions in
// distributions.ts and written up by descriptions.ts.

import type { EmploymentType } from '../db/enums';
import { EXPERIENCE_LEVELS } from '../db/enums';
import { drawAges } from './ages';
import { describePosting } from './descriptions';
import type { Place, TitleChoice } from './distributions';
import {
  CANCELLATION_REASONS,
  CONTRACT_MONTHS,
  EMPLOYMENT,
  MANAGER_CONTRACT_MONTHS,
  PLACES,
  STATUSES,
} from './distributions';
import { Random, rowSeed } from './random';
import type { RowChoice } from './row-tables';
import { ROW_PLANS } from './row-tables';
import type { Band } from './salary-bands';
import { CONTRACT_DAYS, CONTRACT_PREMIUM, SALES_OTE_FACTOR } from './salary-bands';
import type { SeedPosting } from './types';

/** Bump when the output for a given (index, randomSeed) changes. */
export const GENERATOR_VERSION = 3;
/** The seed a synthetic data set uses unless one is passed in. */
export const DEFAULT_RANDOM_SEED = 'job-postings-seed';

const scratch = new Int32Array(32);

/** Appends up to `n` skills from `pool` that `out` does not have yet, in random order. */
function drawSkills(rng: Random, out: string[], pool: readonly string[], n: number): void {
  const len = pool.length;
  for (let i = 0; i < len; i++) scratch[i] = i;
  let added = 0;
  for (let i = 0; i < len && added < n; i++) {
    const j = i + rng.int(len - i);
    const chosen = scratch[j];
    scratch[j] = scratch[i];
    const skill = pool[chosen];
    if (!out.includes(skill)) {
      out.push(skill);
      added++;
    }
  }
}

/** 4-8 skills: the stack and its core skills first, then its companions and the skills of the title's category that fit it. */
function skillsFor(rng: Random, { choice, lead }: RowChoice): string[] {
  const count = 4 + rng.int(5);
  if (choice.stack === null) {
    const out: string[] = [];
    drawSkills(rng, out, choice.categorySkills, count);
    return out;
  }
  const out = lead.slice();
  const fromCategory = rng.int(3);
  drawSkills(rng, out, choice.stackSkills, count - out.length - fromCategory);
  drawSkills(rng, out, choice.categorySkills, count - out.length);
  return out;
}

/**
 * The salary band of a posting: the category band for the place and level, times the title's and the city's
 * pay factors; contracts pay a day rate above it, in whole day-rate steps (their annual equivalent is shown).
 */
export function postingBand(
  place: Place,
  choice: TitleChoice,
  categoryIndex: number,
  level: number,
  employment: EmploymentType,
): { band: Band; step: number } {
  const [lo, hi] = place.bands[level][categoryIndex];
  const contract = employment === 'contract';
  const factor = choice.payFactor[level] * place.location.pay * (contract ? CONTRACT_PREMIUM : 1);
  // A contract's day rate moves in twentieths of the salary step (50 a day for AUD), so the annual equivalent
  // over CONTRACT_DAYS is a whole number of steps.
  const step = contract ? (place.step / 20) * CONTRACT_DAYS : place.step;
  const min = Math.round((lo * factor) / step) * step;
  const max = Math.max(min + step, Math.round((hi * factor) / step) * step);
  return { band: [min, max], step };
}

/** The key of synthetic posting `index` (0-based): `synthetic-${index}` zero-padded to 7 digits, e.g. synthetic-0000042. */
export function syntheticKey(index: number): string {
  assertIndex(index, 'index');
  const digits = String(index);
  return digits.length >= 7 ? `synthetic-${digits}` : KEY_PREFIXES[digits.length] + digits;
}

/** "synthetic-" and the zeros that pad a number of n digits (n < 7) to 7. */
const KEY_PREFIXES: readonly string[] = [0, 1, 2, 3, 4, 5, 6].map((n) => `synthetic-${'0'.repeat(7 - n)}`);

function assertIndex(value: number, name: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative safe integer, got ${value}`);
  }
}

/** Posting `index` for `randomSeed`: a pure function of (index, randomSeed) only — independent of how many are generated. */
export function generatePosting(index: number, randomSeed: string): SeedPosting {
  const key = syntheticKey(index);
  // The order of the draws below is part of the output: reordering them changes every row.
  const rng = new Random(rowSeed(index, randomSeed));

  const rowPlan = rng.choose(ROW_PLANS);
  const { plan } = rowPlan;
  const row =
    rowPlan.stacks !== null && rng.next() < plan.stackShare
      ? rng.choose(rowPlan.stacks)
      : rng.choose(rowPlan.plain);
  const { choice } = row;
  const level = rng.choose(choice.levels);
  // rng.pick of the plan's prefixes for this level, with the title it makes looked up rather than built.
  const titles = row.titles[level];
  const prefix = rng.int(titles.length);
  const title = titles[prefix];

  const place = rng.choose(PLACES);
  const { location } = place;
  const setup = location.remoteOnly ? 'remote' : rng.choose(place.setups);
  const employment = rng.choose(EMPLOYMENT);
  const company = rng.choose(place.companies);

  const { band, step } = postingBand(place, choice, plan.categoryIndex, level, employment);
  const [lo, hi] = band;
  const spread = hi - lo;
  const salaryMin = lo + rng.int(Math.floor((spread * 0.55) / step) + 1) * step;
  const maxFloor = Math.min(hi, salaryMin + Math.max(step, Math.ceil((spread * 0.15) / step) * step));
  const salaryMax = maxFloor + rng.int(Math.floor((hi - maxFloor) / step) + 1) * step;

  const skills = skillsFor(rng, row);
  const sales = plan.category === 'sales' && employment !== 'contract';
  const description = describePosting(rng, {
    title,
    article: row.articles[level][prefix],
    company: company.name,
    industry: company.industry,
    missions: choice.missions,
    stack: choice.stack,
    skills,
    employment,
    setup,
    inCity: location.inCity,
    remoteOnly: location.remoteOnly,
    level,
    currency: location.currency,
    salaryMin,
    salaryMax,
    contractMonths: choice.peopleManager ? MANAGER_CONTRACT_MONTHS : CONTRACT_MONTHS,
    onTargetEarnings: sales
      ? Math.round((((salaryMin + salaryMax) / 2) * SALES_OTE_FACTOR) / place.step) * place.step
      : null,
  });

  const status = rng.choose(STATUSES);
  const cancelled = status === 'closed' && rng.next() < 0.5;
  const reason = cancelled ? rng.pick(CANCELLATION_REASONS) : null;
  const ages = drawAges(rng, status);

  return {
    key,
    title,
    company: company.name,
    description,
    location: location.label,
    role_category: plan.category,
    tech_stack: choice.stack,
    employment_type: employment,
    work_setup: setup,
    salary_min: salaryMin,
    salary_max: salaryMax,
    salary_currency: location.currency,
    required_skills: skills,
    experience_level: EXPERIENCE_LEVELS[level],
    status,
    is_cancelled: cancelled,
    cancellation_reason: reason,
    age_minutes: ages.age_minutes,
    updated_age_minutes: ages.updated_age_minutes,
  };
}

/** Postings [from, to) in order, lazily (a generator: never holds them all). */
export function* generatePostings(from: number, to: number, randomSeed: string): Generator<SeedPosting> {
  assertIndex(from, 'from');
  assertIndex(to, 'to');
  for (let i = from; i < to; i++) yield generatePosting(i, randomSeed);
}
