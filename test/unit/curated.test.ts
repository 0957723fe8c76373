import { CURATED_POSTINGS } from '../../src/data/curated';
import { CONTRACT_PREMIUM } from '../../src/data/salary-bands';
import { payTargets } from '../../src/data/title-rules';
import type { Currency } from '../../src/data/vocabulary';
import {
  locationOf,
  NON_TECHNICAL_CATEGORIES,
  SALARY_STEP,
  salaryBand,
  techStackOf,
} from '../../src/data/vocabulary';
import {
  EMPLOYMENT_TYPES,
  EXPERIENCE_LEVELS,
  POSTING_STATUSES,
  ROLE_CATEGORIES,
  WORK_SETUPS,
} from '../../src/db/enums';
import { NAMED_STACKS } from '../support/coverage';
import { sentences } from '../support/text';

const postings = CURATED_POSTINGS;
const distinct = <T>(values: readonly T[]) => new Set(values);

/**
 * The story's 22 sample jobs: their keys, titles, cities and pay, as the story gives them (companies are fictional
 * names now, in place of the story's placeholders).
 */
const STORY_SAMPLES = [
  ['senior-react-developer-techcorp', 'Senior React Developer', 'Remote Australia', 120000, 150000],
  ['python-backend-engineer-startup-xyz', 'Python Backend Engineer', 'Sydney, NSW', 100000, 115000],
  [
    'typescript-fullstack-developer-fintech-ltd',
    'TypeScript Fullstack Developer',
    'Melbourne, VIC',
    120000,
    145000,
  ],
  ['go-microservices-architect-cloudco', 'Go Microservices Architect', 'Remote Australia', 150000, 180000],
  ['rust-systems-engineer-deeptech', 'Rust Systems Engineer', 'Brisbane, QLD', 130000, 160000],
  ['java-enterprise-developer-bigcorp', 'Java Enterprise Developer', 'Sydney, NSW', 95000, 115000],
  ['php-web-developer-agency-abc', 'PHP Web Developer', 'Melbourne, VIC', 85000, 100000],
  ['nodejs-api-developer-saas-inc', 'Node.js API Developer', 'Remote Australia', 90000, 115000],
  [
    'playwright-qa-automation-engineer-testpro',
    'Playwright QA Automation Engineer',
    'Remote Australia',
    85000,
    110000,
  ],
  ['dotnet-developer-enterpriseco', '.NET Developer', 'Brisbane, QLD', 95000, 115000],
  ['ruby-on-rails-developer-startup-hub', 'Ruby on Rails Developer', 'Remote Australia', 120000, 140000],
  ['swift-ios-developer-mobileapp-co', 'Swift iOS Developer', 'Sydney, NSW', 120000, 145000],
  ['kotlin-android-engineer-appdev', 'Kotlin Android Engineer', 'Melbourne, VIC', 100000, 115000],
  ['frontend-designer-ui-ux-studio', 'Frontend Designer', 'Remote Australia', 85000, 105000],
  ['data-analyst-datacorp', 'Data Analyst', 'Adelaide, SA', 85000, 110000],
  ['devops-engineer-cloudops', 'DevOps Engineer', 'Remote Australia', 120000, 150000],
  ['product-manager-productco', 'Product Manager', 'Sydney, NSW', 130000, 160000],
  ['sales-engineer-salestech', 'Sales Engineer', 'Melbourne, VIC', 90000, 110000],
  [
    'technical-support-specialist-supporthub',
    'Technical Support Specialist',
    'Remote Australia',
    60000,
    72000,
  ],
  ['engineering-manager-scaleup', 'Engineering Manager', 'Sydney, NSW', 150000, 180000],
  ['junior-react-developer-academy', 'Junior React Developer', 'Remote Australia', 60000, 75000],
  ['mid-level-python-engineer-datateam', 'Mid-level Python Engineer', 'Brisbane, QLD', 85000, 105000],
] as const;
const STORY_KEYS = new Set<string>(STORY_SAMPLES.map(([key]) => key));

