#!/bin/sh
# Container entrypoint: wait for the database, migrate, seed, then run the container's command.
#
#   docker/entrypoint.sh <command> [args...]
#
# What each step does, replicas, DB_WAIT_TIMEOUT, signals and exit codes: docs/docker.md (said once, there).
# Environment: DATABASE_URL, DB_WAIT_TIMEOUT, APP_DIR (default: this script's parent directory) and everything
# the knexfile and the seed read (.env.example).
set -eu

APP_DIR=${APP_DIR:-$(CDPATH='' cd -- "$(dirname -- "$0")/.." && pwd)}
cd "$APP_DIR"

# `docker stop` sends SIGTERM to this shell (PID 1 in a container, which ignores a signal it has no trap for).
# Each step runs as a child this shell waits for, and gets the signal passed on: it cancels its statements
# (its transaction, and knex's migration lock taken in it, is rolled back) and exits 143 (SIGINT: 130), and the
# boot ends with that code instead of being killed 10 s later in the middle of a lock wait.
child=
stopped=
forward() {
  stopped=$1
  [ -n "$child" ] && kill "-$1" "$child" 2>/dev/null || true
}
trap 'forward TERM' TERM
trap 'forward INT' INT

# Runs one step as a waited-for child; returns its exit code. A trapped signal interrupts `wait` (status > 128)
# while the child still runs: wait again for its own exit code.
step() {
  "$@" &
  child=$!
  while :; do
    status=0
    wait "$child" || status=$?
    kill -0 "$child" 2>/dev/null || break
  done
  child=
  if [ "$status" -ne 0 ]; then exit "$status"; fi
  # A signal that came between two steps: do not start the next one.
  case $stopped in
  TERM) exit 143 ;;
  INT) exit 130 ;;
  esac
}

knex() {
  step node node_modules/knex/bin/cli.js "$@"
}

# 1. Wait until the server accepts connections; bad credentials fail at once. With DATABASE_URL unset
# (here and in .env, which knexfile.ts also reads) it is the embedded PGlite: nothing to wait for.
step node -r ts-node/register scripts/wait-for-db.ts

# 2. Migrate (scripts/migrate.ts, as `npm run migrate`): nothing to do when every migration has run; replicas
# migrate one at a time under the migrate lock, waiting for it up to DB_WAIT_TIMEOUT seconds.
step node -r ts-node/register scripts/migrate.ts

# 3. Seed: converges to the data set, or prints "job_postings: up to date".
knex seed:run

# 4. The container's real command, which gets the signals from here on.
trap - TERM INT
exec "$@"
