# The job-postings seed image: on start, docker/entrypoint.sh waits for the database, runs
# `knex migrate:latest` and `knex seed:run`, then execs CMD. An app image built on this one puts its own
# server command in CMD; the default here just reports and exits.
FROM node:20-bookworm-slim

WORKDIR /app

# Dependencies first, so code changes reuse this layer. typescript, ts-node and @swc/core (ts-node's transpiler,
# see tsconfig.json) are runtime dependencies: knexfile.ts, migrations and seeds are TypeScript run through
# ts-node, so dev dependencies can go. No dependency runs an install script (--ignore-scripts): the only one
# with one, @swc/core, is denied in package.json's allowScripts, which npm before 11 does not read (node:20
# ships npm 10); its postinstall only checks the native binary, which npm ci installs as an optional
# dependency (@swc/core-linux-x64-gnu here). The npm cache goes to a directory removed in the same layer.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund --no-update-notifier --cache /tmp/npm-cache \
  && rm -rf /tmp/npm-cache

COPY . .
# Code stays root-owned and read-only to the app; the node user owns /app itself only, because the embedded
# PGlite (DATABASE_URL unset) writes /app/.pglite and its lock file /app/.pglite.lock.
RUN chmod +x docker/entrypoint.sh && chown node:node /app

USER node

ENTRYPOINT ["docker/entrypoint.sh"]
CMD ["node", "-e", "console.log('seeded')"]
