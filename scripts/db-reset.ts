import { runCli } from '../src/cli';
import { isProduction } from '../src/config';
import { describeMigrateError } from '../src/db/migrate-errors';
import { SeedError } from '../src/errors';

/** `npm run db:reset`: roll back every migration, migrate, seed. Never with NODE_ENV=production. */
runCli(
  async (knex, target) => {
    if (isProduction()) {
      throw new SeedError(
        'PRODUCTION_REFUSED',
        'NODE_ENV=production: db:reset drops every table and is never run on production (SEED_ALLOW_PRODUCTION does not apply)',
      );
    }
    console.log(`Resetting ${target.describe}`);
    const [, rolledBack] = await knex.migrate.rollback(undefined, true);
    console.log(`Rolled back ${rolledBack.length} migration(s)`);
    const [, applied] = await knex.migrate.latest();
    console.log(`Applied ${applied.length} migration(s)`);
    await knex.seed.run();
  },
  { describe: describeMigrateError },
);
