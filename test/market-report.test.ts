import { CURATED_POSTINGS } from '../src/data/curated';
import { DEFAULT_RANDOM_SEED, generatePostings } from '../src/data/generate';
import { coverageReport } from '../src/report/coverage';
import { formatReport } from '../src/report/format-report';
import { marketCheck, statedEarnings } from '../src/report/market-check';
import { run } from './support/cli';
import { describeEachTarget } from './support/databases';
import { seed } from './support/seeding';

/** Issue 11: `npm run seed:report` compares what the table holds with the published market figures. */
const SYNTHETIC = 3000;

describeEachTarget('seed:report market check', (db) => {
  beforeAll(async () => {
    const knex = db().knex();
    await knex.migrate.latest();
    await seed(knex, { syntheticCount: SYNTHETIC });
  });

  test('measures the table as the pure check measures the same postings', async () => {
    const report = await coverageReport(db().knex());
    const postings = [...CURATED_POSTINGS, ...generatePostings(0, SYNTHETIC, DEFAULT_RANDOM_SEED)];
    const expected = marketCheck(postings.map((p) => ({ ...p, ote: statedEarnings(p.description) })));
    expect(report.market).toEqual(expected);
    expect(report.market.filter((r) => r.measured !== null).length).toBeGreaterThan(20);
  });

  test('prints the market section with a ratio per figure', async () => {
    await db().release(); // a PGlite directory is one process's at a time
    const result = await run(
      process.execPath,
      ['-r', 'ts-node/register', 'scripts/seed-report.ts'],
      db().env,
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^market check: \d+ published figures, \d+ off by more than 20%/m);
    expect(result.stdout).toMatch(
      /^AU full-time \(permanent\) share\s+58\.0%\s+\d+\.\d%\s+\d\.\d\d\s+(?:ok|OFF)$/m,
    );
    expect(result.stdout).toContain('not compared:');
  });

  test('formats a flag on a figure that is off', async () => {
    const report = await coverageReport(db().knex());
    const off = {
      ...report,
      market: report.market.map((r, i) => (i === 0 ? { ...r, ratio: 2, flagged: true } : r)),
    };
    expect(formatReport(off)).toMatch(/^AU fully remote share\s.*\s2\.00\s+OFF$/m);
  });
});
