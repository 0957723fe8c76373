// Rules that follow a title wherever it appears (with or without a stack): the levels it is advertised at, the
// category skills that fit it, what it pays where a source says so, and which missions describe it.

import type { ExperienceLevel, RoleCategory } from '../db/enums';

/**
 * Levels a kind of title is never advertised at: no junior architects, coaches, directors or business
 * development managers; no lead or principal service desk, coordinators, manual testers or reporting analysts.
 * (No source counts these; they follow what Australian ads call roles.)
 */
const LEVEL_RULES: readonly (readonly [RegExp, readonly ExperienceLevel[]])[] = [
  [/Architect/, ['Senior', 'Lead', 'Principal']],
  [/Agile Coach/, ['Senior', 'Lead']],
  [/Business Development Manager/, ['Mid-level', 'Senior']],
  [/Scrum Master/, ['Junior', 'Mid-level', 'Senior']],
  // The story's "Playwright QA Automation Engineer" reads as a mid-level title; other levels use the
  // "QA Automation Engineer (Playwright)" form.
  [/^Playwright QA Automation Engineer$/, ['Mid-level']],
  [
    /Service Desk|Help Desk|Desktop Support|IT Support|Coordinator|Manual Test|Reporting Analyst|Systems Analyst/,
    ['Junior', 'Mid-level', 'Senior'],
  ],
];

/** The levels `title` may be advertised at, out of `levels` (the category's or the role's). */
export function allowedLevels(title: string, levels: readonly ExperienceLevel[]): ExperienceLevel[] {
  const rule = LEVEL_RULES.find(([pattern]) => pattern.test(title));
  return rule ? levels.filter((l) => rule[1].includes(l)) : [...levels];
}

/** Category skills that do not fit a kind of title, e.g. Docker on a mobile role. */
const SKILL_EXCLUSIONS: readonly (readonly [RegExp, readonly string[]])[] = [
  [/iOS|Android|Swift|Kotlin/, ['Docker', 'Observability', 'System Design']],
  [/Engineer|Scientist/, ['Dashboarding', 'Stakeholder Management', 'Excel']],
];

/** The category skills that fit `title` (stack titles draw from these besides the stack's own). */
export function fittingSkills(title: string, skills: readonly string[]): string[] {
  const excluded = SKILL_EXCLUSIONS.filter(([p]) => p.test(title)).flatMap(([, s]) => s);
  return skills.filter((s) => !excluded.includes(s));
}

/** Annual AUD medians per level for a kind of title, from the market figures (source per row). */
export type PayTargets = Readonly<Partial<Record<ExperienceLevel, number>>>;

/**
 * Per-title pay where a category band misses a published figure by more than 20%. The factor applied to the
 * band is target / band midpoint, in every currency (other countries have no per-title source).
 */
const PAY_RULES: readonly (readonly [RegExp, PayTargets])[] = [
  // "Scrum Master: entry / mid / senior 130,000 / 150,000 / 170,000" (cirqlegroup.com).
  [/Scrum Master/, { Junior: 130_000, 'Mid-level': 150_000, Senior: 170_000 }],
  // Agile coaches sit above scrum masters (no source).
  [/Agile Coach/, { Senior: 175_000, Lead: 195_000 }],
  // "data scientist: graduate / mid / senior / lead-principal 78-100k / 110-140k / 140-180k / 180-215k+".
  [
    /Data Scientist/,
    { Junior: 89_000, 'Mid-level': 125_000, Senior: 160_000, Lead: 190_000, Principal: 210_000 },
  ],
  // "cloud architect (Azure/AWS): average advertised 150,909" (Indeed 2025); the same for solutions architects.
  [/Architect/, { Senior: 142_000, Lead: 158_000, Principal: 176_000 }],
  // "platform engineer: average advertised 139,917".
  [
    /Platform Engineer/,
    { Junior: 85_000, 'Mid-level': 125_000, Senior: 150_000, Lead: 172_000, Principal: 195_000 },
  ],
  // "service desk analyst: entry / median / experienced 65,000 / 68,000 / over 100,000" (randstad): senior
  // bands reach 100,000 in Sydney and Melbourne.
  [/Service Desk|Help Desk/, { Junior: 63_000, 'Mid-level': 68_000, Senior: 92_000 }],
  // "IT support: average 73,000" (randstad).
  [/IT Support|Desktop Support/, { Junior: 62_000, 'Mid-level': 72_000, Senior: 86_000 }],
  // "product manager: average about 130,000" (RMIT Online 2023).
  [
    /Product Manager/,
    { Junior: 100_000, 'Mid-level': 130_000, Senior: 152_000, Lead: 172_000, Principal: 195_000 },
  ],
  // "UX designer: early / mid / experienced 72,600 / 86,000 / 107,400" (Payscale).
  [
    /UX Designer/,
    { Junior: 72_600, 'Mid-level': 86_000, Senior: 107_400, Lead: 125_000, Principal: 140_000 },
  ],
];

/** The published AUD medians for `title`, or undefined when its category band stands. */
export function payTargets(title: string): PayTargets | undefined {
  return PAY_RULES.find(([pattern]) => pattern.test(title))?.[1];
}

/** People managers: never on a short contract. Project managers lead projects, not people. */
export function leadsPeople(category: RoleCategory, title: string): boolean {
  return category === 'management' && !/Project Manager/.test(title);
}

/** Which set of missions describes the title (description.ts); the category's own unless a rule says so. */
export type MissionSet =
  | RoleCategory
  | 'manual_testing'
  | 'analysis'
  | 'project_delivery'
  | 'security'
  | 'infrastructure'
  | 'service_desk'
  | 'data_science'
  | 'machine_learning'
  | 'recruitment'
  | 'documentation'
  | 'agile'
  | 'training';

const MISSION_RULES: readonly (readonly [RegExp, MissionSet])[] = [
  [/Manual Test|Test Analyst|QA Analyst/, 'manual_testing'],
  [/Business Analyst|Systems Analyst/, 'analysis'],
  [/Project Manager/, 'project_delivery'],
  [/Security/, 'security'],
  [/Systems Administrator/, 'infrastructure'],
  [/Service Desk|Help Desk|IT Support|Desktop Support/, 'service_desk'],
  [/Data Scientist/, 'data_science'],
  [/Machine Learning/, 'machine_learning'],
  [/Recruiter/, 'recruitment'],
  [/Technical Writer/, 'documentation'],
  [/Scrum Master|Agile Coach/, 'agile'],
  [/Trainer/, 'training'],
];

/** The mission set of a title in a category. */
export function missionSetOf(category: RoleCategory, title: string): MissionSet {
  return MISSION_RULES.find(([pattern]) => pattern.test(title))?.[1] ?? category;
}
