import type { EmploymentType, ExperienceLevel, PostingStatus, RoleCategory, WorkSetup } from '../db/enums';
import { EXPERIENCE_LEVELS, ROLE_CATEGORIES } from '../db/enums';
import type { SeedPosting } from './types';
import type { Band, LocationLabel, StackRole, TechStack } from './vocabulary';
import {
  CATEGORY_PROFILES,
  DEFAULT_LEVEL_PREFIXES,
  LOCATIONS,
  SALARY_STEP,
  salaryBand,
  TECH_STACKS,
} from './vocabulary';

/** Bump when the output for a given (index, randomSeed) changes. */
export const GENERATOR_VERSION = 1;
/** The seed a synthetic data set uses unless one is passed in. */
export const DEFAULT_RANDOM_SEED = 'job-postings-seed';

// ---------------------------------------------------------------------------------------------------------------
// Randomness: each posting gets its own 32-bit seed from (randomSeed, index), so posting i never depends on how
// many postings are generated or in which order. mulberry32 is plenty for ~30 draws per row and very cheap.

let state = 0;

function rand(): number {
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** An integer in [0, n). */
function int(n: number): number {
  return Math.floor(rand() * n);
}

function pick<T>(items: readonly T[]): T {
  return items[int(items.length)] as T;
}

/** murmur3's finaliser: a bijection on 32-bit integers that spreads every input bit over the output. */
function fmix32(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

// Generating a data set calls this with one seed many times: remember the last hash.
let lastSeed: string | undefined;
let lastSeedHash = 0;

function rowSeed(index: number, randomSeed: string): number {
  if (randomSeed !== lastSeed) {
    lastSeed = randomSeed;
    lastSeedHash = fnv1a(randomSeed);
  }
  // Odd multiplier and xor are bijections, so distinct indices below 2^32 get distinct row seeds.
  const h = fmix32((lastSeedHash ^ Math.imul(index >>> 0, 0x9e3779b9)) >>> 0);
  const high = Math.floor(index / 4294967296);
  return high === 0 ? h : fmix32((h ^ high) >>> 0);
}

// ---------------------------------------------------------------------------------------------------------------
// Distributions, precomputed at module load: a weighted choice is a cumulative table and a linear scan.

interface Weighted<T> {
  readonly items: readonly T[];
  readonly cumulative: readonly number[];
  readonly total: number;
}

function weighted<T>(pairs: readonly (readonly [T, number])[]): Weighted<T> {
  let total = 0;
  const cumulative = pairs.map(([, w]) => {
    total += w;
    return total;
  });
  return { items: pairs.map(([item]) => item), cumulative, total };
}

function choose<T>(table: Weighted<T>): T {
  const u = rand() * table.total;
  const { cumulative } = table;
  let i = 0;
  while (i < cumulative.length - 1 && u >= (cumulative[i] as number)) i++;
  return table.items[i] as T;
}

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

const SETUPS = weighted<WorkSetup>([
  ['hybrid', 50],
  ['onsite', 30],
  ['remote', 20],
]);
const EMPLOYMENT = weighted<EmploymentType>([
  ['permanent', 72],
  ['contract', 20],
  ['part_time', 8],
]);
const STATUSES = weighted<PostingStatus>([
  ['active', 90],
  ['paused', 4],
  ['draft', 3],
  ['closed', 3],
]);
const CANCELLATION_REASONS = [
  'Budget freeze for the rest of the financial year',
  'Role filled internally',
  'Hiring paused after a restructure',
  'Position no longer required',
] as const;

/** Everything about a location the generator needs, with its bands resolved per [level][category]. */
interface Place {
  readonly label: string;
  readonly city: string;
  readonly currency: string;
  readonly step: number;
  readonly remoteOnly: boolean;
  readonly bands: readonly (readonly Band[])[];
}

const PLACES = weighted<Place>(
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
interface Slot {
  readonly stack: string | null;
  readonly stackSkills: readonly string[];
  /** Titles per level index; empty for a level the slot never uses. */
  readonly titles: readonly (readonly string[])[];
}

interface CategoryPlan {
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

const PLANS = weighted<CategoryPlan>(
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

// ---------------------------------------------------------------------------------------------------------------
// Companies: prefix x suffix. A suffix that names an industry only appears with that industry's domains.

const COMPANY_PREFIXES = [
  'Acacia',
  'Banksia',
  'Bluegum',
  'Harbour',
  'Southern Cross',
  'Coral',
  'Redgum',
  'Kookaburra',
  'Wattle',
  'Ironbark',
  'Saltwater',
  'Outback',
  'Tasman',
  'Coastal',
  'Northwind',
  'Brightline',
  'Copperleaf',
  'Evergreen',
  'Fernhill',
  'Granite',
  'Highgate',
  'Juniper',
  'Kestrel',
  'Lumen',
  'Meridian',
  'Nimbus',
  'Orbit',
  'Pinnacle',
  'Quartz',
  'Riverstone',
  'Sapphire',
  'Tidal',
  'Vertex',
  'Willow',
  'Yarra',
  'Zenith',
  'Atlas',
  'Beacon',
  'Cobalt',
  'Driftwood',
  'Ember',
  'Falcon',
  'Glacier',
  'Horizon',
  'Indigo',
  'Jetty',
  'Keystone',
  'Lighthouse',
  'Mosaic',
  'Nova',
  'Opal',
  'Parallel',
  'Quokka',
  'Redback',
  'Silverleaf',
  'Trellis',
  'Uplift',
  'Vantage',
  'Waratah',
  'Blue Mountain',
] as const;

const GENERAL_DOMAINS = [
  'payments',
  'healthcare',
  'logistics',
  'e-commerce',
  'renewable energy',
  'education',
  'insurance',
  'travel',
  'media streaming',
  'property',
  'agritech',
  'government services',
  'mining',
  'telecommunications',
  'gaming',
  'superannuation',
  'retail banking',
  'recruitment',
  'cyber security',
  'hospitality',
  'construction',
  'legal',
] as const;

const COMPANY_SUFFIXES: readonly (readonly [suffix: string, domains: readonly string[]])[] = [
  ['Labs', GENERAL_DOMAINS],
  ['Technologies', GENERAL_DOMAINS],
  ['Group', GENERAL_DOMAINS],
  ['Systems', GENERAL_DOMAINS],
  ['Digital', GENERAL_DOMAINS],
  ['Software', GENERAL_DOMAINS],
  ['Solutions', GENERAL_DOMAINS],
  ['Analytics', GENERAL_DOMAINS],
  ['Networks', GENERAL_DOMAINS],
  ['Cloud', GENERAL_DOMAINS],
  ['Partners', GENERAL_DOMAINS],
  ['Health', ['healthcare', 'aged care', 'medtech', 'telehealth', 'mental health']],
  [
    'Financial',
    ['payments', 'retail banking', 'insurance', 'superannuation', 'wealth management', 'lending'],
  ],
  ['Logistics', ['logistics', 'freight', 'supply chain', 'last-mile delivery']],
  ['Energy', ['renewable energy', 'utilities', 'mining', 'battery storage']],
  ['Studios', ['gaming', 'media streaming', 'digital publishing', 'advertising']],
];

// ---------------------------------------------------------------------------------------------------------------
// Description fragments: sentence one names the company, title and mission, sentence two the tools, and an
// optional third the arrangement, the level's scope or a perk.

type Mission = (domain: string) => string;

const MISSIONS: Readonly<Record<RoleCategory, readonly Mission[]>> = {
  engineering: [
    (d) => `build the ${d} platform its customers rely on every day`,
    (d) => `modernise a legacy ${d} system without slowing the business down`,
    (d) => `ship new customer-facing features for its ${d} product`,
    (d) => `scale the services behind its ${d} marketplace`,
    (d) => `own core parts of its ${d} product from design to production`,
    (d) => `turn a fast-growing ${d} prototype into a reliable product`,
  ],
  quality_assurance: [
    (d) => `raise the quality bar on its ${d} releases`,
    (d) => `build test automation for a busy ${d} platform`,
    (d) => `catch regressions before they reach ${d} customers`,
    (d) => `make releases of its ${d} apps boring and predictable`,
  ],
  data: [
    (d) => `turn raw ${d} data into decisions the business trusts`,
    (d) => `build the pipelines behind its ${d} reporting`,
    (d) => `model ${d} data for analysts and machine learning teams`,
    (d) => `give its ${d} product teams metrics they can rely on`,
  ],
  devops: [
    (d) => `keep its ${d} platform fast, secure and available`,
    (d) => `automate the infrastructure behind its ${d} services`,
    (d) => `run cloud infrastructure for a growing ${d} business`,
    (d) => `shorten the path from commit to production for its ${d} teams`,
  ],
  design: [
    (d) => `shape how customers experience its ${d} product`,
    (d) => `design simple journeys through complex ${d} workflows`,
    (d) => `bring research-led design to its ${d} services`,
    (d) => `evolve the design system behind its ${d} apps`,
  ],
  product: [
    (d) => `own the roadmap for its ${d} product`,
    (d) => `find and validate the next big opportunity in ${d}`,
    (d) => `turn customer insight into a focused ${d} roadmap`,
    (d) => `lead discovery and delivery for a core ${d} product line`,
  ],
  sales: [
    (d) => `grow its share of the ${d} market`,
    (d) => `win new ${d} customers and expand existing accounts`,
    (d) => `build pipeline with mid-market ${d} companies`,
    (d) => `help ${d} buyers see the value of its platform`,
  ],
  support: [
    (d) => `help ${d} customers get the most out of its product`,
    (d) => `resolve technical issues for ${d} customers quickly and kindly`,
    (d) => `keep ${d} customers confident when something goes wrong`,
    (d) => `turn support tickets into fixes for its ${d} product`,
  ],
  operations: [
    (d) => `keep its ${d} business running smoothly behind the scenes`,
    (d) => `improve the processes that support its ${d} teams`,
    (d) => `bring order and reporting to a fast-growing ${d} operation`,
    (d) => `make sure its ${d} teams have the data and tools they need`,
  ],
  management: [
    (d) => `lead the teams that build its ${d} platform`,
    (d) => `grow a healthy, high-performing ${d} engineering group`,
    (d) => `align delivery across its ${d} product teams`,
    (d) => `build and lead the team behind its ${d} product`,
  ],
  other: [
    (d) => `support the teams that build its ${d} products`,
    (d) => `help its ${d} engineers work better together`,
    (d) => `bring clarity to how its ${d} platform is built and used`,
    (d) => `connect its ${d} teams with the people and knowledge they need`,
  ],
};

type Opener = (article: string, title: string, company: string, mission: string) => string;

const OPENERS: readonly Opener[] = [
  (a, t, c, m) => `${c} is hiring ${a} ${t} to ${m}.`,
  (a, t, c, m) => `Join ${c} as ${a} ${t} and ${m}.`,
  (a, t, c, m) => `As ${a} ${t} at ${c}, you will ${m}.`,
  (a, t, c, m) => `${c} needs ${a} ${t} who can ${m}.`,
  (a, t, c, m) => `${c} is growing and wants ${a} ${t} to ${m}.`,
  (a, t, c, m) => `We are ${c}, and we are looking for ${a} ${t} to ${m}.`,
];

type Tools = (first: string, second: string, third: string) => string;

const STACK_TOOLS: readonly Tools[] = [
  (t, a, b) =>
    `Day to day you will work in ${t} alongside ${a} and ${b}, with a real say in how the stack evolves.`,
  (t, a, b) =>
    `The stack is ${t} with ${a} and ${b}, and you will own your work from planning to production.`,
  (t, a, b) => `You will spend most of your time in ${t}, with plenty of ${a} and ${b} along the way.`,
  (t, a, b) => `Expect hands-on ${t} work backed by ${a} and ${b}, plus regular reviews with your peers.`,
  (t, a, b) =>
    `Strong ${t} skills matter most here, and experience with ${a} or ${b} will help you start fast.`,
  (t, a, b) => `You will use ${t}, ${a} and ${b} daily and help the team raise the bar on quality.`,
];

const PLAIN_TOOLS: readonly Tools[] = [
  (a, b, p) => `Day to day you will lean on ${a} and ${b}, working closely with ${p}.`,
  (a, b, p) => `Experience with ${a} and ${b} matters most, along with clear communication with ${p}.`,
  (a, b, p) => `You will use ${a} and ${b} every week and partner with ${p} to get things done.`,
  (a, b, p) => `The role calls for solid ${a} and ${b}, and you will work hand in hand with ${p}.`,
];

const PARTNERS: Readonly<Record<RoleCategory, readonly string[]>> = {
  engineering: ['product and design', 'the platform team', 'a cross-functional squad'],
  quality_assurance: ['developers and product owners', 'the release team', 'a cross-functional squad'],
  data: ['analysts and product managers', 'the finance team', 'engineering and product'],
  devops: ['the engineering teams', 'security and compliance', 'the on-call rotation'],
  design: ['product managers and engineers', 'researchers and customers', 'the brand team'],
  product: ['engineering and design', 'sales and customer success', 'the leadership team'],
  sales: ['marketing and solutions engineers', 'customer success', 'the partnerships team'],
  support: ['the product and engineering teams', 'customer success', 'the operations team'],
  operations: ['finance and people teams', 'sales leadership', 'vendors and partners'],
  management: ['product and design leads', 'the executive team', 'other engineering managers'],
  other: ['engineers and product managers', 'the people team', 'delivery leads'],
};

const LEVEL_SCOPES: readonly ((teamSize: number) => string)[] = [
  () => 'You will get a dedicated mentor and a structured first ninety days.',
  () => 'You will take ownership of meaningful projects from your first month.',
  () => 'You will mentor others and help set the standards the team works to.',
  (n) => `You will lead a team of ${n} and stay close to the day-to-day work.`,
  () => 'You will set direction across several teams and advise the leadership group.',
];

const PERKS = [
  'a generous learning budget',
  'extra paid parental leave',
  'an annual wellbeing allowance',
  'equity for every employee',
  'a home office budget',
  'paid volunteering days',
  'a nine-day fortnight',
  'health insurance for you and your family',
] as const;

/** "an" before a vowel sound, as the titles here are spelled ("an iOS", "an SDET", but "a UX"). */
function article(title: string): string {
  return /^(?:[AEIOi]|SDET)/.test(title) ? 'an' : 'a';
}

function closingSentence(employment: EmploymentType, setup: WorkSetup, place: Place, level: number): string {
  if (employment === 'contract') {
    const months = pick([3, 6, 9, 12]);
    return rand() < 0.5
      ? ` This is a ${months}-month contract with a strong chance of extension.`
      : ` The initial contract runs for ${months} months.`;
  }
  if (employment === 'part_time') {
    return ` The role is part-time, ${2 + int(3)} days a week; the salary shown is the full-time equivalent.`;
  }
  const u = rand();
  if (u < 0.25) return '';
  if (u < 0.5) return ` ${(LEVEL_SCOPES[level] as (n: number) => string)(3 + int(10))}`;
  if (u < 0.75) return ` Benefits include ${pick(PERKS)}.`;
  if (place.remoteOnly) return ' The role is fully remote for anyone based in Australia.';
  if (setup === 'remote') return ` The role is fully remote, with occasional meetups in ${place.city}.`;
  if (setup === 'hybrid')
    return ` It is a hybrid role with ${2 + int(2)} days a week in the ${place.city} office.`;
  return ` You will work onsite with the team in ${place.city}.`;
}

// ---------------------------------------------------------------------------------------------------------------
// Skills: the stack first, then distinct draws from the stack's and the category's pools.

const scratch = new Int32Array(32);

/** Appends up to `n` skills from `pool` that `out` does not have yet, in random order. */
function drawSkills(out: string[], pool: readonly string[], n: number): void {
  const len = pool.length;
  for (let i = 0; i < len; i++) scratch[i] = i;
  let added = 0;
  for (let i = 0; i < len && added < n; i++) {
    const j = i + int(len - i);
    const chosen = scratch[j] as number;
    scratch[j] = scratch[i] as number;
    const skill = pool[chosen] as string;
    if (!out.includes(skill)) {
      out.push(skill);
      added++;
    }
  }
}

function skillsFor(plan: CategoryPlan, chosen: Slot): string[] {
  const count = 4 + int(5);
  if (chosen.stack === null) {
    const out: string[] = [];
    drawSkills(out, plan.skills, count);
    return out;
  }
  const out = [chosen.stack];
  const fromCategory = int(3);
  drawSkills(out, chosen.stackSkills, count - 1 - fromCategory);
  drawSkills(out, plan.skills, count - out.length);
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
  state = rowSeed(index, randomSeed);

  const plan = choose(PLANS);
  const level = choose(plan.levels);
  const chosen =
    plan.stacks !== null && !plan.wholeTitleLevels.has(level) && rand() < plan.stackShare
      ? choose(plan.stacks)
      : plan.none;
  const title = pick(chosen.titles[level] as readonly string[]);

  const place = choose(PLACES);
  const setup: WorkSetup = place.remoteOnly ? 'remote' : choose(SETUPS);
  const employment = choose(EMPLOYMENT);

  const [lo, hi] = (place.bands[level] as readonly Band[])[plan.categoryIndex] as Band;
  const step = place.step;
  const spread = hi - lo;
  const salaryMin = lo + int(Math.floor((spread * 0.55) / step) + 1) * step;
  const maxFloor = Math.min(hi, salaryMin + Math.max(step, Math.ceil((spread * 0.15) / step) * step));
  const salaryMax = maxFloor + int(Math.floor((hi - maxFloor) / step) + 1) * step;

  const [suffix, domains] = pick(COMPANY_SUFFIXES);
  const company = `${pick(COMPANY_PREFIXES)} ${suffix}`;
  const domain = pick(domains);

  const skills = skillsFor(plan, chosen);
  const mission = pick(MISSIONS[plan.category])(domain);
  const opening = pick(OPENERS)(article(title), title, company, mission);
  const tools =
    chosen.stack === null
      ? pick(PLAIN_TOOLS)(skills[0] as string, skills[1] as string, pick(PARTNERS[plan.category]))
      : pick(STACK_TOOLS)(chosen.stack, skills[1] as string, skills[2] as string);
  const description = `${opening} ${tools}${closingSentence(employment, setup, place, level)}`;

  const status = choose(STATUSES);
  const cancelled = status === 'closed' && rand() < 0.5;

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
    cancellation_reason: cancelled ? pick(CANCELLATION_REASONS) : null,
  };
}

/** Postings [from, to) in order, lazily (a generator: never holds them all). */
export function* generatePostings(from: number, to: number, randomSeed: string): Generator<SeedPosting> {
  assertIndex(from, 'from');
  assertIndex(to, 'to');
  for (let i = from; i < to; i++) yield generatePosting(i, randomSeed);
}
