import { curatedPostings, syntheticPostings } from '../seeds/01_job_postings';
import { runCli } from '../src/cli';
import { readSeedOptions } from '../src/config';
import { migrationFiles } from '../src/db/migrate-latest';
import { accessFacts, permissionError } from '../src/db/schema-check';
import { countSeedRows, listGuards, recordedRowsInTable, SEED_GUARD_TABLE } from '../src/seed/guard';
import { curatedChecksum, generatedChecksum } from '../src/seed/hashing';

/** `npm run db:status`: migrations applied and pending; per seed what was applied and whether the repo differs. */
runCli(async (knex, target) => {
  const options = readSeedOptions();
  console.log(`Database: ${target.describe}`);
  const curated = curatedPostings();
  // Asked of the server's catalog: to_regclass, information_schema and knex.migrate.list() (which also creates
  // knex's tables when it cannot see them) take a table the role may not read for one that does not exist.
  const facts = await accessFacts(
    knex,
    ['knex_migrations', SEED_GUARD_TABLE, curated.table.table],
    ['SELECT'],
  );
  const denied = permissionError(facts, '`npm run db:status` reads these tables');
  if (denied) throw denied;
  const [migrations, guard] = facts.tables;
  const files = migrationFiles();
  const applied: string[] =
    migrations.schema === null
      ? []
      : (await knex.raw('SELECT name FROM ??.knex_migrations ORDER BY id', [migrations.schema])).rows.map(
          (r: { name: string }) => r.name,
        );
  const pending = files.filter((file) => !applied.includes(file));
  console.log(`Migrations: ${applied.length} applied, ${pending.length} pending`);
  for (const name of applied) console.log(`  ✓ ${name}`);
  for (const file of pending) console.log(`  … ${file} (pending: run \`npx knex migrate:latest\`)`);

  if (guard.schema === null) {
    console.log('Seeds: no guard table yet (run `npx knex migrate:latest`, then `npx knex seed:run`)');
    return;
  }
  const guards = new Map((await listGuards(knex)).map((g) => [g.seed_name, g]));
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
});
