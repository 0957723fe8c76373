import { type RunCommandOptions, runAsScript, runCommand } from '../src/command';
import { isProduction } from '../src/config';
import { describeMigrateError } from '../src/db/migrate-errors';
import { repairingRaceLeftover, withMigrateLock } from '../src/db/migrate-lock';
import { reportSeedErrorsAsOneLine } from '../src/db/seed-errors';
import { SeedError } from '../src/errors';

/** What of knex's Seeder db:reset uses to load every seed file before it drops anything. */
interface SeederInternals {
  config: { seedSource: { getSeeds(config: unknown): Promise<string[]> } };
  _validateSeedStructure(file: string): Promise<string>;
}

/**
 * `npm run db:reset`: roll back every migration, migrate, seed. Never with NODE_ENV=production (nor
 * `--env production`). Its lock waits are bounded by DB_WAIT_TIMEOUT and reported naming the holder. Every
 * seed file is loaded first, as `knex seed:run` does: one that cannot load (an unedited `knex seed:make` stub)
 * fails the reset before anything is dropped, and a seed's error is the seed's line, not a migration's.
 */
export function main(options: RunCommandOptions = {}): Promise<number> {
  return runCommand(
    { name: 'db:reset', lockTimeout: 'DB_WAIT_TIMEOUT', describe: describeMigrateError },
    async ({ knex, target, io, env }) => {
      if (isProduction(env)) {
        throw new SeedError(
          'PRODUCTION_REFUSED',
          'NODE_ENV=production: db:reset drops every table and is never run on production (SEED_ALLOW_PRODUCTION does not apply)',
        );
      }
      reportSeedErrorsAsOneLine(target);
      const seeder = knex.seed as unknown as SeederInternals;
      for (const file of await seeder.config.seedSource.getSeeds(seeder.config))
        await seeder._validateSeedStructure(file);
      io.out(`Resetting ${target.describe}`);
      // Under the migrate lock, as every migrate of this project: never beside a replica's first migrate.
      await withMigrateLock(knex, () =>
        repairingRaceLeftover(knex, { label: 'db:reset', log: io.err }, () =>
          // One transaction for both: knex rolls back each migration in a transaction of its own, so a reset
          // stopped half-way (an error, SIGTERM in a lock wait) left the migrations it had undone undone.
          knex.transaction(async (trx) => {
            const [, rolledBack] = await trx.migrate.rollback(undefined, true);
            io.out(`Rolled back ${rolledBack.length} migration(s)`);
            const [, applied] = await trx.migrate.latest();
            io.out(`Applied ${applied.length} migration(s)`);
          }),
        ),
      );
      await knex.seed.run();
    },
    options,
  );
}

if (require.main === module) runAsScript(main);
