import knexFactory, { type Knex } from 'knex';
import { type CommandWatch, lockWaitTimeoutError, watchCommand } from './command-watch';
import { readAllConfig, readSeedOptions, readWaitTimeoutSeconds } from './config';
import { closeWithin } from './db/close';
import type { DatabaseTarget } from './db/database-target';
import { describeError } from './db/describe-error';
import { knexConfig } from './db/knex-config';
import { onServerFacts } from './db/server-facts';
import { isSeedError, type SeedError } from './errors';
import { knexEnvironment } from './knex-cli';
import { loadProjectEnv } from './project-env';
import { isLockTimeout } from './seed/locks';
import { clearStopRequest, requestStop } from './stop-request';

import { targetLine } from './target-line';

/** Where a command writes: `out` for its result, `err` for the target line, waits and the error. */
export interface CommandIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** What a command's main function gets. */
export interface CommandContext {
  knex: Knex;
  target: DatabaseTarget;
  io: CommandIo;
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
  /** The bound of one lock wait, in seconds (see {@link CommandSpec.lockTimeout}). */
  lockTimeoutSeconds: number;
}

/** What is the same for every run of one command. */
export interface CommandSpec {
  /** As people type it after `npm run`: "migrate", "db:reset", ... */
  name: string;
  /**
   * The setting bounding its lock waits: DB_WAIT_TIMEOUT for migrate and db:reset (they wait for other
   * migrates and for sessions using the tables), SEED_LOCK_TIMEOUT for the commands that read the tables.
   */
  lockTimeout: 'DB_WAIT_TIMEOUT' | 'SEED_LOCK_TIMEOUT';
  /** Turns an error into the one line printed. Default: {@link describeError}. */
  describe?: (error: unknown, target: DatabaseTarget) => SeedError;
}

/** Per-run options: the process's by default, injectable in tests. */
export interface RunCommandOptions {
  io?: CommandIo;
  argv?: readonly string[];
  env?: NodeJS.ProcessEnv;
  /** Handle SIGINT/SIGTERM (only a script run as a process). Default false. */
  signals?: boolean;
  /** The watcher's report interval and first look, in ms (tests set them small). */
  reportEveryMs?: number;
  firstLookMs?: number;
  /** `npm run migrate`'s wait before each retry of a migrate that found knex's lock taken, in ms. Default 1000. */
  retryEveryMs?: number;
  /**
   * An open knex on the database the environment names, used instead of opening one and left open after (tests:
   * one PGlite open per test file instead of one per command). Its settings are its opener's: made with
   * `knexConfig(target)`, the command's lock_timeout is not set on it. Default: the command opens its own.
   */
  knex?: Knex;
}

const processIo: CommandIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/**
 * The one way every command connects and runs (`npm run migrate`, `db:reset`, `db:status`, `seed:report`,
 * `seed:export`, the Docker entrypoint's steps); the knex CLI gets the same rules through knexfile.ts:
 * - every setting checked together (one CONFIG_INVALID with every bad value), `--env production` counted as
 *   NODE_ENV=production, then the target line on stderr before anything touches the database;
 * - every lock wait bounded by the command's setting (session `lock_timeout`) and reported while it lasts,
 *   naming the holder, from a watcher connection of its own (or a fallback line when there is none);
 * - a stalled network path ends within DB_QUERY_TIMEOUT as DB_CONNECTION_LOST (knex-config.ts, pg-client.ts);
 * - SIGINT/SIGTERM cancel the command's statements, so its transaction (and knex's migration lock taken in it)
 *   is rolled back, not left to a backend that waits on;
 * - any error becomes one `CODE: message` line (a stack only with DEBUG=1) and exit code 1.
 * Returns the exit code; never throws.
 */
export async function runCommand(
  spec: CommandSpec,
  main: (context: CommandContext) => Promise<void>,
  options: RunCommandOptions = {},
): Promise<number> {
  const io = options.io ?? processIo;
  const argv = options.argv ?? process.argv;
  const env = options.env ?? process.env;
  const describe = spec.describe ?? describeError;
  let target: DatabaseTarget | undefined;
  let knex: Knex | undefined;
  let watch: CommandWatch | undefined;
  let lockTimeoutSeconds = 0;
  let interrupted: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) return;
    interrupted = signal;
    io.err(`${spec.name}: ${signal}: cancelling its statements, so its transaction is rolled back`);
    requestStop(signal); // and a wait that runs no statement (a retry's pause, the embedded database's lock) ends
    void watch?.cancelAll().catch(() => undefined);
  };
  if (options.signals) {
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }
  try {
    const origin = loadProjectEnv(env);
    if ((knexEnvironment(argv) ?? '').trim().toLowerCase() === 'production') env.NODE_ENV = 'production';
    target = readAllConfig(env);
    // A server's line once connected, from what the server says; the embedded database's at once.
    const known = target;
    if (known.kind === 'postgres')
      onServerFacts(known, (facts) => io.err(targetLine(known, origin, env, facts)));
    else io.err(targetLine(known, origin, env));
    lockTimeoutSeconds = Math.max(
      1,
      spec.lockTimeout === 'DB_WAIT_TIMEOUT'
        ? readWaitTimeoutSeconds(env)
        : readSeedOptions(env).lockTimeoutSeconds,
    );
    knex = options.knex ?? knexFactory(knexConfig(target, { lockTimeoutSeconds }));
    watch = watchCommand(knex, target, {
      label: spec.name,
      timeoutSeconds: lockTimeoutSeconds,
      setting: spec.lockTimeout,
      log: io.err,
      reportEveryMs: options.reportEveryMs,
      firstLookMs: options.firstLookMs,
    });
    // Connect before `main` prints anything: the target line, and `target`, then say what the server said.
    if (target.kind === 'postgres')
      await knex.client.releaseConnection(await knex.client.acquireConnection());
    // Interrupted between two statements, it may still finish: then it did what it says, exit 0.
    await main({ knex, target, io, argv, env, lockTimeoutSeconds });
    return 0;
  } catch (error) {
    if (interrupted) {
      io.err(`${spec.name}: stopped by ${interrupted}; what it had begun was rolled back`);
      return signalExitCode(interrupted);
    }
    const root = (error as { original?: unknown } | null)?.original ?? error;
    const seedError = isLockTimeout(root)
      ? lockWaitTimeoutError(spec, lockTimeoutSeconds, error, watch?.lastHolder())
      : target
        ? describe(error, target)
        : error;
    io.err(isSeedError(seedError) ? seedError.format() : String(seedError));
    if (env.DEBUG && error instanceof Error && error.stack) io.err(error.stack);
    return 1;
  } finally {
    await watch?.stop().catch(() => undefined);
    if (knex && knex !== options.knex) await closeWithin(knex);
    if (options.signals) {
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
      clearStopRequest();
    }
  }
}

/** 128 + the signal number, as a shell reports a process a signal ended. */
function signalExitCode(signal: NodeJS.Signals): number {
  return signal === 'SIGINT' ? 130 : 143;
}

/** Runs a script's `main` as the process: its exit code becomes the process's. */
export function runAsScript(main: (options: RunCommandOptions) => Promise<number>): void {
  main({ signals: true }).then((code) => {
    process.exitCode = code;
  });
}
