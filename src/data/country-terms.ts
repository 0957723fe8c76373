// What differs by country: benefits, security frameworks and clearances, how contracts are paid, how much of
// the market contracts and works remotely, and terms that only one country uses. Australian terms
// (superannuation, Essential Eight, a nine-day fortnight, aged care, NDIS) never appear in another country's ads;
// COUNTRY_ONLY_TERMS lists them for the market check.

import type { WorkSetup } from '../db/enums';
import type { Weighted } from './random';
import { weighted } from './random';

/** An employer's work policy; each of its ads follows it (mixes.ts). */
export type WorkPolicy = 'remote-first' | 'hybrid' | 'office';

/**
 * Work policies per country. Australia: "Australian jobs advertised as fully remote 6%" (LinkedIn, Oct 2022)
 * and remote or hybrid between Indeed's 14.3% and ICT's share under 43.1% (SEEK). Elsewhere "13% globally"
 * fully remote (LinkedIn), spread by country with no source: the US and Canada above, Singapore and Germany below.
 */
export const POLICY_MIX: Readonly<Record<string, Weighted<WorkPolicy>>> = Object.fromEntries(
  (
    [
      ['Australia', 7, 27, 66],
      ['United States', 17, 43, 40],
      ['United Kingdom', 12, 58, 30],
      ['Singapore', 4, 36, 60],
      ['Philippines', 14, 30, 56],
      ['Germany', 9, 56, 35],
      ['Netherlands', 11, 62, 27],
      ['Canada', 15, 50, 35],
      ['New Zealand', 8, 50, 42],
    ] as const
  ).map(([country, remote, hybrid, office]) => [
    country,
    weighted<WorkPolicy>([
      ['remote-first', remote],
      ['hybrid', hybrid],
      ['office', office],
    ]),
  ]),
);

/** The setups of one policy's ads: a remote-first employer still has the odd hybrid role, and so on. */
export const POLICY_SETUPS: Readonly<Record<WorkPolicy, Weighted<WorkSetup>>> = {
  'remote-first': weighted<WorkSetup>([
    ['remote', 88],
    ['hybrid', 12],
  ]),
  hybrid: weighted<WorkSetup>([
    ['hybrid', 90],
    ['onsite', 8],
    ['remote', 2],
  ]),
  office: weighted<WorkSetup>([
    ['onsite', 92],
    ['hybrid', 8],
  ]),
};

/**
 * The cloud an employer uses: market figures, "languages used by developers ... AWS 54%, Azure 31%, GCP 31%"
 * (Stack Overflow 2024), read as each cloud's share of employers.
 */
export const CLOUD_USAGE = weighted<string>([
  ['AWS', 54],
  ['Azure', 31],
  ['GCP', 31],
]);

/**
 * How often contracts are advertised relative to Australia (SEEK's 42% non-full-time ICT ads). No source for
 * the other countries: the UK and the Netherlands contract about as much, the US, Germany and Asia less.
 */
export const CONTRACT_FACTOR: Readonly<Record<string, number>> = {
  Australia: 1,
  'United States': 0.6,
  'United Kingdom': 1.1,
  Singapore: 0.7,
  Philippines: 0.5,
  Germany: 0.5,
  Netherlands: 0.9,
  Canada: 0.7,
  'New Zealand': 0.9,
};

/** Countries whose contractors quote an hourly rate (the US and Canada); the rest quote a day rate. */
export const HOURLY_COUNTRIES: ReadonlySet<string> = new Set(['United States', 'Canada']);

/** What differs in an ad's wording by country. */
export interface CountryTerms {
  /** Benefits an ad may mention. */
  readonly perks: readonly string[];
  /** The security framework a security role works to. */
  readonly framework: string;
  /** The sentence a government or defence employer's ad ends with, or null where none is named. */
  readonly clearance: readonly string[] | null;
  /** Skills renamed for the country (Essential Eight -> Cyber Essentials in the UK). */
  readonly skills: ReadonlyMap<string, string>;
}

const SHARED_PERKS = [
  'a generous learning budget',
  'extra paid parental leave',
  'an annual wellbeing allowance',
  'a home office budget',
  'paid volunteering days',
  'an extra week of leave',
];

function terms(
  perks: readonly string[],
  framework: string,
  clearance: readonly string[] | null,
): CountryTerms {
  const skills = new Map<string, string>();
  if (framework !== 'Essential Eight') skills.set('Essential Eight', framework);
  return { perks: [...SHARED_PERKS, ...perks], framework, clearance, skills };
}

/** Per country: perks, framework and clearance wording. */
export const COUNTRY_TERMS: Readonly<Record<string, CountryTerms>> = {
  Australia: terms(
    ['a nine-day fortnight', 'superannuation above the legal minimum', 'salary packaging'],
    'Essential Eight',
    [
      'You must be an Australian citizen able to obtain a Baseline security clearance.',
      'An NV1 security clearance, or the ability to obtain one, is required.',
      'Australian citizenship and a current Baseline clearance are essential.',
      'You will need to hold or obtain an NV1 clearance; Australian citizenship is required.',
    ],
  ),
  'United States': terms(
    ['401(k) matching', 'medical, dental and vision cover', 'an annual equity refresh'],
    'NIST CSF',
    [
      'US citizenship and the ability to obtain a Secret clearance are required.',
      'An active Secret clearance, or the ability to obtain one, is required.',
    ],
  ),
  'United Kingdom': terms(
    ['a pension with generous employer contributions', 'private medical insurance', '25 days of holiday'],
    'Cyber Essentials',
    [
      'You will need to hold or be eligible for SC clearance.',
      'The role requires SC clearance, or eligibility to obtain it.',
    ],
  ),
  Singapore: terms(['medical and dental cover', 'an annual performance bonus'], 'ISO 27001', null),
  Philippines: terms(['HMO coverage for you and your dependants', 'a 13th-month bonus'], 'ISO 27001', null),
  Germany: terms(['30 days of holiday', 'a public transport ticket'], 'ISO 27001', null),
  Netherlands: terms(['a pension scheme', 'a travel allowance', '25 days of holiday'], 'ISO 27001', null),
  Canada: terms(['extended health and dental benefits', 'RRSP matching'], 'NIST CSF', [
    'You must be eligible for Reliability Status or Secret clearance.',
  ]),
  'New Zealand': terms(['KiwiSaver contributions above the minimum', 'health insurance'], 'ISO 27001', [
    'You will need to obtain a New Zealand government security clearance.',
  ]),
};

/** Words and phrases that belong to one country: the market check counts them in any other country's ads. */
export const COUNTRY_ONLY_TERMS: readonly (readonly [term: RegExp, country: string])[] = [
  [/superannuation/i, 'Australia'],
  [/Essential Eight/, 'Australia'],
  [/nine-day fortnight/, 'Australia'],
  [/aged care/i, 'Australia'],
  [/\bNDIS\b/, 'Australia'],
  [/\b(?:Baseline|NV1|NV2) (?:security )?clearance/, 'Australia'],
  [/401\(k\)/, 'United States'],
  [/KiwiSaver/, 'New Zealand'],
  [/\bSC clearance/, 'United Kingdom'],
  [/RRSP/, 'Canada'],
  [/13th-month/, 'Philippines'],
];
