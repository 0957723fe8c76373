import type { Knex } from 'knex';
import { lockWaitTimeoutError, watchCommand } from './command-watch';
import { readAllConfig, readWaitTimeoutSeconds } from './config';
import type { DatabaseTarget } from './db/database-target';
import type { KnexConfigOptions } from './db/knex-config';
import { reportMigrateErrorsAsOneLine } from './db/migrate-errors';
import { repairingRaceLeftover, withMigrateLock } from './db/migrate-lock';
import { reportSeedErrorsAsOneLine } from './db/seed-errors';
import { onServerFacts, type ServerFacts } from './db/server-facts';
import { isSeedError } from './errors';
import { loadProjectEnv } from './project-env';
import { clearStopRequest, requestStop } from './stop-request';
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
      watchMigrationsInCli(target, Math.max(1, readWaitTimeoutSeconds(env)));
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

/** True when `error` or one it wraps (`cause`, knex's `original`) is PostgreSQL's lock timeout (55P03). */
function causedByLockTimeout(error: unknown): boolean {
  let current = error as { code?: string; cause?: unknown; original?: unknown } | null | undefined;
  for (let depth = 0; current && depth < 5; depth++) {
    if (current.code === '55P03') return true;
    current = (current.original ?? current.cause) as typeof current;
  }
  return false;
}

/**
 * `knex migrate:latest`, `migrate:up`, `migrate:down`, `migrate:rollback` as the runner does `npm run migrate`
 * (src/command.ts): while a migration waits for a lock, a line names the holder at once and every 5 s, and at
 * the bound (DB_WAIT_TIMEOUT) the error names it; SIGINT/SIGTERM cancel its statements, so its transaction and
 * knex's migration lock are rolled back at once instead of being left to a backend that waits on (exit 130/143);
 * knex's lock table left with several unlocked rows (replicas that raced on an empty database) is repaired, as
 * `npm run migrate` does. It does not hold the migrate lock for the whole run as `npm run migrate` does: knex's
 * own command does not retry or wait for another migrate, and a race it loses says so in one line (run it again).
 * knex offers no hook: the Migrator's methods are wrapped, once, in the CLI process only.
 */
function watchMigrationsInCli(target: DatabaseTarget, timeoutSeconds: number): void {
  // biome-ignore lint/suspicious/noExplicitAny: knex's Migrator is untyped JavaScript.
  const { Migrator } = require('knex/lib/migrations/migrate/Migrator') as { Migrator: any };
  if (Migrator.watchedInCli) return;
  Migrator.watchedInCli = true;
  const log = (line: string) => process.stderr.write(`${line}\n`);
  for (const name of ['latest', 'up', 'down', 'rollback'] as const) {
    const original: (...args: unknown[]) => Promise<unknown> = Migrator.prototype[name];
    Migrator.prototype[name] = async function (
      this: { knex: Knex; _activeMigration?: { fileName?: string } },
      ...args: unknown[]
    ) {
      const watch = watchCommand(this.knex, target, {
        label: 'migrate',
        timeoutSeconds,
        setting: 'DB_WAIT_TIMEOUT',
        log,
      });
      let interrupted: NodeJS.Signals | undefined;
      const onSignal = (signal: NodeJS.Signals) => {
        if (interrupted) return;
        interrupted = signal;
        log(`migrate: ${signal}: cancelling its statements, so its transaction is rolled back`);
        requestStop(signal); // and a wait that runs no statement (the embedded database's lock) ends
        void watch.cancelAll().catch(() => undefined);
      };
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      try {
        // The repair holds the migrate lock: never beside a migrate creating the lock table.
        const locked = <R>(fn: () => Promise<R>) => withMigrateLock(this.knex, fn);
        return await repairingRaceLeftover(this.knex, { label: 'migrate', log, locked }, () =>
          original.apply(this, args),
        );
      } catch (error) {
        if (interrupted) {
          log(`migrate: stopped by ${interrupted}; what it had begun was rolled back`);
          await this.knex.destroy().catch(() => undefined);
          process.exit(interrupted === 'SIGINT' ? 130 : 143);
        }
        if (causedByLockTimeout(error))
          throw lockWaitTimeoutError(
            {
              name: this._activeMigration?.fileName
                ? `migration ${this._activeMigration.fileName}`
                : `knex migrate:${name}`,
              lockTimeout: 'DB_WAIT_TIMEOUT',
            },
            timeoutSeconds,
            error,
            watch.lastHolder(),
          );
        throw error;
      } finally {
        process.removeListener('SIGINT', onSignal);
        process.removeListener('SIGTERM', onSignal);
        clearStopRequest();
        await watch.stop().catch(() => undefined);
      }
    };
  }
}