describe('curated postings: size and identity', () => {
  it('has at least 32 postings', () => {
    expect(postings.length).toBeGreaterThanOrEqual(32);
  });

  it('has unique, kebab-case keys', () => {
    for (const p of postings) expect(p.key).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
    expect(distinct(postings.map((p) => p.key)).size).toBe(postings.length);
  });

  it('never repeats a (title, company, location)', () => {
    const identities = postings.map((p) => `${p.title}|${p.company}|${p.location}`.toLowerCase());
    expect(distinct(identities).size).toBe(postings.length);
  });

  it('includes every sample job of the story, with its title, city and pay', () => {
    const byKey = new Map(postings.map((p) => [p.key, p]));
    for (const [key, title, location, min, max] of STORY_SAMPLES) {
      const p = byKey.get(key);
      expect({ key, title: p?.title, location: p?.location, min: p?.salary_min, max: p?.salary_max }).toEqual(
        {
          key,
          title,
          location,
          min,
          max,
        },
      );
    }
  });
});

describe('curated postings: coverage', () => {
  it('covers every role category', () => {
    expect([...distinct(postings.map((p) => p.role_category))].sort()).toEqual([...ROLE_CATEGORIES].sort());
  });

  it('covers at least 14 tech stacks including the 13 the story names', () => {
    const stacks = distinct(postings.flatMap((p) => (p.tech_stack ? [p.tech_stack] : [])));
    expect(stacks.size).toBeGreaterThanOrEqual(14);
    expect(NAMED_STACKS.filter((s) => !stacks.has(s))).toEqual([]);
  });

  it('covers every employment type, work setup and experience level', () => {
    expect([...distinct(postings.map((p) => p.employment_type))].sort()).toEqual(
      [...EMPLOYMENT_TYPES].sort(),
    );
    expect([...distinct(postings.map((p) => p.work_setup))].sort()).toEqual([...WORK_SETUPS].sort());
    expect([...distinct(postings.map((p) => p.experience_level))].sort()).toEqual(
      [...EXPERIENCE_LEVELS].sort(),
    );
  });

  it('covers at least 10 locations, Australian and international', () => {
    const locations = distinct(postings.map((p) => p.location));
    expect(locations.size).toBeGreaterThanOrEqual(10);
    const expected = [
      'Sydney, NSW',
      'Melbourne, VIC',
      'Brisbane, QLD',
      'Remote Australia',
      'San Francisco, CA',
      'New York, NY',
      'London, UK',
      'Singapore',
      'Manila, Philippines',
    ];
    expect(expected.filter((l) => !locations.has(l))).toEqual([]);
  });

  it('uses only valid enum values', () => {
    for (const p of postings) {
      expect(ROLE_CATEGORIES).toContain(p.role_category);
      expect(EMPLOYMENT_TYPES).toContain(p.employment_type);
      expect(WORK_SETUPS).toContain(p.work_setup);
      expect(EXPERIENCE_LEVELS).toContain(p.experience_level);
      if (p.status !== undefined) expect(POSTING_STATUSES).toContain(p.status);
    }
  });

  it('is mostly active, with a few postings in other states', () => {
    const inactive = postings.filter((p) => (p.status ?? 'active') !== 'active');
    expect(inactive.length).toBeGreaterThanOrEqual(1);
    expect(inactive.length).toBeLessThanOrEqual(3);
    for (const p of postings) {
      if (p.is_cancelled) expect(p.status).toBe('closed');
      if (p.cancellation_reason) expect(p.is_cancelled).toBe(true);
    }
  });
});

describe('curated postings: tech stacks and skills', () => {
  it('has no tech stack on non-technical roles', () => {
    expect(NON_TECHNICAL_CATEGORIES).toEqual(expect.arrayContaining(['sales', 'support', 'operations']));
    const offenders = postings.filter(
      (p) => NON_TECHNICAL_CATEGORIES.includes(p.role_category) && p.tech_stack,
    );
    expect(offenders.map((p) => p.key)).toEqual([]);
  });

  it('has no tech stack on most management, product and other roles', () => {
    const mixed = postings.filter((p) => ['management', 'product', 'other'].includes(p.role_category));
    const withStack = mixed.filter((p) => p.tech_stack !== null);
    expect(withStack.length * 2).toBeLessThan(mixed.length);
  });

  it('uses stacks the vocabulary knows, in a role category they fit', () => {
    for (const p of postings) {
      if (p.tech_stack === null) continue;
      const stack = techStackOf(p.tech_stack);
      expect(stack).toBeDefined();
      expect({ key: p.key, fits: Boolean(stack?.roles[p.role_category]) }).toEqual({
        key: p.key,
        fits: true,
      });
    }
  });

  it('lists 4-8 distinct skills, including the tech stack verbatim', () => {
    for (const p of postings) {
      expect(p.required_skills.length).toBeGreaterThanOrEqual(4);
      expect(p.required_skills.length).toBeLessThanOrEqual(8);
      expect(distinct(p.required_skills).size).toBe(p.required_skills.length);
      if (p.tech_stack) expect(p.required_skills).toContain(p.tech_stack);
    }
  });
});

