// Description templates. Sentence one names the company, title and mission (missions.ts), sentence two the
// tools, and an optional third the contract and its rate (hourly in the US and Canada, a day elsewhere),
// on-target earnings, the level's scope, a perk of the country, the arrangement or, for government and defence
// employers, the clearance. Openers pass missions the company's possessive ("its", or "our" after "We are ..."), so
// every opener agrees with every mission (a test checks every combination).

import type { EmploymentType, WorkSetup } from '../db/enums';
import type { CountryTerms } from './country-terms';
import { MISSIONS } from './missions';
import { contractRate, money } from './money';
import type { Random } from './random';
import { isTool } from './role-skills';
import type { MissionSet } from './title-rules';

/** An opener: builds sentence one from the article, title, company and mission; `its` is what missions take. */
export interface Opener {
  readonly its: 'its' | 'our';
  readonly write: (a: string, title: string, company: string, mission: string) => string;
}

export const OPENERS: readonly Opener[] = [
  { its: 'its', write: (a, t, c, m) => `${c} is hiring ${a} ${t} to ${m}.` },
  { its: 'its', write: (a, t, c, m) => `Join ${c} as ${a} ${t} and ${m}.` },
  { its: 'its', write: (a, t, c, m) => `As ${a} ${t} at ${c}, you will ${m}.` },
  { its: 'its', write: (a, t, c, m) => `${c} needs ${a} ${t} who can ${m}.` },
  { its: 'its', write: (a, t, c, m) => `${c} is growing and wants ${a} ${t} to ${m}.` },
  { its: 'our', write: (a, t, c, m) => `We are ${c}, and we are looking for ${a} ${t} to ${m}.` },
  { its: 'its', write: (a, t, c, m) => `${c} has an opening for ${a} ${t} to ${m}.` },
  { its: 'our', write: (a, t, c, m) => `At ${c} we need ${a} ${t} to ${m}.` },
  { its: 'its', write: (a, t, c, m) => `Come and work at ${c} as ${a} ${t}: you will ${m}.` },
  { its: 'our', write: (a, t, c, m) => `Our team at ${c} is looking for ${a} ${t} to ${m}.` },
];

/** Two halves of the tools sentence with a stack (first = the stack, then two companion skills). */
const STACK_LEADS: readonly ((t: string, a: string, b: string) => string)[] = [
  (t, a, b) => `Day to day you will work in ${t} alongside ${a} and ${b}`,
  (t, a, b) => `Your toolkit is ${t} with ${a} and ${b}`,
  (t, a, b) => `You will spend most of your time in ${t}, with plenty of ${a} and ${b}`,
  (t, a, b) => `Expect hands-on ${t} work backed by ${a} and ${b}`,
  (t, a, b) => `Strong ${t} skills matter most here, along with ${a} and ${b}`,
  (t, a, b) => `Most of the work is in ${t}, with ${a} and ${b} close behind`,
];
/** Tools-sentence leads that "use" what they name: only for tools, never practices (role-skills.ts). */
const STACK_USE_LEADS: readonly ((t: string, a: string, b: string) => string)[] = [
  (t, a, b) => `You will use ${t}, ${a} and ${b} daily`,
  (t, a, b) => `The stack is ${t} with ${a} and ${b}`,
];
const STACK_TAILS: readonly string[] = [
  ', with a real say in how the stack evolves.',
  ', and you will own your work from planning to production.',
  ', plus regular reviews with your peers.',
  '; experience with either will help you start fast.',
  ', and you will help the team raise the bar on quality.',
  ', in a team that values simple, well-tested code.',
  ', with time set aside each sprint to pay down technical debt.',
];

/** Two halves of the tools sentence without a stack (two skills, then who the hire works with). */
const PLAIN_LEADS: readonly ((a: string, b: string) => string)[] = [
  (a, b) => `Day to day you will lean on ${a} and ${b}`,
  (a, b) => `Experience with ${a} and ${b} matters most`,
  (a, b) => `The role calls for solid ${a} and ${b}`,
  (a, b) => `You will bring ${a} and ${b}`,
];
const PLAIN_USE_LEADS: readonly ((a: string, b: string) => string)[] = [
  (a, b) => `You will use ${a} and ${b} every week`,
  (a, b) => `Your tools will be ${a} and ${b}`,
];

const PLAIN_TAILS: readonly ((p: string) => string)[] = [
  (p) => `, working closely with ${p}.`,
  (p) => `, along with clear communication with ${p}.`,
  (p) => `, and you will partner with ${p} to get things done.`,
  (p) => `, and you will work hand in hand with ${p}.`,
  (p) => `; you will report progress to ${p}.`,
];

