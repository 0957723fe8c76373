import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { curatedPostings, syntheticPostings } from '../seeds/01_job_postings';
import { runCli } from '../src/cli';
import { type DatabaseTarget, readSeedOptions, type SeedOptions } from '../src/config';
import { curatedChecksum, generatedChecksum } from '../src/seed/checksums';
import { listGuards } from '../src/seed/guard';
import { countSeedRows, recordedRowsInTable } from '../src/seed/table-truth';

const MIGRATIONS = path.resolve(__dirname, '..', 'migrations');

/**
 * `npm run db:status`: migrations applied and pending; per seed what was applied and whether the repo differs.
 * Exported so tests (test/model) can read its words in-process; `out` gets each line.
 */
export async function printStatus(
  knex: Knex,
  target: DatabaseTarget,
  out: (line: string) => void = (line) => console.log(line),
  options: Pick<SeedOptions, 'syntheticCount' | 'randomSeed'> = readSeedOptions(),
): Promise<void> {
  const console = { log: out };
  console.log(`Database: ${target.describe}`);
  // knex.migrate.list() creates knex's own tables when they are missing: a status command must not write.
  const { rows: tracked } = await knex.raw(`SELECT to_regclass('knex_migrations') AS t`);
  const [completed, pending]: [{ name: string }[], { file: string }[]] = tracked[0].t
    ? await knex.migrate.list()
    : [
        [],
        fs
          .readdirSync(MIGRATIONS)
          .filter((f) => /\.(ts|js)$/.test(f))
          .sort()
          .map((file) => ({ file })),
      ];
  console.log(`Migrations: ${completed.length} applied, ${pending.length} pending`);
  for (const m of completed) console.log(`  ✓ ${m.name}`);
  for (const m of pending) console.log(`  … ${m.file} (pending: run \`npx knex migrate:latest\`)`);

  const { rows } = await knex.raw(`SELECT to_regclass('seed_guard') AS guard`);
  if (!rows[0].guard) {
    console.log('Seeds: no guard table yet (run `npx knex migrate:latest`, then `npx knex seed:run`)');
    return;
  }
  const guards = new Map((await listGuards(knex)).map((g) => [g.seed_name, g]));
  const curated = curatedPostings();
  const synthetic = syntheticPostings(options);
  const repo = new Map([
    [curated.name, curatedChecksum(curated.items)],
    [synthetic.name, generatedChecksum(synthetic.count, synthetic.variant)],
  ]);
  console.log('Seeds:');
  for (const [name, checksum] of repo) {
    const g = guards.get(name);
    if (!g) {
      const wanted = name === curated.name || options.syntheticCount > 0;
      console.log(`  ${name}: never applied${wanted ? ' (run `npx knex seed:run`)' : ''}`);
      continue;
    }
    // True of the table, not only of the guard: its rows counted now against what the last run left there.
    const inTable = await countSeedRows(knex, curated.table.table, name);
    const expected = recordedRowsInTable(g);
    const tableState =
      inTable === expected ? '' : `, ${inTable} in the table (${expected} after the last run)`;
    const state =
      g.checksum !== checksum
        ? 'the repo data set differs: run `npx knex seed:run`'
        : tableState
          ? 'the table changed since: run `npx knex seed:run`'
          : 'in sync with the repo';
    console.log(
      `  ${name}: checksum ${g.checksum.slice(0, 12)}, last applied ${new Date(g.last_applied_at).toISOString()}` +
        ` (first ${new Date(g.first_applied_at).toISOString()}), ${g.row_count} rows owned${tableState}; ${state}`,
    );
  }
}

if (require.main === module) runCli((knex, target) => printStatus(knex, target));
