import { runCli } from '../src/cli';
import { coverageReport } from '../src/report/coverage';
import { formatReport } from '../src/report/format-report';

/** `npm run seed:report [-- --json]`: what the database holds, by category, stack, level, location, ... */
runCli(async (knex) => {
  const report = await coverageReport(knex);
  console.log(process.argv.includes('--json') ? JSON.stringify(report, null, 2) : formatReport(report));
});
