import type { ExperienceLevel, WorkSetup } from '../db/enums';
import { EXPERIENCE_LEVELS } from '../db/enums';
import { COMPANY_PREFIXES, COMPANY_SUFFIXES } from './companies';
import { describePosting } from './descriptions';
import type { CategoryPlan, Slot } from './distributions';
import { CANCELLATION_REASONS, EMPLOYMENT, PLACES, PLANS, SETUPS, STATUSES } from './distributions';
import { Random, rowSeed } from './random';
import type { Band } from './salary-bands';
import type { SeedPosting } from './types';

/** Bump when the output for a given (index, randomSeed) changes. */
export const GENERATOR_VERSION = 1;
/** The seed a synthetic data set uses unless one is passed in. */
export const DEFAULT_RANDOM_SEED = 'job-postings-seed';

// ---------------------------------------------------------------------------------------------------------------
// Skills: the stack first, then distinct draws from the stack's and the category's pools.

const scratch = new Int32Array(32);

/** Appends up to `n` skills from `pool` that `out` does not have yet, in random order. */
function drawSkills(rng: Random, out: string[], pool: readonly string[], n: number): void {
  const len = pool.length;
  for (let i = 0; i < len; i++) scratch[i] = i;
  let added = 0;
  for (let i = 0; i < len && added < n; i++) {
    const j = i + rng.int(len - i);
    const chosen = scratch[j] as number;
    scratch[j] = scratch[i] as number;
    const skill = pool[chosen] as string;
    if (!out.includes(skill)) {
      out.push(skill);
      added++;
    }
  }
}

function skillsFor(rng: Random, plan: CategoryPlan, chosen: Slot): string[] {
  const count = 4 + rng.int(5);
  if (chosen.stack === null) {
    const out: string[] = [];
    drawSkills(rng, out, plan.skills, count);
    return out;
  }
  const out = [chosen.stack];
  const fromCategory = rng.int(3);
  drawSkills(rng, out, chosen.stackSkills, count - 1 - fromCategory);
  drawSkills(rng, out, plan.skills, count - out.length);
  return out;
}

// ---------------------------------------------------------------------------------------------------------------

/** The key of synthetic posting `index` (0-based): `synthetic-${index}` zero-padded to 7 digits, e.g. synthetic-0000042. */
export function syntheticKey(index: number): string {
  assertIndex(index, 'index');
  return `synthetic-${String(index).padStart(7, '0')}`;
}

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

  const plan = rng.choose(PLANS);
  const level = rng.choose(plan.levels);
  const chosen =
    plan.stacks !== null && !plan.wholeTitleLevels.has(level) && rng.next() < plan.stackShare
      ? rng.choose(plan.stacks)
      : plan.none;
  const title = rng.pick(chosen.titles[level] as readonly string[]);

  const place = rng.choose(PLACES);
  const setup: WorkSetup = place.remoteOnly ? 'remote' : rng.choose(SETUPS);
  const employment = rng.choose(EMPLOYMENT);

  const [lo, hi] = (place.bands[level] as readonly Band[])[plan.categoryIndex] as Band;
  const step = place.step;
  const spread = hi - lo;
  const salaryMin = lo + rng.int(Math.floor((spread * 0.55) / step) + 1) * step;
  const maxFloor = Math.min(hi, salaryMin + Math.max(step, Math.ceil((spread * 0.15) / step) * step));
  const salaryMax = maxFloor + rng.int(Math.floor((hi - maxFloor) / step) + 1) * step;

  const [suffix, domains] = rng.pick(COMPANY_SUFFIXES);
  const company = `${rng.pick(COMPANY_PREFIXES)} ${suffix}`;
  const domain = rng.pick(domains);

  const skills = skillsFor(rng, plan, chosen);
  const description = describePosting(rng, {
    title,
    company,
    domain,
    category: plan.category,
    stack: chosen.stack,
    skills,
    employment,
    setup,
    place,
    level,
  });

  const status = rng.choose(STATUSES);
  const cancelled = status === 'closed' && rng.next() < 0.5;

  return {
    key,
    title,
    company,
    description,
    location: place.label,
    role_category: plan.category,
    tech_stack: chosen.stack,
    employment_type: employment,
    work_setup: setup,
    salary_min: salaryMin,
    salary_max: salaryMax,
    salary_currency: place.currency,
    required_skills: skills,
    experience_level: EXPERIENCE_LEVELS[level] as ExperienceLevel,
    status,
    is_cancelled: cancelled,
    cancellation_reason: cancelled ? rng.pick(CANCELLATION_REASONS) : null,
  };
}

/** Postings [from, to) in order, lazily (a generator: never holds them all). */
export function* generatePostings(from: number, to: number, randomSeed: string): Generator<SeedPosting> {
  assertIndex(from, 'from');
  assertIndex(to, 'to');
  for (let i = from; i < to; i++) yield generatePosting(i, randomSeed);
}