describe('curated postings: descriptions', () => {
  it('has 2-3 sentences per description', () => {
    for (const p of postings) {
      const count = sentences(p.description);
      expect({ key: p.key, ok: count >= 2 && count <= 3 }).toEqual({ key: p.key, ok: true });
    }
  });

  it('never repeats a description or an opening sentence', () => {
    expect(distinct(postings.map((p) => p.description)).size).toBe(postings.length);
    const openings = postings.map((p) => p.description.split(/(?<=[.!?])\s/)[0]);
    expect(distinct(openings).size).toBe(postings.length);
  });
});

describe('curated postings: locations and salaries', () => {
  it('uses known locations, each in its own currency', () => {
    for (const p of postings) {
      const location = locationOf(p.location);
      expect(location).toBeDefined();
      expect({ key: p.key, currency: p.salary_currency }).toEqual({
        key: p.key,
        currency: location?.currency,
      });
      if (location?.remoteOnly) expect(p.work_setup).toBe('remote');
    }
  });

  it('has salary_min <= salary_max, in whole steps, and (story samples aside) pays what synthetic ones would', () => {
    for (const p of postings) {
      expect(p.salary_min).not.toBeNull();
      expect(p.salary_max).not.toBeNull();
      const min = p.salary_min as number;
      const max = p.salary_max as number;
      const currency = p.salary_currency as Currency;
      expect(min).toBeLessThanOrEqual(max);
      expect(min % SALARY_STEP[currency]).toBe(0);
      expect(max % SALARY_STEP[currency]).toBe(0);
      if (STORY_KEYS.has(p.key)) continue;
      // The synthetic band for the role: category band x city x title factor (x the contract premium).
      const [lo, hi] = salaryBand(currency, p.experience_level, p.role_category);
      const target = payTargets(p.title)?.[p.experience_level];
      const title = target === undefined ? 1 : target / ((lo + hi) / 2);
      const contract = p.employment_type === 'contract' ? CONTRACT_PREMIUM : 1;
      const expected = ((lo + hi) / 2) * (locationOf(p.location)?.pay ?? 1) * title * contract;
      const ratio = (min + max) / 2 / expected;
      expect({ key: p.key, within25: ratio > 0.75 && ratio < 1.25 }).toEqual({ key: p.key, within25: true });
    }
  });

  it('pays Australian postings between 60k and 230k AUD', () => {
    const aud = postings.filter((p) => p.salary_currency === 'AUD');
    expect(aud.length).toBeGreaterThan(postings.length / 2);
    for (const p of aud) {
      expect(p.salary_min).toBeGreaterThanOrEqual(60_000);
      expect(p.salary_max).toBeLessThanOrEqual(230_000);
    }
  });

  it('spans Junior to Lead in Australia, with average pay rising by level', () => {
    const australian = postings.filter((p) => locationOf(p.location)?.australian);
    expect(australian.every((p) => p.salary_currency === 'AUD')).toBe(true);
    const averages = EXPERIENCE_LEVELS.flatMap((level) => {
      const mins = australian.filter((p) => p.experience_level === level).map((p) => p.salary_min as number);
      return mins.length ? [{ level, average: mins.reduce((a, b) => a + b, 0) / mins.length }] : [];
    });
    expect(averages.map((a) => a.level)).toEqual(
      expect.arrayContaining(['Junior', 'Mid-level', 'Senior', 'Lead']),
    );
    for (let i = 1; i < averages.length; i++) {
      expect(averages[i]?.average).toBeGreaterThan(averages[i - 1]?.average as number);
    }
  });
});
