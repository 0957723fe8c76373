import { CURATED_POSTINGS } from '../src/data/curated';
import { DEFAULT_RANDOM_SEED, generatePostings } from '../src/data/generate';
import { localTime } from '../src/report/board-figures';
import type { MarketRow } from '../src/report/figure-kit';
import { MarketCheck, type MarketResult, marketCheck } from '../src/report/market-check';
import { MARKET_FIGURES } from '../src/report/market-figures';
import { marketRowOf } from '../src/report/posting-rows';

/**
 * Issue 18: each board-shape check passes on the generated board and shows OFF when its flaw is put in on
 * purpose — rows fed straight to the pure check, no database.
 */
const NOW = Date.parse('2026-11-29T22:30:00Z');
const ROWS: readonly MarketRow[] = [
  ...CURATED_POSTINGS.map((p) => marketRowOf(p, NOW)),
  ...[...generatePostings(0, 8000, DEFAULT_RANDOM_SEED)].map((p) => marketRowOf(p, NOW)),
];

/** The checks on the generated board, run once for all the "pass" tests (each passes alone: made on first use). */
let boardResults: MarketResult[] | undefined;

const resultOf = (rows: readonly MarketRow[], label: string) => {
  if (rows === ROWS) boardResults ??= marketCheck(ROWS);
  const result = rows === ROWS ? boardResults?.find((r) => r.label === label) : flawedResult(rows, label);
  if (!result) throw new Error(`no figure labelled ${label}`);
  return result;
};

/**
 * A flawed board checked against the one figure its flaw is aimed at: each figure's measure is kept apart from the
 * others' (MarketCheck's state per figure), so this is the result the whole check gives for it, at a fortieth of
 * the CPU (the whole check on 8,000 rows for each of the 17 flaws was most of this file's time).
 */
function flawedResult(rows: readonly MarketRow[], label: string): MarketResult | undefined {
  const check = new MarketCheck(MARKET_FIGURES.filter((f) => f.label === label));
  for (const row of rows) check.add(row);
  return check.results()[0];
}

/** Rows with `change` applied to those `which` picks (all of them by default). */
function flawed(
  change: (r: MarketRow) => Partial<MarketRow>,
  which: (r: MarketRow) => boolean = () => true,
): MarketRow[] {
  return ROWS.map((r) => (which(r) ? { ...r, ...change(r) } : r));
}

const berlin = (r: MarketRow) => r.location === 'Berlin, Germany';
const SATURDAY_NOON_SYDNEY = Date.parse('2026-11-28T02:00:00Z');
const ML = /Machine Learning/;

const FLAWS: readonly (readonly [label: string, rows: () => MarketRow[]])[] = [
  [
    'ads using another country’s terms',
    () => flawed((r) => ({ description: `${r.description} Benefits include superannuation.` }), berlin),
  ],
  [
    'ads using another country’s terms',
    () => flawed((r) => ({ required_skills: [...r.required_skills, 'Essential Eight'] }), berlin),
  ],
  [
    'most active ads per company, title and city',
    () => {
      const active = ROWS.find((r) => r.status === 'active') as MarketRow;
      return [...ROWS, active, active, active, active];
    },
  ],
  [
    'ads posted on a weekend (local time)',
    () =>
      flawed(
        () => ({ created_at: SATURDAY_NOON_SYDNEY }),
        (r) => r.location.endsWith('NSW'),
      ),
  ],
  [
    'ads posted 07:00-19:00 (local time)',
    () => flawed((r) => ({ created_at: (r.created_at ?? 0) + 12 * 3_600_000 })),
  ],
  ['active ads older than 30 days', () => [...ROWS, { ...ROWS[0], status: 'active', age_days: 45 }]],
  [
    'Machine Learning Engineer ads with a skill of the family',
    () =>
      flawed(
        () => ({ required_skills: ['Python', 'SQL', 'Airflow', 'Docker'] }),
        (r) => ML.test(r.title),
      ),
  ],
  [
    'Data Scientist ads with a skill of the family',
    () =>
      flawed(
        () => ({ required_skills: ['Python', 'SQL', 'Airflow', 'Docker'] }),
        (r) => /Data Scientist/.test(r.title),
      ),
  ],
  [
    'contract share of Junior ads',
    () =>
      flawed(
        () => ({ employment_type: 'contract' }),
        (r) => r.experience_level === 'Junior',
      ),
  ],
  [
    'contract share of sales ads',
    () =>
      flawed(
        () => ({ employment_type: 'contract' }),
        (r) => r.role_category === 'sales',
      ),
  ],
  [
    'US and Canada contracts quoting an hourly rate',
    () => flawed((r) => ({ description: r.description.replace(/ an hour\b/, ' a day') })),
  ],
  [
    'GCP share of clouds named in technical ads',
    () => flawed((r) => ({ required_skills: r.required_skills.filter((s) => s !== 'GCP') })),
  ],
  [
    'cancelled share of closed ads',
    () =>
      flawed(
        () => ({ is_cancelled: true }),
        (r) => r.status === 'closed',
      ),
  ],
  [
    'Canberra ads asking for a security clearance',
    () => flawed((r) => ({ description: r.description.replace(/clearance/g, 'check') })),
  ],
  [
    'doubled words',
    () => flawed((r) => ({ description: `${r.description} Its government services services.` }), berlin),
  ],
  ["possessive s's", () => [...ROWS, { ...ROWS[0], description: "Laneway Apps's food-delivery app." }]],
  [
    '"use" sentences naming a practice',
    () => [
      ...ROWS,
      { ...ROWS[0], description: 'You will use Customer Communication and Microsoft 365 every week, daily.' },
    ],
  ],
];

describe('board-shape checks', () => {
  it.each(FLAWS.map(([label]) => [label]).filter(([l], i, all) => all.findIndex(([m]) => m === l) === i))(
    'pass on the generated board: %s',
    (label) => {
      const result = resultOf(ROWS, label);
      expect(result.measured).not.toBeNull();
      expect(result.flagged).toBe(false);
    },
  );

  it.each(FLAWS.map(([label, rows], i) => [i, label, rows] as const))(
    'shows OFF when the flaw is put in (%i): %s',
    (_, label, rows) => {
      expect(resultOf(rows(), label).flagged).toBe(true);
    },
  );

  it('reads local time by the city’s offset: Saturday noon in Sydney is a weekend, in London Friday night', () => {
    const row = { ...ROWS[0], created_at: SATURDAY_NOON_SYDNEY };
    expect(localTime({ ...row, location: 'Sydney, NSW' })).toEqual({ weekday: 5, hour: 12 });
    expect(localTime({ ...row, location: 'London, UK' })).toEqual({ weekday: 5, hour: 2 });
    expect(localTime({ ...row, location: 'New York, NY' })).toEqual({ weekday: 4, hour: 21 });
  });
});
