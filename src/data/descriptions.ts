import type { EmploymentType, RoleCategory, WorkSetup } from '../db/enums';
import type { Random } from './random';

/**
 * Description fragments: sentence one names the company, title and mission, sentence two the tools, and an
 * optional third the arrangement, the level's scope or a perk.
 */

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

const CONTRACT_MONTHS = [3, 6, 9, 12] as const;

/** Where the posting is: the city its closing sentence names, and whether it is "Remote Australia". */
export interface DescribedPlace {
  readonly city: string;
  readonly remoteOnly: boolean;
}

/** What a description is written from; `skills` starts with the stack when there is one. */
export interface DescriptionInput {
  readonly title: string;
  readonly company: string;
  readonly domain: string;
  readonly category: RoleCategory;
  readonly stack: string | null;
  readonly skills: readonly string[];
  readonly employment: EmploymentType;
  readonly setup: WorkSetup;
  readonly place: DescribedPlace;
  /** Index into EXPERIENCE_LEVELS. */
  readonly level: number;
}

/** Two or three sentences: opening and tools, then maybe the arrangement, the level's scope or a perk. */
export function describePosting(rng: Random, p: DescriptionInput): string {
  const mission = rng.pick(MISSIONS[p.category])(p.domain);
  const opening = rng.pick(OPENERS)(article(p.title), p.title, p.company, mission);
  const { skills } = p;
  const tools =
    p.stack === null
      ? rng.pick(PLAIN_TOOLS)(skills[0] as string, skills[1] as string, rng.pick(PARTNERS[p.category]))
      : rng.pick(STACK_TOOLS)(p.stack, skills[1] as string, skills[2] as string);
  return `${opening} ${tools}${closingSentence(rng, p)}`;
}

function closingSentence(rng: Random, { employment, setup, place, level }: DescriptionInput): string {
  if (employment === 'contract') {
    const months = rng.pick(CONTRACT_MONTHS);
    return rng.next() < 0.5
      ? ` This is a ${months}-month contract with a strong chance of extension.`
      : ` The initial contract runs for ${months} months.`;
  }
  if (employment === 'part_time') {
    return ` The role is part-time, ${2 + rng.int(3)} days a week; the salary shown is the full-time equivalent.`;
  }
  const u = rng.next();
  if (u < 0.25) return '';
  if (u < 0.5) return ` ${(LEVEL_SCOPES[level] as (n: number) => string)(3 + rng.int(10))}`;
  if (u < 0.75) return ` Benefits include ${rng.pick(PERKS)}.`;
  if (place.remoteOnly) return ' The role is fully remote for anyone based in Australia.';
  if (setup === 'remote') return ` The role is fully remote, with occasional meetups in ${place.city}.`;
  if (setup === 'hybrid')
    return ` It is a hybrid role with ${2 + rng.int(2)} days a week in the ${place.city} office.`;
  return ` You will work onsite with the team in ${place.city}.`;
}
