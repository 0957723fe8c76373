import { readAllConfig, readWaitTimeoutSeconds } from './config';
import type { DatabaseTarget } from './db/database-target';
import type { KnexConfigOptions } from './db/knex-config';
import { reportMigrateErrorsAsOneLine } from './db/migrate-errors';
import { reportSeedErrorsAsOneLine } from './db/seed-errors';
import { onServerFacts, type ServerFacts } from './db/server-facts';
import { isSeedError } from './errors';
import { loadProjectEnv } from './project-env';
import { targetLine } from './target-line';

/** True when this process is the knex CLI (`npx knex ...`), not a script or test using knex as a library. */
export function runByKnexCli(argv: readonly string[] = process.argv): boolean {
  return /[\\/]knex[\\/]bin[\\/]cli\.js$|[\\/]\.bin[\\/]knex$/.test(argv[1] ?? '');
}

/** The value of knex's `--env NAME` / `--env=NAME` option, if given. */
export function knexEnvironment(argv: readonly string[]): string | undefined {
  for (let i = 2; i < argv.length; i++) {
    if (argv[i] === '--env') return argv[i + 1];
    if (argv[i].startsWith('--env=')) return argv[i].slice('--env='.length);
  }
  return undefined;
}

/**
 * What knexfile.ts does before it hands knex its configuration, in the knex CLI:
 * - reads `<project root>/.env` whatever the working directory (`cd test && npx knex migrate:latest` uses
 *   the root's `.env` and `.pglite`);
 * - `--env production` counts as `NODE_ENV=production` (the seed's production guard), since this knexfile
 *   has one configuration for every knex environment;
 * - prints the target line on stderr: the embedded database's before it is opened, a server's once connected,
 *   from what the server says;
 * - makes `migrate:*` and `seed:run` failures (an unknown `--specific`, a seed file that fails to load) one
 *   `CODE: message: what to do` line, as a bad configuration is.
 */
export function prepareKnexCli(argv: readonly string[] = process.argv, env = process.env): DatabaseTarget {
  const cli = runByKnexCli(argv);
  try {
    const origin = loadProjectEnv(env);
    if (cli && (knexEnvironment(argv) ?? '').trim().toLowerCase() === 'production')
      env.NODE_ENV = 'production';
    // Every setting at once (the seed's too), so a bad value is never found one run at a time.
    const target = readAllConfig(env);
    if (cli) {
      // A server's line once connected, from what the server says; the embedded database's at once.
      const print = (facts?: ServerFacts) =>
        process.stderr.write(`${targetLine(target, origin, env, facts)}\n`);
      if (target.kind === 'postgres') onServerFacts(target, print);
      else print();
      reportMigrateErrorsAsOneLine(target);
      reportSeedErrorsAsOneLine(target);
    }
    return target;
  } catch (error) {
    // knex would print "Failed to read config from knexfile" and the error's stack around the one line.
    if (!cli || !isSeedError(error)) throw error;
    process.stderr.write(`${error.format()}\n`);
    process.exit(1);
  }
}

/**
 * What the knex CLI's command adds to the configuration: `migrate:*` waits for a lock (an ALTER behind a session
 * reading the table) at most DB_WAIT_TIMEOUT seconds, as `npm run migrate` does. `seed:run` bounds its own
 * waits (SEED_LOCK_TIMEOUT). Called after {@link prepareKnexCli}, which has checked the settings.
 */
export function knexCliOptions(argv: readonly string[] = process.argv, env = process.env): KnexConfigOptions {
  if (!runByKnexCli(argv)) return {};
  const command = argv.slice(2).find((a) => /^[a-z]+:[a-z]+$/.test(a));
  return command?.startsWith('migrate:')
    ? { lockTimeoutSeconds: Math.max(1, readWaitTimeoutSeconds(env)) }
    : {};
}
