import { runCli } from '../src/cli';
import { readWaitTimeoutSeconds } from '../src/config';
import { describeMigrateError } from '../src/db/migrate-errors';
import { migrateToLatest } from '../src/db/migrate-latest';

/**
 * `npm run migrate` (also the first half of `npm run db:setup`, and docker/entrypoint.sh's migrate step):
 * `knex migrate:latest` that retries a migrate racing another one for up to DB_WAIT_TIMEOUT seconds, and
 * does nothing, not even take knex's lock, when every migration has run.
 */
runCli(
  async (knex) => {
    const applied = await migrateToLatest(knex, {
      retryForSeconds: readWaitTimeoutSeconds(),
      log: (line) => console.error(line),
    });
    console.log(
      applied.length === 0
        ? 'Already up to date'
        : `Applied ${applied.length} migration(s): ${applied.join(', ')}`,
    );
  },
  { describe: describeMigrateError },
);
