import { type RunCommandOptions, runAsScript, runCommand } from '../src/command';
import { isProduction } from '../src/config';
import { describeMigrateError } from '../src/db/migrate-errors';
import { SeedError } from '../src/errors';

/**
 * `npm run db:reset`: roll back every migration, migrate, seed. Never with NODE_ENV=production (nor
 * `--env production`). Its lock waits are bounded by DB_WAIT_TIMEOUT and reported naming the holder.
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
      io.out(`Resetting ${target.describe}`);
      const [, rolledBack] = await knex.migrate.rollback(undefined, true);
      io.out(`Rolled back ${rolledBack.length} migration(s)`);
      const [, applied] = await knex.migrate.latest();
      io.out(`Applied ${applied.length} migration(s)`);
      await knex.seed.run();
    },
    options,
  );
}

if (require.main === module) runAsScript(main);
