#!/bin/sh
# Container entrypoint: wait for the database, migrate, seed, then run the container's command.
#
#   docker/entrypoint.sh <command> [args...]
#
# First boot creates the schema and the curated job postings; every later boot is a quick no-op
# ("Already up to date", "job_postings: up to date"). Safe for replicas booting at once: a migrate that
# finds knex's migration lock taken, or that races another one creating knex's own tables on an empty
# database, is retried every second; any other migrate error fails at once. The seed serialises on its
# own advisory lock.
#
# Environment: DATABASE_URL (unset: embedded PGlite, nothing to wait for), DB_WAIT_TIMEOUT (seconds, default
# 60: bounds the wait for the server and, separately, the migrate retries), APP_DIR (default: this script's
# parent directory), plus everything knexfile.ts and the seed read (see .env.example).
# Exit status: non-zero if the database never comes up, or migrate or seed fails; otherwise <command>'s own.
set -eu

APP_DIR=${APP_DIR:-$(CDPATH='' cd -- "$(dirname -- "$0")/.." && pwd)}
cd "$APP_DIR"

DB_WAIT_TIMEOUT=${DB_WAIT_TIMEOUT:-60}
case $DB_WAIT_TIMEOUT in
  '' | *[!0-9]*)
    echo "CONFIG_INVALID: DB_WAIT_TIMEOUT must be a whole number of seconds, got \"$DB_WAIT_TIMEOUT\"" >&2
    exit 1
    ;;
esac
# Leading zeros would make shell arithmetic read the number as octal.
while case $DB_WAIT_TIMEOUT in 0?*) true ;; *) false ;; esac; do DB_WAIT_TIMEOUT=${DB_WAIT_TIMEOUT#0}; done
export DB_WAIT_TIMEOUT

knex() {
  node node_modules/knex/bin/cli.js "$@"
}

# 1. Wait until the server accepts connections; bad credentials fail at once. With DATABASE_URL unset
# (here and in .env, which knexfile.ts also reads) it is the embedded PGlite: nothing to wait for.
node -r ts-node/register scripts/wait-for-db.ts

# 2. Migrate, retrying only what another replica migrating at the same moment causes.
deadline=$(($(date +%s) + DB_WAIT_TIMEOUT))
attempt=1
while :; do
  status=0
  output=$(knex migrate:latest 2>&1) || status=$?
  if [ "$status" -eq 0 ]; then
    printf '%s\n' "$output"
    break
  fi
  case $output in
    *'Migration table is already locked'*)
      why='the migration lock is taken (another replica migrating?)'
      ;;
    *'create table "knex_migrations'*'already exists'* | *'create table "knex_migrations'*'duplicate key value'*)
      why="another replica created knex's migration tables at the same moment"
      ;;
    *)
      printf '%s\n' "$output" >&2
      exit "$status"
      ;;
  esac
  if [ "$(date +%s)" -ge "$deadline" ]; then
    printf '%s\n' "$output" >&2
    echo "MIGRATE_LOCKED: $why; gave up after $DB_WAIT_TIMEOUT s (DB_WAIT_TIMEOUT)." \
      "If no other migration is running: \`npx knex migrate:unlock\` (and if knex_migrations_lock has more than one row, delete all but one)" >&2
    exit 1
  fi
  echo "migrate: $why; retry $attempt in 1 s" >&2
  attempt=$((attempt + 1))
  sleep 1
done

# 3. Seed: converges to the data set, or prints "job_postings: up to date".
knex seed:run

# 4. The container's real command.
exec "$@"
