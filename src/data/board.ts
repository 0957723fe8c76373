// The board's shape: which employer posts synthetic ad i, and for which title, level and city. Employers post
// in turn from a fixed schedule (each appears in it as often as its size says), and each walks through its own
// list of openings, so a company's ads spread over its categories and cities instead of piling up on one
// title. An opening advertised again (a company's next round of hiring for it) is an earlier ad by then: only
// its first MAX_OPEN_REPEATS ads may be active, so no company has more than that open for a title in a city.

import type { EmploymentType, RoleCategory } from '../db/enums';
import { EXPERIENCE_LEVELS, ROLE_CATEGORIES } from '../db/enums';
import type { Company } from './companies';
import { adWeight, COMPANIES, categoryBias, cityTable } from './companies';
import type { Place } from './distributions';
import { CATEGORY_WEIGHTS, placeOf } from './distributions';
import { employmentMix } from './mixes';
import type { Weighted } from './random';
import { fnv1a, Random, weighted } from './random';
import type { RowChoice, RowPlan } from './row-tables';
import { ROW_PLANS } from './row-tables';

/** One opening an employer advertises: a title at a level in one of its cities. */
export interface Opening {
  readonly plan: RowPlan;
  readonly row: RowChoice;
  readonly level: number;
  readonly place: Place;
  readonly employment: Weighted<EmploymentType>;
  /** Which of the employer's openings for the same title and city this is (0-based), and how many there are. */
  readonly copy: number;
  readonly copies: number;
}

/** An employer with its openings, in the order it advertises them. */
export interface BoardCompany {
  readonly company: Company;
  /** Its turns per round of the schedule ({@link adWeight}). */
  readonly weight: number;
  readonly openings: readonly Opening[];
}

/** Openings per unit of ad weight: at 50,000 ads an opening is advertised about twice. No source. */
const OPENINGS_PER_WEIGHT = 4;
/** Clouds a stack names: an employer only advertises the one it uses. */
const CLOUD_STACKS: ReadonlySet<string> = new Set(['AWS', 'Azure']);

/** True for a stack that is a cloud other than the employer's. */
function isOtherCloud(stack: string | null, cloud: string): boolean {
  return stack !== null && CLOUD_STACKS.has(stack) && stack !== cloud;
}

const PLAN_BY_CATEGORY = new Map(ROW_PLANS.items.map((p) => [p.plan.category, p]));

function openingsOf(
  company: Company,
  rng: Random,
  categoryWeights: Readonly<Record<RoleCategory, number>>,
): Opening[] {
  const categories = weighted(
    company.categories.map(
      (c) => [PLAN_BY_CATEGORY.get(c) as RowPlan, categoryWeights[c] * categoryBias(company, c)] as const,
    ),
  );
  const cities = cityTable(company);
  const want = adWeight(company.size) * OPENINGS_PER_WEIGHT;
  const keys: string[] = [];
  const out: Omit<Opening, 'copy' | 'copies'>[] = [];
  for (let tries = 0; out.length < want && tries < want * 50; tries++) {
    const plan = rng.choose(categories);
    const stacked = plan.stacks !== null && rng.next() < plan.plan.stackShare;
    let row = stacked && plan.stacks !== null ? rng.choose(plan.stacks) : rng.choose(plan.plain);
    // Another cloud's title: draw again in the same category, so the category mix holds.
    while (isOtherCloud(row.choice.stack, company.cloud)) {
      row = plan.stacks !== null ? rng.choose(plan.stacks) : rng.choose(plan.plain);
    }
    const level = rng.choose(row.choice.levels);
    const label = rng.choose(cities);
    // The same title in the same city twice is one opening hired for more often (copy/copies).
    keys.push(`${row.choice.stem}|${level}|${label}`);
    const place = placeOf(label);
    out.push({
      plan,
      row,
      level,
      place,
      employment: employmentMix(
        company.country,
        EXPERIENCE_LEVELS[level],
        plan.plan.category,
        row.choice.peopleManager,
      ),
    });
  }
  const seen = new Map<string, number>();
  const copies = keys.map((k) => {
    const n = seen.get(k) ?? 0;
    seen.set(k, n + 1);
    return n;
  });
  // One object literal per opening, every field at once: all openings share one shape, so the generator's
  // reads of them stay monomorphic (a spread copy gave thousands of shapes and 2 µs a read).
  return out.map((o, i) => ({
    plan: o.plan,
    row: o.row,
    level: o.level,
    place: o.place,
    employment: o.employment,
    copy: copies[i],
    copies: seen.get(keys[i]) ?? 1,
  }));
}

function buildBoard(categoryWeights: Readonly<Record<RoleCategory, number>>): BoardCompany[] {
  return COMPANIES.map((company) => ({
    company,
    weight: adWeight(company.size),
    openings: openingsOf(company, new Random(fnv1a(`openings:${company.name}`)), categoryWeights),
  }));
}

