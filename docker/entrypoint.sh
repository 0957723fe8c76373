#!/bin/sh
# Container entrypoint: wait for the database, migrate, seed, then run the container's command.
#
#   docker/entrypoint.sh <command> [args...]
#
# What each step does, replicas, DB_WAIT_TIMEOUT and exit codes: docs/docker.md (said once, there).
# Environment: DATABASE_URL, DB_WAIT_TIMEOUT, APP_DIR (default: this script's parent directory) and everything
# the knexfile and the seed read (.env.example).
set -eu

APP_DIR=${APP_DIR:-$(CDPATH='' cd -- "$(dirname -- "$0")/.." && pwd)}
cd "$APP_DIR"

knex() {
  node node_modules/knex/bin/cli.js "$@"
}

# 1. Wait until the server accepts connections; bad credentials fail at once. With DATABASE_URL unset
# (here and in .env, which knexfile.ts also reads) it is the embedded PGlite: nothing to wait for.
node -r ts-node/register scripts/wait-for-db.ts

# 2. Migrate (scripts/migrate.ts, as `npm run migrate`): nothing to do when every migration has run; a
# migrate racing another replica's is retried once a second, for up to DB_WAIT_TIMEOUT seconds.
node -r ts-node/register scripts/migrate.ts

# 3. Seed: converges to the data set, or prints "job_postings: up to date".
knex seed:run

# 4. The container's real command.
exec "$@"