const PARTNERS: Readonly<Record<MissionSet, readonly string[]>> = {
  engineering: ['product and design', 'the platform team', 'a cross-functional squad'],
  quality_assurance: ['developers and product owners', 'the release team', 'a cross-functional squad'],
  manual_testing: ['developers and business analysts', 'the release manager', 'business users'],
  data: ['analysts and product managers', 'the finance team', 'engineering and product'],
  devops: ['the engineering teams', 'security and compliance', 'the on-call rotation'],
  security: ['the infrastructure team', 'risk and compliance', 'software engineers'],
  infrastructure: ['the service desk', 'network engineers', 'the security team'],
  design: ['product managers and engineers', 'researchers and customers', 'the brand team'],
  product: ['engineering and design', 'sales and customer success', 'the leadership team'],
  analysis: ['business stakeholders', 'developers and testers', 'the project manager'],
  project_delivery: ['the steering committee', 'vendors and business owners', 'delivery teams'],
  sales: ['marketing and solutions engineers', 'customer success', 'the partnerships team'],
  support: ['the product and engineering teams', 'customer success', 'the operations team'],
  service_desk: ['the infrastructure team', 'staff across the business', 'second-level support'],
  operations: ['finance and people teams', 'sales leadership', 'vendors and partners'],
  management: ['product and design leads', 'the executive team', 'other engineering managers'],
  data_science: ['product managers and engineers', 'the analytics team', 'business stakeholders'],
  machine_learning: ['data scientists and engineers', 'the platform team', 'product managers'],
  recruitment: ['hiring managers', 'the people team', 'engineering leads'],
  documentation: ['engineers and product managers', 'the support team', 'developer relations'],
  agile: ['product owners', 'delivery leads', 'the engineering teams'],
  training: ['the service desk', 'team leaders across the business', 'the people team'],
  other: ['engineers and product managers', 'the people team', 'delivery leads'],
};

/** Sentences about the level's scope, several per level index (EXPERIENCE_LEVELS order). */
const LEVEL_SCOPES: readonly (readonly ((n: number) => string)[])[] = [
  [
    () => 'You will get a dedicated mentor and a structured first ninety days.',
    () => 'A buddy and a training plan will help you find your feet.',
    () => 'You will learn from experienced colleagues who enjoy teaching.',
  ],
  [
    () => 'You will take ownership of meaningful projects from your first month.',
    () => 'You will work independently and pick up bigger pieces of work as you grow.',
    () => 'You will own features end to end with support from senior colleagues.',
    () => 'Expect a mix of new work and steady improvements to what already exists.',
    () => 'You will have room to grow towards a senior role.',
  ],
  [
    () => 'You will mentor others and help set the standards the team works to.',
    () => 'You will lead the technical side of projects and coach less experienced colleagues.',
    () => 'You will shape how the team works as well as what it builds.',
    () => 'Your judgement will be trusted on the hardest problems the team has.',
  ],
  [
    (n) => `You will lead a team of ${n} and stay close to the day-to-day work.`,
    (n) => `You will guide a group of ${n} people and set their priorities.`,
    (n) => `You will look after ${n} people and their growth.`,
  ],
  [
    () => 'You will set direction across several teams and advise the leadership group.',
    () => 'You will own the long-term direction of your area.',
    () => 'You will be the senior voice on your discipline across the business.',
  ],
];

const PERK_SENTENCES: readonly ((perk: string) => string)[] = [
  (p) => `Benefits include ${p}.`,
  (p) => `You will also get ${p}.`,
  (p) => `On top of the salary there is ${p}.`,
];

const SETUP_SENTENCES: Readonly<Record<WorkSetup, readonly ((where: string, days: number) => string)[]>> = {
  remote: [
    (w) => `The role is fully remote, with occasional meetups ${w}.`,
    (w) => `You can work from home full time and meet the team ${w} now and then.`,
    (w) => `This is a remote role; the team gets together ${w} a few times a year.`,
  ],
  hybrid: [
    (w, n) => `It is a hybrid role with ${n} days a week in the office ${w}.`,
    (w, n) => `Expect ${n} days a week with the team ${w} and the rest from home.`,
    (w, n) => `The team works ${n} days a week from the office ${w}.`,
    (w) => `Hybrid working is the norm, with office days ${w} agreed by the team.`,
  ],
  onsite: [
    (w) => `You will work onsite with the team ${w}.`,
    (w) => `The role is based in the office ${w}, five days a week.`,
    (w) => `This is an onsite role ${w}.`,
    (w) => `You will be part of the team in the office ${w}.`,
    (w) => `The team works together every day ${w}.`,
  ],
};

const PART_TIME: readonly ((days: number) => string)[] = [
  (n) => `The role is part-time, ${n} days a week; the salary shown is the full-time equivalent.`,
  (n) => `This is a part-time role of ${n} days a week, and the salary shown is pro rata.`,
  (n) => `The role is ${n} days a week; the salary is shown as a full-time equivalent.`,
  (n) => `We are happy with ${n} days a week: the salary shown is for full-time hours.`,
];

