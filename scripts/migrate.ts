import { type RunCommandOptions, runAsScript, runCommand } from '../src/command';
import { readWaitTimeoutSeconds } from '../src/config';
import { describeMigrateError } from '../src/db/migrate-errors';
import { migrateToLatest } from '../src/db/migrate-latest';

/**
 * `npm run migrate` (also the first half of `npm run db:setup`, and docker/entrypoint.sh's migrate step):
 * `knex migrate:latest` under the migrate lock (one migrate at a time; src/db/migrate-lock.ts) that retries a
 * migrate finding knex's lock taken for up to DB_WAIT_TIMEOUT seconds, and does nothing, not even take a lock,
 * when every migration has run. A migration waiting for a lock (a session using the table) is reported and
 * gives up after DB_WAIT_TIMEOUT seconds.
 */
export function main(options: RunCommandOptions = {}): Promise<number> {
  return runCommand(
    { name: 'migrate', lockTimeout: 'DB_WAIT_TIMEOUT', describe: describeMigrateError },
    async ({ knex, io, env }) => {
      const applied = await migrateToLatest(knex, {
        retryForSeconds: readWaitTimeoutSeconds(env),
        log: io.err,
        retryEveryMs: options.retryEveryMs,
      });
      io.out(
        applied.length === 0
          ? 'Already up to date'
          : `Applied ${applied.length} migration(s): ${applied.join(', ')}`,
      );
    },
    options,
  );
}

if (require.main === module) runAsScript(main);
