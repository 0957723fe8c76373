// The board-shape checks: what a recruiter or a labour-market analyst would notice before any figure — terms
// of one country in another's ads, the same ad open many times, ads posted at 3 a.m. on a Sunday, skills that
// do not fit the title, juniors on contract, doubled words. Each has its expected value and its source, or
// says that it has none (then the expectation is a plain-reading rule, not a published figure).

import { COUNTRY_ONLY_TERMS, HOURLY_COUNTRIES } from '../data/country-terms';
import { locationOf } from '../data/locations';
import { isTool } from '../data/role-skills';
import { TITLE_FAMILIES } from '../data/title-families';
import type { MarketFigure, MarketRow } from './figure-kit';
import { both, TECH, titled, value } from './figure-kit';

const atMost = (v: number) => ({ kind: 'atMost', value: v }) as const;
const atLeast = (v: number) => ({ kind: 'atLeast', value: v }) as const;
const contract = (r: MarketRow) => r.employment_type === 'contract';
const countryOf = (r: MarketRow) => locationOf(r.location)?.country;
const DAY_MS = 86_400_000;
/** Minutes from the epoch back to Monday 1970-01-05 00:00 UTC. */
const EPOCH_MONDAY_MS = 4 * DAY_MS;

/** Local weekday (0 = Monday) and hour of a row's created_at, by its city's standard offset; null without. */
export function localTime(r: MarketRow): { weekday: number; hour: number } | null {
  const place = locationOf(r.location);
  if (r.created_at === null || place === undefined) return null;
  const local = r.created_at + place.utcOffset * 60_000 - EPOCH_MONDAY_MS;
  const days = Math.floor(local / DAY_MS);
  return { weekday: ((days % 7) + 7) % 7, hour: Math.floor((local - days * DAY_MS) / 3_600_000) };
}

/** The terms of one country a row uses outside it (description or skills). */
export function foreignTerms(r: MarketRow): string[] {
  const country = countryOf(r);
  if (country === undefined) return [];
  const text = `${r.description}\n${r.required_skills.join('\n')}`;
  return COUNTRY_ONLY_TERMS.filter(([term, home]) => home !== country && term.test(text)).map(
    ([t]) => t.source,
  );
}

/** A word written twice in a row ("services services"), case-insensitive. */
export const DOUBLED_WORD = /\b(\w+)\s+\1\b/i;
/** A possessive added to a word ending in s ("Apps's"). */
export const S_APOSTROPHE_S = /s's\b/;
/** "use" sentences of the descriptions, with the two or three things they use. */
const USE_SENTENCES = [
  /You will use ([^,.]+?), ([^,.]+?) and ([^,.]+?) daily/,
  /You will use ([^,.]+?) and ([^,.]+?) every week/,
  /Your tools will be ([^,.]+?) and ([^,.]+?)[,;.]/,
];

/** The practices (not tools) a row's description says the hire will "use". */
export function usedPractices(r: MarketRow): string[] {
  for (const pattern of USE_SENTENCES) {
    const m = pattern.exec(r.description);
    if (m) return m.slice(1).filter((s) => !isTool(s));
  }
  return [];
}

const CLOUDS = ['AWS', 'Azure', 'GCP'];
const cloudIn = (cloud: string) => (r: MarketRow) => r.required_skills.includes(cloud);
const namesCloud = (r: MarketRow) =>
  TECH.has(r.role_category) && r.required_skills.some((s) => CLOUDS.includes(s));

