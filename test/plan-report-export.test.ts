import { main as seedReport } from '../scripts/seed-report';
import { CURATED_POSTINGS } from '../src/data/curated';
import { postingId } from '../src/data/posting-id';
import { COUNTED_COLUMNS, coverageReport, NONE } from '../src/report/coverage';
import { exportPostings } from '../src/report/export';
import { formatReport } from '../src/report/format-report';
import { formatOutcome } from '../src/seed/summary';
import { inProcess, run } from './support/cli';
import {
  createScratchDatabase,
  describeEachMigratedTarget,
  type ScratchDatabase,
  targetKinds,
} from './support/databases';
import { curatedCopy, resetTables, seed, seedFile, tableFingerprint } from './support/seeding';
import { describeServer } from './support/suites';

describeEachMigratedTarget('plan, report, export', (db) => {
  // Every test starts from the shipped data set, whatever ran before it; those about synthetic postings or the
  // report add some of them: 300 for the coverage report (enough of each level for its salary medians), 30
  // where a plan, the dry run or the report's JSON only needs synthetic rows to be there.
  beforeEach(async () => {
    const knex = db().knex();
    await resetTables(knex);
    await seed(knex);
  });
  const addSynthetic = (count: number) => seed(db().knex(), { syntheticCount: count });

  test('a dry run reports exactly what the real run then does, and writes nothing', async () => {
    const knex = db().knex();
    await addSynthetic(30);
    const data = curatedCopy();
    data[0].title = `${data[0].title} (remote-first)`;
    data[1].salary_min = (data[1].salary_min ?? 0) - 1000;
    data[1].required_skills = [...data[1].required_skills, 'Mentoring'];
    const removed = data.splice(2, 1)[0];
    data.push({
      ...data[3],
      key: 'new-posting-for-plan',
      title: 'Staff Platform Engineer',
      company: 'Plan Co',
    });
    await knex('job_postings')
      .where({ id: postingId(data[4].key) })
      .update({ company: 'Edited by the app' });

    const before = await tableFingerprint(knex);
    const options = { prune: true, syntheticCount: 40 };
    const plan = await seed(knex, { ...options, dryRun: true }, data);
    expect(await tableFingerprint(knex)).toBe(before);
    expect(plan.dryRun).toBe(true);
    const [curated, synthetic] = plan.results;
    expect(curated.details?.created).toEqual(['new-posting-for-plan']);
    expect(curated.details?.updated).toEqual(
      [
        { key: data[0].key, columns: ['title'] },
        { key: data[1].key, columns: ['salary_min', 'required_skills'] },
      ].sort((a, b) => a.key.localeCompare(b.key)),
    );
    expect(curated.details?.editedByApp).toEqual([data[4].key]);
    expect(curated.details?.pruned).toEqual([removed.key]);
    expect(synthetic.counts).toMatchObject({ created: 10, updated: 0, unchanged: 30 });
    expect(synthetic.details?.created).toHaveLength(10);
    const lines = formatOutcome(plan);
    expect(lines[0]).toBe('Dry run (SEED_DRY_RUN=true): nothing was written. Plan:');
    expect(lines).toContain(`  ~ ${data[0].key}  (update: title)`);
    expect(lines).toContain(`  - ${removed.key}  (prune)`);
    expect(lines).toContain('  + new-posting-for-plan  (create)');

    const real = await seed(knex, options, data);
    expect(real.results.map((r) => r.counts)).toEqual(plan.results.map((r) => r.counts));
    expect(await tableFingerprint(knex)).not.toBe(before);
    expect(
      await knex('job_postings')
        .where({ id: postingId(removed.key) })
        .first(),
    ).toBeUndefined();
  });

  test('a plan lists only the columns a real run writes: lifecycle columns only with SEED_FORCE', async () => {
    const knex = db().knex();
    const key = CURATED_POSTINGS[7].key;
    await knex('job_postings')
      .where({ id: postingId(key) })
      .update({ status: 'closed', is_cancelled: true, cancellation_reason: 'Filled' });
    const data = curatedCopy();
    data[7].title = `${data[7].title} (Team Lead)`;
    const plan = await seed(knex, { dryRun: true }, data);
    expect(plan.results[0].details?.updated).toEqual([{ key, columns: ['title'] }]);
    const forced = await seed(knex, { dryRun: true, force: true }, data);
    expect(forced.results[0].details?.updated).toContainEqual({
      key,
      columns: ['title', 'status', 'is_cancelled', 'cancellation_reason'],
    });
  });

  test('the coverage report counts what SQL counts', async () => {
    const knex = db().knex();
    await addSynthetic(300);
    const report = await coverageReport(knex);
    const [{ n }] = await knex('job_postings').count({ n: '*' });
    expect(report.total).toBe(Number(n));
    expect(report.total).toBe(CURATED_POSTINGS.length + 300);
    for (const column of COUNTED_COLUMNS) {
      const { rows } = await knex.raw(`SELECT ??::text AS v, count(*) AS c FROM job_postings GROUP BY 1`, [
        column,
      ]);
      const expected = Object.fromEntries(
        rows.map((r: { v: string | null; c: string }) => [r.v ?? NONE, Number(r.c)]),
      );
      expect(Object.fromEntries(report.counts[column].map((r) => [r.value, r.count]))).toEqual(expected);
    }
    const { rows: owners } = await knex.raw(
      `SELECT count(*) FILTER (WHERE seed_name = 'job_postings') AS c FROM job_postings`,
    );
    expect(report.owners.find((o) => o.value === 'job_postings')?.count).toBe(Number(owners[0].c));
    const aud = report.salaries.filter((s) => s.currency === 'AUD').map((s) => s.median);
    expect(aud).toEqual([...aud].sort((a, b) => a - b)); // pay rises with level
    const { rows: extremes } = await knex.raw(
      `SELECT min(salary_min) AS lo, max(salary_max) AS hi FROM job_postings WHERE salary_currency = 'AUD'`,
    );
    const audRows = report.salaries.filter((s) => s.currency === 'AUD');
    expect(Math.min(...audRows.map((s) => s.min))).toBe(Number(extremes[0].lo));
    expect(Math.max(...audRows.map((s) => s.max))).toBe(Number(extremes[0].hi));
    const text = formatReport(report);
    expect(text).toContain(`job_postings: ${report.total} rows`);
    expect(text).toMatch(/^engineering\s+\d+\s+[\d.]+\s+█+$/m);
  });

  test('the export gives every posting the id it has in the database', async () => {
    const knex = db().knex();
    const exported = exportPostings(CURATED_POSTINGS);
    const rows = await knex('job_postings')
      .whereIn(
        'id',
        exported.map((p) => p.id),
      )
      .select('id', 'title', 'company');
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const p of exported)
      expect(byId.get(p.id)).toMatchObject({ title: p.title, company: expect.any(String) });
    expect(byId.size).toBe(exported.length);
  });

  test('seed:plan (the seed file with SEED_DRY_RUN=true) writes nothing; seed:report --json parses', async () => {
    await addSynthetic(30);
    await db()
      .knex()('job_postings')
      .where({ id: postingId(CURATED_POSTINGS[9].key) })
      .update({ company: 'Edited by the app' });
    const before = await tableFingerprint(db().knex());
    const plan = await seedFile(db().knex(), {
      SEED_SYNTHETIC_JOB_POSTINGS: '30',
      SEED_DRY_RUN: 'true',
      SEED_FORCE: 'true',
    });
    expect(plan.out.join('\n')).toContain('Dry run (SEED_DRY_RUN=true): nothing was written. Plan:');
    expect(plan.out.join('\n')).toMatch(/job_postings: 0 would be created, 1 would be updated/); // the app's edit, reset by force
    const env = { ...db().env, SEED_SYNTHETIC_JOB_POSTINGS: '30' };
    // The script as a process on the first target (its wiring: its own connection, stdout and the exit code), its
    // main in-process on the other, through this file's knex (on PGlite, two opens of the directory fewer).
    const asProcess = db().kind === targetKinds()[0];
    if (asProcess) await db().release(); // a PGlite directory is one knex's at a time
    const report = asProcess
      ? await run(process.execPath, ['-r', 'ts-node/register', 'scripts/seed-report.ts', '--json'], env)
      : await inProcess(seedReport, env, { args: ['--json'], knex: db().knex() });
    expect(report.code).toBe(0);
    expect(JSON.parse(report.stdout).total).toBe(CURATED_POSTINGS.length + 30);
    expect(await tableFingerprint(db().knex())).toBe(before);
  });
});

