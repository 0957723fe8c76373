/**
 * Unit tests of the validation of job postings (src/seed/validate.ts with the seed file's description, whose
 * rules are src/data/validate-posting.ts): one case per rule, each with its full message. No database.
 */
import { jobPostings } from '../../seeds/01_job_postings';
import type { SeedPosting } from '../../src/data/types';
import { isSeedError } from '../../src/errors';
import * as sizes from '../../src/seed/declared-sizes';
import { char, text, textArray, varchar } from '../../src/seed/table/columns';
import { defineSeedTable } from '../../src/seed/table/description';
import * as engine from '../../src/seed/validate';

const postingProblems = (p: SeedPosting) => engine.itemProblems(jobPostings, p);
const dataSetProblems = (postings: SeedPosting[]) => engine.dataSetProblems(jobPostings, postings);
const assertValidDataSet = (seedName: string, postings: SeedPosting[]) =>
  engine.assertValidDataSet(seedName, jobPostings, postings);

/** A valid posting; each case below breaks one thing. */
function posting(overrides: Partial<Record<keyof SeedPosting, unknown>> = {}): SeedPosting {
  return {
    key: 'senior-go-engineer-acme',
    title: 'Senior Go Engineer',
    company: 'Acme',
    description: 'Builds the billing services in Go. Owns their on-call rota.',
    location: 'Sydney, NSW',
    role_category: 'engineering',
    tech_stack: 'Go',
    employment_type: 'permanent',
    work_setup: 'hybrid',
    salary_min: 150_000,
    salary_max: 180_000,
    salary_currency: 'AUD',
    required_skills: ['Go', 'PostgreSQL', 'Kubernetes', 'gRPC'],
    experience_level: 'Senior',
    ...overrides,
  } as SeedPosting;
}

