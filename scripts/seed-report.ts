import { type RunCommandOptions, runAsScript, runCommand } from '../src/command';
import { assertReadable } from '../src/db/schema-check';
import { coverageReport } from '../src/report/coverage';
import { formatReport } from '../src/report/format-report';

/** `npm run seed:report [-- --json]`: what the database holds, by category, stack, level, location, ... */
export function main(options: RunCommandOptions = {}): Promise<number> {
  return runCommand(
    { name: 'seed:report', lockTimeout: 'SEED_LOCK_TIMEOUT' },
    async ({ knex, io, argv }) => {
      await assertReadable(knex, ['job_postings'], '`npm run seed:report` reads it');
      const report = await coverageReport(knex);
      io.out(argv.includes('--json') ? JSON.stringify(report, null, 2) : formatReport(report));
    },
    options,
  );
}

if (require.main === module) runAsScript(main);
