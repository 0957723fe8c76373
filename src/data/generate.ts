// The synthetic generator: posting i is a pure function of (i, randomSeed). The board (board.ts) says which
// employer posts it and for which opening; the rest is drawn from the mixes that depend on the ad (mixes.ts,
// country-terms.ts) and written up by descriptions.ts.

import type { EmploymentType } from '../db/enums';
import { EXPERIENCE_LEVELS } from '../db/enums';
import { drawAges } from './ages';
import type { Opening } from './board';
import { boardSlot } from './board';
import type { Company } from './companies';
import { COUNTRY_TERMS, HOURLY_COUNTRIES, POLICY_SETUPS } from './country-terms';
import { describePosting } from './descriptions';
import type { Place, TitleChoice } from './distributions';
import {
  CANCELLATION_REASONS,
  CANCELLED_SHARE,
  CONTRACT_MONTHS,
  MANAGER_CONTRACT_MONTHS,
  MAX_OPEN_REPEATS,
  REPEAT_STATUSES,
  STATUSES,
} from './mixes';
import { Random, rowSeed } from './random';
import type { Band } from './salary-bands';
import { CONTRACT_DAYS, CONTRACT_HOURS, CONTRACT_PREMIUM, SALES_OTE_FACTOR } from './salary-bands';
import type { SeedPosting } from './types';

export { GENERATOR_VERSION } from './generator-version';
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

/**
 * 4-8 skills: the stack and its core skills first, then two of the title family's (title-families.ts), then its
 * companions and the skills of the title's category that fit it; a technical ad may name the employer's cloud.
 * Terms of another country are renamed (Essential Eight outside Australia).
 */
function skillsFor(rng: Random, opening: Opening, company: Company): string[] {
  const { choice, lead } = opening.row;
  const count = 4 + rng.int(5);
  const out = lead.slice();
  if (choice.familySkills.length > 0) drawSkills(rng, out, choice.familySkills, 2);
  if (choice.stack === null) {
    drawSkills(rng, out, choice.categorySkills, count - out.length);
  } else {
    const fromCategory = rng.int(3);
    drawSkills(rng, out, choice.stackSkills, count - out.length - fromCategory);
    drawSkills(rng, out, choice.categorySkills, count - out.length);
  }
  if (choice.cloudShare > 0 && rng.next() < choice.cloudShare && !out.includes(company.cloud)) {
    if (out.length < 8) out.push(company.cloud);
    else out[7] = company.cloud;
  }
  const renames = COUNTRY_TERMS[company.country].skills;
  if (renames.size > 0) {
    for (let i = 0; i < out.length; i++) {
      const renamed = renames.get(out[i]);
      if (renamed !== undefined) out[i] = out.includes(renamed) ? 'Risk Assessment' : renamed;
    }
  }
  return out;
}

/**
 * The salary band of a posting: the category band for the place and level, times the title's and the city's
 * pay factors; contracts pay a day rate above it (an hourly rate when `hourly`), in whole rate steps (their
 * annual equivalent is shown).
 */
export function postingBand(
  place: Place,
  choice: TitleChoice,
  categoryIndex: number,
  level: number,
  employment: EmploymentType,
  hourly = false,
): { band: Band; step: number } {
  const [lo, hi] = place.bands[level][categoryIndex];
  const contract = employment === 'contract';
  const factor = choice.payFactor[level] * place.location.pay * (contract ? CONTRACT_PREMIUM : 1);
  // A contract's day rate moves in twentieths of the salary step (50 a day for AUD), an hourly rate in
  // two-hundredths (5 an hour for USD), so the annual equivalent is a whole number of steps.
  const step = !contract
    ? place.step
    : hourly
      ? (place.step / 200) * CONTRACT_HOURS
      : (place.step / 20) * CONTRACT_DAYS;
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

  const { employer, opening, repeat } = boardSlot(index, randomSeed);
  const { company } = employer;
  const { row, place, level } = opening;
  const { plan } = opening.plan;
  const { choice } = row;
  // rng.pick of the plan's prefixes for this level, with the title it makes looked up rather than built.
  const titles = row.titles[level];
  const prefix = rng.int(titles.length);
  const title = titles[prefix];
  const { location } = place;
  const setup = location.remoteOnly ? 'remote' : rng.choose(POLICY_SETUPS[company.policy]);
  const employment = rng.choose(opening.employment);
  const hourly = HOURLY_COUNTRIES.has(company.country);

  const { band, step } = postingBand(place, choice, plan.categoryIndex, level, employment, hourly);
  const [lo, hi] = band;
  const spread = hi - lo;
  const salaryMin = lo + rng.int(Math.floor((spread * 0.55) / step) + 1) * step;
  const maxFloor = Math.min(hi, salaryMin + Math.max(step, Math.ceil((spread * 0.15) / step) * step));
  const salaryMax = maxFloor + rng.int(Math.floor((hi - maxFloor) / step) + 1) * step;

  const skills = skillsFor(rng, opening, company);
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
    hourly,
    terms: COUNTRY_TERMS[company.country],
    cleared: company.cleared,
    onTargetEarnings: sales
      ? Math.round((((salaryMin + salaryMax) / 2) * SALES_OTE_FACTOR) / place.step) * place.step
      : null,
  });

  // A company's later ads for the same opening are its earlier rounds of hiring: never open at once.
  const status = rng.choose(repeat < MAX_OPEN_REPEATS ? STATUSES : REPEAT_STATUSES);
  const cancelled = status === 'closed' && rng.next() < CANCELLED_SHARE;
  const reason = cancelled ? rng.pick(CANCELLATION_REASONS) : null;
  const ages = drawAges(rng, status, location.utcOffset);

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