describe('postingProblems', () => {
  test('a valid posting has none, with or without the optional lifecycle fields', () => {
    expect(postingProblems(posting())).toEqual([]);
    expect(
      postingProblems(
        posting({ status: 'closed', is_cancelled: true, cancellation_reason: 'Role filled internally' }),
      ),
    ).toEqual([]);
    expect(postingProblems(posting({ cancellation_reason: null }))).toEqual([]);
  });

  test('a non-technical posting: no tech stack, no salary', () => {
    expect(
      postingProblems(
        posting({ role_category: 'sales', tech_stack: null, salary_min: null, salary_max: null }),
      ),
    ).toEqual([]);
  });

  test('salaries: zero, equal bounds and cents are fine', () => {
    expect(postingProblems(posting({ salary_min: 0, salary_max: 0 }))).toEqual([]);
    expect(postingProblems(posting({ salary_min: 100.5, salary_max: 100.55 }))).toEqual([]);
    expect(postingProblems(posting({ salary_max: 9_999_999_999.99 }))).toEqual([]);
    // A long list without a repeat, and text around white space, are fine too.
    const skills = ['Go', ...Array.from({ length: 20 }, (_, i) => `Skill ${i}`)];
    expect(postingProblems(posting({ required_skills: skills, title: ' \u00a0Go Engineer\n' }))).toEqual([]);
  });

  test.each<[string, Partial<Record<keyof SeedPosting, unknown>>, string[]]>([
    ['key with capitals', { key: 'Senior-Go' }, ['key: must be lower-case kebab-case']],
    ['key with a double dash', { key: 'senior--go' }, ['key: must be lower-case kebab-case']],
    ['key with a trailing dash', { key: 'senior-go-' }, ['key: must be lower-case kebab-case']],
    ['key with a space', { key: 'senior go' }, ['key: must be lower-case kebab-case']],
    ['empty key', { key: '' }, ['key: must be lower-case kebab-case']],
    ['key not a string', { key: 42 }, ['key: must be lower-case kebab-case']],
    ['blank title', { title: '   ' }, ['title: must not be blank']],
    ['blank company', { company: '' }, ['company: must not be blank']],
    // Every character String#trim removes is blank (no-break, line and paragraph separators, BOM, ideographic).
    [
      'title of other white space',
      { title: '\u00a0\t\n\u2028\u2029\ufeff\u3000' },
      ['title: must not be blank'],
    ],
    ['missing description', { description: undefined }, ['description: must not be blank']],
    ['location not a string', { location: 7 }, ['location: must not be blank']],
    [
      'unknown role category',
      { role_category: 'marketing' },
      ['role_category: "marketing" is not a role category'],
    ],
    [
      'unknown employment type',
      { employment_type: 'full_time' },
      ['employment_type: "full_time" is not one of permanent, contract, part_time'],
    ],
    [
      'unknown work setup',
      { work_setup: 'office' },
      ['work_setup: "office" is not one of remote, hybrid, onsite'],
    ],
    [
      'unknown status',
      { status: 'archived' },
      ['status: "archived" is not one of draft, active, paused, closed'],
    ],
    [
      'unknown experience level',
      { experience_level: 'Intern' },
      ['experience_level: "Intern" is not one of Junior, Mid-level, Senior, Lead, Principal'],
    ],
    [
      'experience level in the wrong case',
      { experience_level: 'senior' },
      ['experience_level: "senior" is not one of Junior, Mid-level, Senior, Lead, Principal'],
    ],
    [
      'blank tech stack',
      { tech_stack: '', required_skills: ['Go', 'SQL'] },
      ['tech_stack: must be null or 1-100 characters'],
    ],
    [
      'tech stack over 100 characters',
      { tech_stack: 'G'.repeat(101), required_skills: ['G'.repeat(101)] },
      ['tech_stack: must be null or 1-100 characters'],
    ],
    ['salary_min not a number', { salary_min: '150000' }, ['salary_min: must be a number or null']],
    [
      'salary_max not finite',
      { salary_max: Number.POSITIVE_INFINITY },
      ['salary_max: must be a number or null'],
    ],
    ['salary_min NaN', { salary_min: Number.NaN }, ['salary_min: must be a number or null']],
    ['negative salary_min', { salary_min: -1 }, ['salary_min: must not be negative']],
    [
      'salary_max too large',
      { salary_max: 10_000_000_000 },
      ['salary_max: is larger than numeric(12,2) holds'],
    ],
    [
      'salary_min with 3 decimals',
      { salary_min: 150_000.125 },
      ['salary_min: has more than 2 decimal places'],
    ],
    [
      'salary_min without salary_max',
      { salary_max: null },
      ['salary_max: give both salary_min and salary_max, or neither'],
    ],
    [
      'salary_max without salary_min',
      { salary_min: null },
      ['salary_max: give both salary_min and salary_max, or neither'],
    ],
    [
      'salary_min above salary_max',
      { salary_min: 200_000 },
      ['salary_min: 200000 is greater than salary_max 180000'],
    ],
    [
      'lower-case currency',
      { salary_currency: 'aud' },
      ['salary_currency: "aud" is not an upper-case ISO 4217 code'],
    ],
    [
      'currency of 4 letters',
      { salary_currency: 'AUDD' },
      ['salary_currency: "AUDD" is not an upper-case ISO 4217 code'],
    ],
    [
      'missing currency',
      { salary_currency: undefined },
      ['salary_currency: "undefined" is not an upper-case ISO 4217 code'],
    ],
    ['no skills', { required_skills: [] }, ['required_skills: must be a non-empty array of skills']],
    [
      'skills not an array',
      { required_skills: 'Go, SQL' },
      ['required_skills: must be a non-empty array of skills'],
    ],
    ['a blank skill', { required_skills: ['Go', ' '] }, ['required_skills: must not contain blank skills']],
    ['a skill twice', { required_skills: ['Go', 'SQL', 'Go'] }, ['required_skills: lists a skill twice']],
    [
      'a skill twice in a long list',
      { required_skills: ['Go', ...Array.from({ length: 20 }, (_, i) => `Skill ${i}`), 'Skill 7'] },
      ['required_skills: lists a skill twice'],
    ],
    [
      'skills without the tech stack',
      { required_skills: ['PostgreSQL', 'gRPC'] },
      ['required_skills: must include the tech stack "Go"'],
    ],
    ['is_cancelled not a boolean', { is_cancelled: 'yes' }, ['is_cancelled: must be true or false']],
    [
      'blank cancellation reason',
      { cancellation_reason: '  ' },
      ['cancellation_reason: must be null or text'],
    ],
  ])('%s', (_name, overrides, expected) => {
    expect(postingProblems(posting(overrides))).toEqual(expected);
  });

  test('every problem of a posting at once, in field order', () => {
    expect(
      postingProblems(
        posting({
          key: 'Bad Key',
          title: '',
          role_category: 'x',
          salary_min: -5,
          salary_max: null,
          salary_currency: 'dollars',
          required_skills: [],
        }),
      ),
    ).toEqual([
      'key: must be lower-case kebab-case',
      'title: must not be blank',
      'role_category: "x" is not a role category',
      'salary_min: must not be negative',
      'salary_max: give both salary_min and salary_max, or neither',
      'salary_currency: "dollars" is not an upper-case ISO 4217 code',
      'required_skills: must be a non-empty array of skills',
    ]);
  });

  test('a min above max is not compared when either salary is already wrong', () => {
    expect(postingProblems(posting({ salary_min: 200_000.123, salary_max: 100 }))).toEqual([
      'salary_min: has more than 2 decimal places',
    ]);
  });
});