/**
 * The weights employers draw their openings' categories by, calibrated so that the whole board lands on
 * CATEGORY_WEIGHTS: an employer hiring in few categories would otherwise over-weight the big ones. Each
 * employer posts `weight` ads a round spread over its categories in proportion to these weights; a few
 * rounds of multiplicative correction settle every share within a fraction of a percent.
 */
export function calibratedWeights(): Record<RoleCategory, number> {
  const n = ROLE_CATEGORIES.length;
  const index = new Map(ROLE_CATEGORIES.map((c, i) => [c, i]));
  const base = Float64Array.from(ROLE_CATEGORIES, (c) => CATEGORY_WEIGHTS[c]);
  const total = base.reduce((sum, w) => sum + w, 0);
  // Each employer's ad weight, its categories (as indexes) and their biases, looked up once: the rounds below
  // then do the same arithmetic in the same order over flat arrays (the same doubles, bit for bit).
  const employers = COMPANIES.map((company) => ({
    weight: adWeight(company.size),
    categories: Int32Array.from(company.categories, (c) => index.get(c) as number),
    biases: Float64Array.from(company.categories, (c) => categoryBias(company, c)),
  }));
  const weights = Float64Array.from(base);
  const shares = new Float64Array(n);
  for (let round = 0; round < CALIBRATION_ROUNDS; round++) {
    shares.fill(0);
    let ads = 0;
    for (const { weight, categories, biases } of employers) {
      let sum = 0;
      for (let k = 0; k < categories.length; k++) sum += weights[categories[k]] * biases[k];
      for (let k = 0; k < categories.length; k++)
        shares[categories[k]] += (weight * weights[categories[k]] * biases[k]) / sum;
      ads += weight;
    }
    for (let c = 0; c < n; c++) weights[c] *= base[c] / total / Math.max(shares[c] / ads, 1e-9);
  }
  return Object.fromEntries(ROLE_CATEGORIES.map((c, i) => [c, weights[i]])) as Record<RoleCategory, number>;
}

const CALIBRATION_ROUNDS = 30;

/**
 * The schedule: each employer's index as many times as its ad weight, shuffled. Ad i is posted by
 * companies[(i + offset) % length]; `occurrence` says which of that employer's turns in the round it is.
 */
function schedule(employers: readonly BoardCompany[]): { companies: Int32Array; occurrence: Int32Array } {
  const slots: number[] = [];
  employers.forEach((b, k) => {
    for (let n = 0; n < b.weight; n++) slots.push(k);
  });
  const rng = new Random(fnv1a('board schedule'));
  for (let i = slots.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [slots[i], slots[j]] = [slots[j], slots[i]];
  }
  const seen = new Int32Array(employers.length);
  const occurrence = new Int32Array(slots.length);
  slots.forEach((k, p) => {
    occurrence[p] = seen[k]++;
  });
  return { companies: Int32Array.from(slots), occurrence };
}

/** Every employer with its openings (fixed: built from a constant seed) and the schedule of their ads. */
interface Board {
  employers: readonly BoardCompany[];
  /** Employer index of each ad of a round; its length is how many ads one round posts. */
  schedule: Int32Array;
  occurrence: Int32Array;
}

let built: Board | undefined;

/**
 * The board, built on first use (half a second): a process that generates no synthetic posting (most commands,
 * a seed run without SEED_SYNTHETIC_JOB_POSTINGS) never pays for it.
 */
function board(): Board {
  if (!built) {
    const employers = buildBoard(calibratedWeights());
    const { companies, occurrence } = schedule(employers);
    built = { employers, schedule: companies, occurrence };
  }
  return built;
}

/**
 * Where ad i falls on the board: its employer, opening, and how many ads the employer posted for the same
 * title and city before it.
 */
export interface BoardSlot {
  readonly employer: BoardCompany;
  readonly opening: Opening;
  readonly repeat: number;
}

let lastSeed: string | undefined;
let lastOffset = 0;

/** The slot of ad `index` for `randomSeed`: a pure function of both (the seed shifts where the schedule starts). */
export function boardSlot(index: number, randomSeed: string): BoardSlot {
  const { employers, schedule: slots, occurrence } = board();
  const length = slots.length;
  if (randomSeed !== lastSeed) {
    lastSeed = randomSeed;
    lastOffset = fnv1a(`board:${randomSeed}`) % length;
  }
  const shifted = index + lastOffset;
  const round = Math.floor(shifted / length);
  const position = shifted - round * length;
  const employer = employers[slots[position]];
  const nth = round * employer.weight + occurrence[position];
  const { openings } = employer;
  const opening = openings[nth % openings.length];
  return { employer, opening, repeat: Math.floor(nth / openings.length) * opening.copies + opening.copy };
}