describe('seed:export', () => {
  test('prints the curated data set with ids as JSON', async () => {
    const result = await run(process.execPath, ['-r', 'ts-node/register', 'scripts/seed-export.ts'], {});
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(exportPostings(CURATED_POSTINGS));
  });
});

// PGlite has a single connection, so only the server can show that nothing else is blocked by a dry run.
describeServer('dry run locks [postgres]', () => {
  let db: ScratchDatabase;
  beforeAll(async () => {
    db = await createScratchDatabase('postgres', 'dry_run_locks', { migrated: true });
    await seed(db.knex(), { syntheticCount: 30 });
  });
  afterAll(async () => {
    await db?.drop();
  });

  test('a dry run completes while another transaction holds a row it would update, and writes nothing', async () => {
    const knex = db.knex();
    const key = CURATED_POSTINGS[8].key;
    const data = curatedCopy();
    data[8].title = `${data[8].title} (Platform)`;
    const before = await tableFingerprint(knex);
    const holder = await knex.transaction();
    try {
      await holder('job_postings')
        .where({ id: postingId(key) })
        .update({ company: 'Locked by the app' });
      // A wait for the held row would end the run with SEED_LOCKED after 1 s, as the real run below shows.
      const plan = await seed(
        knex,
        { dryRun: true, force: true, prune: true, syntheticCount: 40, lockTimeoutSeconds: 1 },
        data,
      );
      expect(plan.results[0].details?.updated.map((u) => u.key)).toContain(key);
      expect(plan.results[1].counts).toMatchObject({ created: 10 });
      const real = await seed(knex, { force: true, lockTimeoutSeconds: 1 }, data).catch((e) => e);
      expect(real).toMatchObject({ code: 'SEED_LOCKED' });
    } finally {
      await holder.rollback();
    }
    expect(await tableFingerprint(knex)).toBe(before);
  });
});