const CONTRACT_LEADS: readonly ((months: number, rate: string) => string)[] = [
  (m, r) => `This is a ${m}-month contract at ${r}`,
  (m, r) => `The initial contract runs for ${m} months at ${r}`,
  (m, r) => `The ${m}-month contract pays ${r}`,
  (m, r) => `We are offering a ${m}-month contract at ${r}`,
];
const CONTRACT_TAILS: readonly string[] = [
  ', with a strong chance of extension.',
  ', starting as soon as you are free.',
  '.',
  ', with a view to extending.',
  ', paid weekly.',
];

/** "an" before a vowel sound, as the titles here are spelled ("an iOS", "an SDET", but "a UX"). */
export function article(title: string): string {
  return /^(?:[AEIOi]|SDET)/.test(title) ? 'an' : 'a';
}

/** What a description is written from; `skills` starts with the stack when there is one. */
export interface DescriptionInput {
  readonly title: string;
  /** {@link article} of the title, when the caller has it already. */
  readonly article?: string;
  readonly company: string;
  readonly industry: string;
  readonly missions: MissionSet;
  readonly stack: string | null;
  readonly skills: readonly string[];
  readonly employment: EmploymentType;
  readonly setup: WorkSetup;
  /** "in Sydney", "on the Gold Coast"; for Remote Australia, "in Australia". */
  readonly inCity: string;
  readonly remoteOnly: boolean;
  /** Index into EXPERIENCE_LEVELS. */
  readonly level: number;
  readonly currency: string;
  readonly salaryMin: number;
  readonly salaryMax: number;
  /** Contract months offered (people managers get no short ones). */
  readonly contractMonths: readonly number[];
  /** Contractors quote an hourly rate (US, Canada) rather than a day rate. */
  readonly hourly: boolean;
  /** The country's perks, framework and clearance wording. */
  readonly terms: CountryTerms;
  /** A government or defence employer: the ad asks for the country's clearance, when it has one. */
  readonly cleared: boolean;
  /** On-target earnings for sales roles, or null. */
  readonly onTargetEarnings: number | null;
}

/** Two or three sentences: opening and tools, then maybe the contract, earnings, scope, a perk or the setup. */
export function describePosting(rng: Random, p: DescriptionInput): string {
  const opener = rng.pick(OPENERS);
  const mission = rng.pick(MISSIONS[p.missions])(p.industry, opener.its, p.terms.framework);
  const opening = opener.write(p.article ?? article(p.title), p.title, p.company, mission);
  const { skills } = p;
  let tools: string;
  if (p.stack === null) {
    const [a, b] = skills;
    const useOk = isTool(a) && isTool(b) && rng.next() < 0.3;
    tools =
      rng.pick(useOk ? PLAIN_USE_LEADS : PLAIN_LEADS)(a, b) +
      rng.pick(PLAIN_TAILS)(rng.pick(PARTNERS[p.missions]));
  } else {
    const useOk = isTool(skills[1]) && isTool(skills[2]) && rng.next() < 0.25;
    tools =
      rng.pick(useOk ? STACK_USE_LEADS : STACK_LEADS)(p.stack, skills[1], skills[2]) + rng.pick(STACK_TAILS);
  }
  const clearance = p.cleared && p.terms.clearance !== null ? rng.pick(p.terms.clearance) : null;
  return `${opening} ${tools}${closingSentence(rng, p, clearance)}`;
}

/** "You must ..." from a clause. */
const sentence = (clause: string) => `${clause[0].toUpperCase()}${clause.slice(1)}.`;

/** The third sentence; a clearance joins the contract or part-time sentence, or stands as the third. */
function closingSentence(rng: Random, p: DescriptionInput, clearance: string | null): string {
  const join = (text: string) => (clearance === null ? text : `${text.slice(0, -1)}; ${clearance}.`);
  if (p.employment === 'contract') {
    const lead = rng.pick(CONTRACT_LEADS)(rng.pick(p.contractMonths), contractRate(p));
    return ` ${join(lead + rng.pick(CONTRACT_TAILS))}`;
  }
  if (clearance !== null && p.employment !== 'part_time') return ` ${sentence(clearance)}`;
  if (p.onTargetEarnings !== null) {
    const ote = `${p.currency} ${money(p.onTargetEarnings)}`;
    return rng.next() < 0.5
      ? ` On-target earnings are ${ote} with uncapped commission.`
      : ` With commission, on-target earnings are ${ote}.`;
  }
  if (p.employment === 'part_time') return ` ${join(rng.pick(PART_TIME)(2 + rng.int(3)))}`;
  const u = rng.next();
  if (u < 0.2) return '';
  if (u < 0.45) return ` ${rng.pick(LEVEL_SCOPES[p.level])(3 + rng.int(10))}`;
  if (u < 0.7) return ` ${rng.pick(PERK_SENTENCES)(rng.pick(p.terms.perks))}`;
  if (p.remoteOnly) return ' The role is fully remote for anyone based in Australia.';
  return ` ${rng.pick(SETUP_SENTENCES[p.setup])(p.inCity, 2 + rng.int(2))}`;
}
