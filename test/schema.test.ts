import { jobPostings } from '../seeds/01_job_postings';
import { CURATED_POSTINGS } from '../src/data/curated';
import { ENUM_TYPES, EXPERIENCE_LEVELS } from '../src/db/enums';
import { NAMED_STACKS } from './support/coverage';
import { describeEachMigratedTarget } from './support/databases';
import { seed } from './support/seeding';

/** The original story's verification queries (IV2, IV3, TC4-TC11), run against a seeded database. */
/** Every column of job_postings, in table order: the seed file's description plus the engine's own columns. */
const ALL_COLUMNS = [
  'id',
  ...jobPostings.contentColumns,
  ...jobPostings.lifecycleColumns,
  'created_at',
  'updated_at',
  'seed_name',
  'seed_content_hash',
];

describeEachMigratedTarget('schema and seeded data', (db) => {
  beforeAll(async () => {
    await seed(db().knex());
  });

  const column = async (sql: string): Promise<string[]> => {
    const { rows } = await db().knex().raw(sql);
    return rows.map((r: Record<string, unknown>) => Object.values(r)[0] as string);
  };

  test('the table has exactly the columns the seed file describes, in order', async () => {
    const names = await column(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'job_postings' ORDER BY ordinal_position`,
    );
    expect(names).toEqual(ALL_COLUMNS);
  });

  test('the database enum types have the values of src/db/enums.ts', async () => {
    for (const [type, values] of Object.entries(ENUM_TYPES)) {
      const labels = await column(
        `SELECT e.enumlabel FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid WHERE t.typname = '${type}' ORDER BY e.enumsortorder`,
      );
      expect(labels).toEqual([...values]);
    }
  });

  test('constraints reject what the data set validator rejects', async () => {
    const knex = db().knex();
    const valid = {
      title: 'T',
      company: 'C',
      description: 'D',
      location: 'L',
      role_category: 'other',
      employment_type: 'contract',
      work_setup: 'remote',
    } as const;
    const bad = [
      { ...valid, title: '  ' },
      { ...valid, salary_min: 10, salary_max: 5 },
      { ...valid, salary_min: -1, salary_max: 5 },
      { ...valid, salary_currency: 'aud' },
      { ...valid, required_skills: JSON.stringify({ not: 'an array' }) },
      { ...valid, role_category: 'astronaut' },
    ];
    for (const row of bad) {
      await expect(knex('job_postings').insert(row as never)).rejects.toThrow();
    }
    const [inserted] = await knex('job_postings').insert(valid).returning('*');
    expect(inserted).toMatchObject({
      status: 'active',
      is_cancelled: false,
      salary_currency: 'AUD',
      required_skills: [],
    });
    await knex('job_postings').where({ id: inserted.id }).del();
  });

  test('TC4/IV2: every row is valid: uuid, non-blank text, enums, salary order, skills arrays, timestamps', async () => {
    const rows = await db().knex()('job_postings').select('*');
    expect(rows).toHaveLength(CURATED_POSTINGS.length);
    for (const r of rows) {
      expect(r.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      for (const f of ['title', 'company', 'description', 'location'] as const)
        expect(r[f].trim()).not.toBe('');
      expect(ENUM_TYPES.role_category).toContain(r.role_category);
      expect(ENUM_TYPES.employment_type).toContain(r.employment_type);
      expect(ENUM_TYPES.work_setup).toContain(r.work_setup);
      expect(ENUM_TYPES.posting_status).toContain(r.status);
      expect(EXPERIENCE_LEVELS).toContain(r.experience_level);
      expect(Number(r.salary_min)).toBeLessThanOrEqual(Number(r.salary_max));
      expect(r.salary_currency).toMatch(/^[A-Z]{3}$/);
      expect(Array.isArray(r.required_skills)).toBe(true);
      expect(r.required_skills.length).toBeGreaterThanOrEqual(4);
      if (r.tech_stack) expect(r.required_skills).toContain(r.tech_stack); // TC11
      // Postings carry ages (closed ones up to 180 days): created_at is at most that long before the seed ran.
      expect(new Date(r.created_at).getTime()).toBeGreaterThan(Date.now() - 181 * 86_400_000);
      expect(new Date(r.updated_at).getTime()).toBeLessThanOrEqual(Date.now());
      expect(new Date(r.updated_at).getTime()).toBeGreaterThanOrEqual(new Date(r.created_at).getTime());
    }
  });

  test('TC5-TC10/IV3: coverage of stacks, categories, levels, locations, types, setups and salaries', async () => {
    const stacks = await column(`SELECT DISTINCT tech_stack FROM job_postings WHERE tech_stack IS NOT NULL`);
    expect(stacks.length).toBeGreaterThanOrEqual(14);
    for (const s of NAMED_STACKS) expect(stacks).toContain(s);
    const nullStack = await column(
      `SELECT DISTINCT role_category::text FROM job_postings WHERE tech_stack IS NULL`,
    );
    expect(nullStack).toEqual(expect.arrayContaining(['sales', 'support']));
    expect((await column(`SELECT DISTINCT role_category::text FROM job_postings`)).sort()).toEqual(
      [...ENUM_TYPES.role_category].sort(),
    );
    expect((await column(`SELECT DISTINCT experience_level FROM job_postings`)).sort()).toEqual(
      [...EXPERIENCE_LEVELS].sort(),
    );
    const locations = await column(`SELECT DISTINCT location FROM job_postings`);
    expect(locations.length).toBeGreaterThanOrEqual(10);
    for (const l of ['Remote Australia', 'Sydney, NSW', 'Melbourne, VIC', 'Brisbane, QLD'])
      expect(locations).toContain(l);
    expect((await column(`SELECT DISTINCT employment_type::text FROM job_postings`)).sort()).toEqual(
      [...ENUM_TYPES.employment_type].sort(),
    );
    expect((await column(`SELECT DISTINCT work_setup::text FROM job_postings`)).sort()).toEqual(
      [...ENUM_TYPES.work_setup].sort(),
    );
    const { rows } = await db()
      .knex()
      .raw(
        `SELECT min(salary_min) AS lo, max(salary_max) AS hi FROM job_postings WHERE salary_currency = 'AUD'`,
      );
    expect(Number(rows[0].lo)).toBeGreaterThanOrEqual(60_000);
    expect(Number(rows[0].hi)).toBeLessThanOrEqual(250_000);
    expect(Number(rows[0].hi)).toBeGreaterThanOrEqual(180_000);
    // TC9: junior roles pay less, senior and lead more
    const { rows: byLevel } = await db()
      .knex()
      .raw(
        `SELECT experience_level, avg(salary_min) AS pay FROM job_postings WHERE salary_currency = 'AUD' GROUP BY 1`,
      );
    const pay = Object.fromEntries(
      byLevel.map((r: { experience_level: string; pay: string }) => [r.experience_level, Number(r.pay)]),
    );
    expect(pay.Junior).toBeLessThan(pay['Mid-level']);
    expect(pay['Mid-level']).toBeLessThan(pay.Senior);
    expect(pay.Senior).toBeLessThan(pay.Lead);
  });
});
