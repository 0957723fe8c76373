#!/bin/sh
# Container entrypoint: wait for the database, migrate, seed, then run the container's command.
#
#   docker/entrypoint.sh <command> [args...]
#
# First boot creates the schema and the curated job postings; every later boot is a quick no-op
# ("Already up to date", "job_postings: up to date"). Safe for replicas booting at once: a migrate that
# finds knex's migration lock taken, or that races another one creating knex's own tables on an empty
# database, is retried every second (scripts/migrate.ts, shared with `npm run db:setup`); any other migrate
# error fails at once. The seed serialises on its own advisory lock. Each step prints the target line
# (`database: user@host:port/db (DATABASE_URL from ...)`) on stderr first.
#
# Environment: DATABASE_URL (unset: embedded PGlite, nothing to wait for), DB_WAIT_TIMEOUT (seconds, default
# 60: bounds the wait for the server and, separately, the migrate retries), APP_DIR (default: this script's
# parent directory), plus everything knexfile.ts and the seed read (see .env.example).
# Exit status: non-zero if the database never comes up, or migrate or seed fails; otherwise <command>'s own.
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