describe('dataSetProblems', () => {
  const a = posting();
  const b = posting({ key: 'go-engineer-beta', company: 'Beta' });

  test('a valid data set has none', () => {
    expect(dataSetProblems([a, b])).toEqual([]);
    expect(dataSetProblems([])).toEqual([]);
  });

  test("each posting's problems are prefixed with its key", () => {
    expect(dataSetProblems([a, { ...b, title: '' }])).toEqual(['go-engineer-beta.title: must not be blank']);
  });

  test('a posting without a usable key is named by its position', () => {
    expect(dataSetProblems([a, { ...b, key: '' }])).toEqual(['#1.key: must be lower-case kebab-case']);
  });

  test('a duplicate key names the first posting with it', () => {
    expect(dataSetProblems([a, b, { ...b, company: 'Gamma' }])).toEqual([
      'go-engineer-beta.key: duplicate of posting #1',
    ]);
  });

  test('synthetic keys are reserved', () => {
    expect(dataSetProblems([a, { ...b, key: 'synthetic-0000001' }])).toEqual([
      'synthetic-0000001.key: "synthetic-" keys belong to the synthetic postings',
    ]);
  });

  test('the same title, company and location twice, in any case, is one posting', () => {
    expect(
      dataSetProblems([
        a,
        { ...a, key: 'senior-go-engineer-acme-2', title: 'SENIOR GO ENGINEER', location: 'sydney, nsw' },
      ]),
    ).toEqual(['senior-go-engineer-acme-2: same title, company and location as senior-go-engineer-acme']);
  });
});

describe('assertValidDataSet', () => {
  test('a valid data set passes quietly', () => {
    expect(() => assertValidDataSet('job_postings', [posting()])).not.toThrow();
  });

  test('DATA_INVALID listing every problem, one per line', () => {
    let error: unknown;
    try {
      assertValidDataSet('job_postings', [
        posting({ title: ' ' }),
        posting({ key: 'other-key', salary_currency: 'x' }),
        posting({ key: 'third-key' }),
      ]);
    } catch (e) {
      error = e;
    }
    if (!isSeedError(error)) throw new Error(`expected a SeedError, got ${String(error)}`);
    expect(error.code).toBe('DATA_INVALID');
    expect(error.format()).toBe(
      [
        'DATA_INVALID: the job_postings data set has 3 problem(s); nothing was written — fix them and run again',
        '  - senior-go-engineer-acme.title: must not be blank',
        '  - other-key.salary_currency: "x" is not an upper-case ISO 4217 code',
        '  - third-key: same title, company and location as other-key',
      ].join('\n'),
    );
  });
});

describe('column kinds: varchar and char count characters, not UTF-16 units', () => {
  test.each([
    ['varchar', varchar(3)],
    ['char', char(3)],
  ])('%s(3) takes three astral characters (six UTF-16 units), not four', (_, column) => {
    expect(column.check('😀😀😀')).toBeUndefined();
    expect(column.check('abc')).toBeUndefined();
    expect(column.check('😀😀😀😀')).toBe('must be a string of at most 3 characters');
    expect(column.check('abcd')).toBe('must be a string of at most 3 characters');
  });
});

describe('values against the live char(n) / varchar(n) sizes: the compiled check of a generated item and the listing agree', () => {
  const table = defineSeedTable<{ key: string; code?: string; label?: string; tags?: (string | null)[] }>({
    table: 'teams',
    content: { code: text(), label: text('abcde'), tags: textArray() },
    noun: { one: 'team', many: 'teams' },
  });
  const live = [
    ['code', 'character(3)'],
    ['label', 'character varying(4)'],
    ['tags', 'character varying(3)[]'],
  ].map(([column, declared]) => ({ table: 'teams', column, declared }) as engine.LiveColumn);
  const sized = sizes.sizedColumns(table, live);

  test.each([
    [{ key: 'a', code: 'abc', label: 'abcd', tags: ['ab', null] }, []],
    [{ key: 'a', code: '😀😀😀', label: '😀😀😀😀', tags: ['😀😀😀'] }, []],
    [{ key: 'a', code: 'ab ', label: 'abcd' }, ['code: ends in a space']],
    [{ key: 'a', code: 'abc', label: 'abcd', tags: ['abcd'] }, ['tags: element 0 has 4 characters']],
    // The fallback is what the write takes for a field left out.
    [
      { key: 'a', code: 'abc' },
      ["label (the seed file's fallback: the item leaves it out): has 5 characters"],
    ],
  ])('%j', (item, starts) => {
    const problems = engine.itemProblems(table, item, undefined, sized);
    expect(problems.map((p, i) => p.slice(0, starts[i]?.length))).toEqual(starts);
    expect(sizes.sizeProblems(sized, item).map((p, i) => p.slice(0, starts[i]?.length))).toEqual(starts);
  });
});
