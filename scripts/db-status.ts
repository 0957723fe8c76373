import { type RunCommandOptions, runAsScript, runCommand } from '../src/command';
import { readSeedOptions } from '../src/config';
import { migrationFiles } from '../src/db/migrate-latest';
import { accessFacts, permissionError } from '../src/db/schema-check';
import { seedStatusLines } from '../src/report/seed-status';
import { listGuards, SEED_GUARD_TABLE } from '../src/seed/guard';
import { seedsOfDirectory } from '../src/seed/seed-set';

/**
 * `npm run db:status [-- --specific=FILE]`: migrations applied and pending; per seed of every file of the seed
 * directory (the knexfile's `seeds`) what was applied and whether the repo differs. Writes nothing.
 */
export function main(options: RunCommandOptions = {}): Promise<number> {
  return runCommand(
    { name: 'db:status', lockTimeout: 'SEED_LOCK_TIMEOUT' },
    async ({ knex, target, io, argv, env }) => {
      const seedOptions = readSeedOptions(env);
      io.out(`Database: ${target.describe}`);
      const { files, seeds } = await seedsOfDirectory(knex, argv, seedOptions);
      // Asked of the server's catalog: to_regclass, information_schema and knex.migrate.list() (which also
      // creates knex's tables when it cannot see them) take a table the role may not read for one that does
      // not exist.
      const tables = [...new Set(seeds.map((s) => s.source.table.table))];
      const facts = await accessFacts(knex, ['knex_migrations', SEED_GUARD_TABLE, ...tables], ['SELECT']);
      const denied = permissionError(facts, '`npm run db:status` reads these tables');
      if (denied) throw denied;
      const [migrations, guard] = facts.tables;
      const applied: string[] =
        migrations.schema === null
          ? []
          : (await knex.raw('SELECT name FROM ??.knex_migrations ORDER BY id', [migrations.schema])).rows.map(
              (r: { name: string }) => r.name,
            );
      const pending = migrationFiles().filter((file) => !applied.includes(file));
      io.out(`Migrations: ${applied.length} applied, ${pending.length} pending`);
      for (const name of applied) io.out(`  ✓ ${name}`);
      for (const file of pending) io.out(`  … ${file} (pending: run \`npx knex migrate:latest\`)`);

      if (guard.schema === null) {
        io.out('Seeds: no guard table yet (run `npx knex migrate:latest`, then `npx knex seed:run`)');
        return;
      }
      const guards = new Map((await listGuards(knex)).map((g) => [g.seed_name, g]));
      io.out('Seeds:');
      for (const line of await seedStatusLines(knex, files, seedOptions, guards)) io.out(line);
    },
    options,
  );
}

if (require.main === module) runAsScript(main);
