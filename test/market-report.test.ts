import { main as seedReport } from '../scripts/seed-report';
import { CURATED_POSTINGS } from '../src/data/curated';
import { DEFAULT_RANDOM_SEED, generatePostings } from '../src/data/generate';
import { coverageReport } from '../src/report/coverage';
import { formatReport } from '../src/report/format-report';
import { marketCheck } from '../src/report/market-check';
import { marketRowOf } from '../src/report/posting-rows';
import { inProcess } from './support/cli';
import { describeEachMigratedTarget } from './support/databases';
import { seed } from './support/seeding';

/** Issue 11: `npm run seed:report` compares what the table holds with the published market figures. */
const SYNTHETIC = 3000;

describeEachMigratedTarget('seed:report market check', (db) => {
  beforeAll(async () => {
    await seed(db().knex(), { syntheticCount: SYNTHETIC });
  });
  /** The coverage report of the seeded table (no test writes): made once, on first use, so each test passes alone. */
  let measured: ReturnType<typeof coverageReport> | undefined;
  const report = () => {
    measured ??= coverageReport(db().knex());
    return measured;
  };

  test('measures the table as the pure check measures the same postings', async () => {
    const knex = db().knex();
    const { market } = await report();
    // Each seed wrote its rows in one transaction, at the now() its guard row records.
    const guards = await knex('seed_guard').select('seed_name', 'last_applied_at');
    const nowOf = new Map(guards.map((g) => [g.seed_name, new Date(g.last_applied_at).getTime()]));
    const curatedNow = nowOf.get('job_postings') ?? Number.NaN;
    const syntheticNow = nowOf.get('job_postings_synthetic') ?? Number.NaN;
    const expected = marketCheck([
      ...CURATED_POSTINGS.map((p) => marketRowOf(p, curatedNow)),
      ...[...generatePostings(0, SYNTHETIC, DEFAULT_RANDOM_SEED)].map((p) => marketRowOf(p, syntheticNow)),
    ]);
    expect(market).toEqual(expected);
    // The board checks that read created_at measured something: the ages rolled to weekdays reached the table.
    expect(market.find((r) => r.label === 'ads posted on a weekend (local time)')?.sample).toBe(
      CURATED_POSTINGS.length + SYNTHETIC,
    );
    expect(market.filter((r) => r.measured !== null).length).toBeGreaterThan(20);
  });

  test('prints the market section with a ratio per figure', async () => {
    // `npm run seed:report`'s main in-process on this file's open knex (a reopen of PGlite costs 0.25 s of CPU);
    // opening its own from the environment, and as a process: test/plan-report-export.test.ts.
    const result = await inProcess(seedReport, db().env, { knex: db().knex() });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^market check: \d+ figures \(published and board shape\), \d+ off by more than 20%/m,
    );
    expect(result.stdout).toMatch(/^ads using another country’s terms\s+<= 0\s+0\s+1\.00\s+ok$/m);
    expect(result.stdout).toMatch(
      /^AU full-time \(permanent\) share\s+58\.0%\s+\d+\.\d%\s+\d\.\d\d\s+(?:ok|OFF)$/m,
    );
    expect(result.stdout).toContain('not compared:');
  });

  test('formats a flag on a figure that is off', async () => {
    const measuredReport = await report();
    const off = {
      ...measuredReport,
      market: measuredReport.market.map((r, i) => (i === 0 ? { ...r, ratio: 2, flagged: true } : r)),
    };
    expect(formatReport(off)).toMatch(/^AU fully remote share\s.*\s2\.00\s+OFF$/m);
  });
});