/** The board-shape figures, in report order. */
export const BOARD_FIGURES: readonly MarketFigure[] = [
  {
    label: 'ads using another country’s terms',
    source:
      'superannuation, Essential Eight, nine-day fortnight, aged care, NDIS: Australia only (no source needed)',
    target: atMost(0),
    measure: { kind: 'count', of: (r) => foreignTerms(r).length > 0 },
  },
  {
    label: 'most active ads per company, title and city',
    source: 'a company advertises a role once, a few times at most (no source)',
    target: atMost(3),
    measure: {
      kind: 'groupMax',
      key: (r) => (r.status === 'active' ? `${r.company}\n${r.title}\n${r.location}` : null),
    },
  },
  {
    label: 'ads posted on a weekend (local time)',
    source: 'ads are posted in office hours, mostly on weekdays (no source)',
    target: atMost(0.12),
    measure: {
      kind: 'share',
      of: (r) => (localTime(r)?.weekday ?? 0) >= 5,
      where: (r) => localTime(r) !== null,
    },
  },
  {
    label: 'ads posted 07:00-19:00 (local time)',
    source: 'ads are posted in office hours, mostly on weekdays (no source)',
    target: atLeast(0.8),
    measure: {
      kind: 'share',
      of: (r) => {
        const hour = localTime(r)?.hour ?? -1;
        return hour >= 7 && hour < 19;
      },
      where: (r) => localTime(r) !== null,
    },
  },
  {
    label: 'active ads older than 30 days',
    source: 'ad lifetime: SEEK ads live at most 30 days (developer.seek.com)',
    target: atMost(0),
    measure: { kind: 'count', of: (r) => r.status === 'active' && (r.age_days ?? 0) > 30 },
  },
  ...TITLE_FAMILIES.map(
    (family): MarketFigure => ({
      label: `${family.name} ads with a skill of the family`,
      source: `${family.name}: ${family.skills.join(', ')} (title-families.ts; no source)`,
      target: atLeast(0.95),
      measure: {
        kind: 'share',
        of: (r) => r.required_skills.some((s) => family.skills.includes(s)),
        where: titled(family.pattern),
      },
    }),
  ),
  ...(
    [
      ['AWS', 54],
      ['Azure', 31],
      ['GCP', 31],
    ] as const
  ).map(
    ([cloud, percent]): MarketFigure => ({
      label: `${cloud} share of clouds named in technical ads`,
      source: 'AWS 54%, Azure 31%, GCP 31% of developers (Stack Overflow 2024), as shares of the three',
      target: value(percent / 116),
      measure: { kind: 'share', of: cloudIn(cloud), where: namesCloud },
    }),
  ),
  {
    label: 'contract share of Junior ads',
    source: 'graduates and juniors are hired permanent (no source)',
    target: atMost(0.15),
    measure: { kind: 'share', of: contract, where: (r) => r.experience_level === 'Junior' },
  },
  {
    label: 'contract share of sales ads',
    source: 'sales is paid on commission, rarely by contract (no source)',
    target: atMost(0.15),
    measure: { kind: 'share', of: contract, where: (r) => r.role_category === 'sales' },
  },
  {
    label: 'contract share of heads and directors',
    source: 'heads of a function are hired permanent (no source)',
    target: atMost(0.15),
    measure: { kind: 'share', of: contract, where: titled(/^(?:Head|Director) of/) },
  },
  {
    label: 'US and Canada contracts quoting an hourly rate',
    source: 'US and Canadian contractors quote an hourly rate (no source)',
    target: atLeast(1),
    measure: {
      kind: 'share',
      of: (r) => / an hour\b/.test(r.description),
      where: both(contract, (r) => HOURLY_COUNTRIES.has(countryOf(r) ?? '')),
    },
  },
  {
    label: 'other contracts quoting a day rate',
    source: 'contractors day rates (emanatetechnology.com.au; Hays 2022): UK, EU and Australia quote a day',
    target: atLeast(1),
    measure: {
      kind: 'share',
      of: (r) => / a day\b/.test(r.description),
      where: both(contract, (r) => countryOf(r) !== undefined && !HOURLY_COUNTRIES.has(countryOf(r) ?? '')),
    },
  },
  {
    label: 'Canberra ads asking for a security clearance',
    source: 'most Canberra ICT employers are federal government or defence (no source)',
    target: atLeast(0.3),
    measure: {
      kind: 'share',
      of: (r) => /clearance/.test(r.description),
      where: (r) => r.location === 'Canberra, ACT',
    },
  },
  {
    label: 'cancelled share of closed ads',
    source: 'most ads close filled or expired, few cancelled (no source)',
    target: atMost(0.25),
    measure: { kind: 'share', of: (r) => r.is_cancelled, where: (r) => r.status === 'closed' },
  },
  {
    label: 'doubled words',
    source: 'no word twice in a row ("services services")',
    target: atMost(0),
    measure: { kind: 'count', of: (r) => DOUBLED_WORD.test(r.description) || DOUBLED_WORD.test(r.title) },
  },
  {
    label: "possessive s's",
    source: 'a name ending in s takes an apostrophe alone ("Laneway Apps\'")',
    target: atMost(0),
    measure: { kind: 'count', of: (r) => S_APOSTROPHE_S.test(r.description) },
  },
  {
    label: '"use" sentences naming a practice',
    source: 'a hire uses tools, not soft skills ("use Customer Communication")',
    target: atMost(0),
    measure: { kind: 'count', of: (r) => usedPractices(r).length > 0 },
  },
];
