import { knexConfig } from './src/db/knex-config';
import { knexCliOptions, prepareKnexCli } from './src/knex-cli';

/**
 * `DATABASE_URL` set: that PostgreSQL server; unset: the embedded PGlite in `PGLITE_DIR` (default `.pglite`).
 * Both are read from the environment, then from the project root's `.env`, whatever the working directory.
 * One configuration for every knex environment; `--env production` is `NODE_ENV=production`. `migrate:*` waits
 * for a lock at most DB_WAIT_TIMEOUT seconds.
 */
export default knexConfig(prepareKnexCli(), knexCliOptions());
