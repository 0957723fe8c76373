import { type RunCommandOptions, runAsScript, runCommand } from '../src/command';
import { readSeedOptions } from '../src/config';
import { JOB_POSTINGS_TABLE } from '../src/db/job-postings';
import { assertReadable } from '../src/db/schema-check';
import { coverageReport } from '../src/report/coverage';
import { formatReport } from '../src/report/format-report';
import { formatSeedColumns, seedColumnsReport } from '../src/report/seed-columns';
import { seedsOfDirectory } from '../src/seed/run/seed-set';
import { assertTablesMatch } from '../src/seed/validate';

/**
 * `npm run seed:report [-- --json] [-- --specific=FILE]`: per seed of every seed file, its rows and each content
 * column's nulls and distinct values; for job postings, what the table holds by category, stack, level,
 * location, ... and the market check.
 */
export function main(options: RunCommandOptions = {}): Promise<number> {
  return runCommand(
    { name: 'seed:report', lockTimeout: 'SEED_LOCK_TIMEOUT' },
    async ({ knex, io, argv, env }) => {
      const { seeds } = await seedsOfDirectory(knex, argv, readSeedOptions(env));
      const tables = [...new Set(seeds.map((s) => s.source.table.table))];
      await assertReadable(knex, tables, '`npm run seed:report` reads it');
      // Another app's table of the same name, or one its migrations left behind: say which columns differ.
      await assertTablesMatch(
        knex,
        seeds.map((s) => s.source.table),
        'read',
      );
      const perSeed = await seedColumnsReport(
        knex,
        seeds.map((s) => s.source),
      );
      const postings = seeds.some((s) => s.source.table.table === JOB_POSTINGS_TABLE)
        ? await coverageReport(knex)
        : undefined;
      if (argv.includes('--json')) {
        io.out(JSON.stringify({ ...postings, seeds: perSeed }, null, 2));
        return;
      }
      io.out([...(postings ? [formatReport(postings)] : []), formatSeedColumns(perSeed)].join('\n\n'));
    },
    options,
  );
}

if (require.main === module) runAsScript(main);
