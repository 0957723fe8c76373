import type { Knex } from 'knex';
import { type RunCommandOptions, runAsScript, runCommand } from '../src/command';
import { readSeedOptions, type SeedOptions } from '../src/config';
import type { DatabaseTarget } from '../src/db/database-target';
import { migrationFiles } from '../src/db/migrate-latest';
import { accessFacts, permissionError, rowSecurityError } from '../src/db/schema-check';
import { seedStatusLines } from '../src/report/seed-status';
import { listGuards, SEED_GUARD_TABLE } from '../src/seed/guard/seed-guard';
import { seedsOfDirectory } from '../src/seed/run/seed-set';

/**
 * `npm run db:status`'s words: migrations applied and pending; per seed of every file of the seed directory
 * (the knex instance's `seeds`; `--specific=FILE` in `argv`: that file's) what was applied and whether the
 * repo differs, for the environment's SEED_* options with `settings` over them. Writes nothing. Exported so tests
 * (test/model, test/membership) read its words in-process; `out` gets each line.
 */
export async function printStatus(
  knex: Knex,
  target: DatabaseTarget,
  out: (line: string) => void = (line) => console.log(line),
  settings: Partial<SeedOptions> = {},
  argv: readonly string[] = [],
): Promise<void> {
  const options = { ...readSeedOptions(), ...settings };
  out(`Database: ${target.describe}`);
  const { files, seeds } = await seedsOfDirectory(knex, argv, options);
  // Asked of the server's catalog: to_regclass, information_schema and knex.migrate.list() (which also creates
  // knex's tables when it cannot see them) take a table the role may not read for one that does not exist.
  const tables = [...new Set(seeds.map((s) => s.source.table.table))];
  const facts = await accessFacts(knex, ['knex_migrations', SEED_GUARD_TABLE, ...tables], ['SELECT']);
  const denied =
    permissionError(facts, '`npm run db:status` reads these tables') ??
    rowSecurityError(facts, 'its counts would leave the hidden rows out');
  if (denied) throw denied;
  const [migrations, guard] = facts.tables;
  const applied: string[] =
    migrations.schema === null
      ? []
      : (await knex.raw('SELECT name FROM ??.knex_migrations ORDER BY id', [migrations.schema])).rows.map(
          (r: { name: string }) => r.name,
        );
  const pending = migrationFiles().filter((file) => !applied.includes(file));
  out(`Migrations: ${applied.length} applied, ${pending.length} pending`);
  for (const name of applied) out(`  ✓ ${name}`);
  for (const file of pending) out(`  … ${file} (pending: run \`npx knex migrate:latest\`)`);

  if (guard.schema === null) {
    out('Seeds: no guard table yet (run `npx knex migrate:latest`, then `npx knex seed:run`)');
    return;
  }
  const guards = new Map((await listGuards(knex)).map((g) => [g.seed_name, g]));
  out('Seeds:');
  for (const line of await seedStatusLines(knex, files, options, guards)) out(line);
}

/** `npm run db:status [-- --specific=FILE]`, through the runner (src/command.ts). */
export function main(options: RunCommandOptions = {}): Promise<number> {
  return runCommand(
    { name: 'db:status', lockTimeout: 'SEED_LOCK_TIMEOUT' },
    ({ knex, target, io, argv, env }) => printStatus(knex, target, io.out, readSeedOptions(env), argv),
    options,
  );
}

if (require.main === module) runAsScript(main);
