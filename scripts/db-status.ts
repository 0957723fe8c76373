import type { Knex } from 'knex';
import { curatedPostings, syntheticPostings } from '../seeds/01_job_postings';
import { type CommandContext, type RunCommandOptions, runAsScript, runCommand } from '../src/command';
import { readSeedOptions, type SeedOptions } from '../src/config';
import type { DatabaseTarget } from '../src/db/database-target';
import { migrationFiles } from '../src/db/migrate-latest';
import { accessFacts, permissionError } from '../src/db/schema-check';
import { checkTable, listGuards, recordedTable, SEED_GUARD_TABLE } from '../src/seed/guard';
import { curatedChecksum, generatedChecksum, hashSpecOf } from '../src/seed/hashing';
import { curatedOwnedIds } from '../src/seed/step-kinds';

/** `npm run db:status`: migrations applied and pending; per seed what was applied and whether the repo differs. */
export function main(runOptions: RunCommandOptions = {}): Promise<number> {
  return runCommand({ name: 'db:status', lockTimeout: 'SEED_LOCK_TIMEOUT' }, status, runOptions);
}

// Every line is the command's result, on stdout (io.out).
function status({ knex, target, io, env }: CommandContext): Promise<void> {
  return printStatus(knex, target, io.out, readSeedOptions(env));
}

/**
 * What db:status prints, line by line to `out`. Exported so tests (test/model, test/membership) read its words
 * in-process on their own knex.
 */
export async function printStatus(
  knex: Knex,
  target: DatabaseTarget,
  out: (line: string) => void = (line) => console.log(line),
  options: Pick<SeedOptions, 'syntheticCount' | 'randomSeed'> = readSeedOptions(),
): Promise<void> {
  const console = { log: out };
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
    // True of the table, not only of the guard: the seed's rows read now (which ids; the curated set's owned ids
    // and app edits too) against what the last run recorded it left there, as a rerun checks them.
    const table = curated.table;
    const spec = hashSpecOf(table);
    const sameColumns = JSON.stringify(g.content_columns ?? spec) === JSON.stringify(spec);
    const truth = await checkTable(
      knex,
      table.table,
      name,
      g,
      name === curated.name && sameColumns
        ? (guard) => curatedOwnedIds(table, guard.owned_keys ?? [], curated.items, spec)
        : undefined,
    );
    const last = recordedTable(g);
    const owned = truth.intact
      ? `${truth.owned} rows owned`
      : `${last?.owned ?? g.row_count} rows owned after the last run, ${truth.inTable} with its name in the table now` +
        // A generated seed compares every row with its name, so the last run's figure still holds; a curated
        // one compares its owned ids, so an app copy since an up-to-date run is not in it.
        `${last && name !== curated.name ? ` (${last.rows} then${last.rows === truth.inTable ? ', other rows' : ''})` : ''}`;
    const state =
      g.checksum !== checksum || !sameColumns
        ? 'the repo data set differs: run `npx knex seed:run`'
        : truth.intact
          ? 'in sync with the repo'
          : 'the table changed since: run `npx knex seed:run`';
    console.log(
      `  ${name}: checksum ${g.checksum.slice(0, 12)}, last applied ${new Date(g.last_applied_at).toISOString()}` +
        ` (first ${new Date(g.first_applied_at).toISOString()}), ${owned}; ${state}`,
    );
  }
}

if (require.main === module) runAsScript(main);
