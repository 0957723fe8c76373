import os from 'node:os';
import path from 'node:path';
import { parse as parseConnectionString } from 'pg-connection-string';
import type { DatabaseTarget } from './db/database-target';
import { describeEnds, resolveConnection, whereOf } from './db/server-facts';
import { SeedError } from './errors';
import { displayPath, PROJECT_ROOT } from './project-env';

/** What a seed run does, from the `SEED_*` variables. */
export interface SeedOptions {
  /** `SEED_FORCE`: reset every seed-owned row to the data set, re-creating deleted ones. Default false. */
  force: boolean;
  /** `SEED_PRUNE`: delete seed-owned rows whose posting left the data set. Default false. */
  prune: boolean;
  /** `SEED_DRY_RUN`: do everything, print the plan, then roll back. Default false. */
  dryRun: boolean;
  /** `SEED_SYNTHETIC_JOB_POSTINGS`: synthetic postings on top of the curated set. Default 0. */
  syntheticCount: number;
  /** `SEED_RANDOM_SEED`: selects the synthetic variant. Default 'job-postings-seed'. */
  randomSeed: string;
  /** `NODE_ENV=production` without `SEED_ALLOW_PRODUCTION=true` makes the seed refuse. */
  production: boolean;
  allowProduction: boolean;
  /**
   * `SEED_LOCK_TIMEOUT`: seconds one wait for a lock (another seed run's, or a row the app holds locked) may
   * last before the run fails with SEED_LOCKED, writing nothing. Default 60.
   */
  lockTimeoutSeconds: number;
}

type Env = NodeJS.ProcessEnv;

const TRUE = ['true', '1', 'yes', 'on'];
const FALSE = ['false', '0', 'no', 'off', ''];

/** Collects every problem, then throws once with the full list. */
class Problems {
  readonly list: string[] = [];
  add(problem: string): void {
    this.list.push(problem);
  }
  throwIfAny(): void {
    if (this.list.length === 0) return;
    throw new SeedError(
      'CONFIG_INVALID',
      `${this.list.length} configuration problem(s); fix them in the environment or .env (see .env.example)`,
      { details: this.list },
    );
  }
}

function readBoolean(env: Env, name: string, problems: Problems): boolean {
  const raw = (env[name] ?? '').trim().toLowerCase();
  if (TRUE.includes(raw)) return true;
  if (FALSE.includes(raw)) return false;
  problems.add(`${name} must be true or false (or 1/0, yes/no, on/off), got "${env[name]}"`);
  return false;
}

/** A variable's value as the integer readers read it: trimmed, `_` between digits dropped (`1_000_000`). */
function digitsOf(env: Env, name: string): string {
  return (env[name] ?? '').trim().replace(/_/g, '');
}

function readInteger(
  env: Env,
  name: string,
  fallback: number,
  problems: Problems,
  max: number,
  min = 0,
): number {
  if ((env[name] ?? '').trim() === '') return fallback;
  const raw = digitsOf(env, name);
  if (!/^\d+$/.test(raw) || Number(raw) > max || Number(raw) < min) {
    problems.add(`${name} must be a whole number from ${min} to ${max}, got "${env[name]}"`);
    return fallback;
  }
  return Number(raw);
}

/** The largest synthetic data set a run accepts. */
export const MAX_SYNTHETIC_POSTINGS = 10_000_000;

/** `NODE_ENV=production` (any case, surrounding spaces ignored). */
export function isProduction(env: Env = process.env): boolean {
  return (env.NODE_ENV ?? '').trim().toLowerCase() === 'production';
}

export function readSeedOptions(env: Env = process.env): SeedOptions {
  const problems = new Problems();
  const options: SeedOptions = {
    force: readBoolean(env, 'SEED_FORCE', problems),
    prune: readBoolean(env, 'SEED_PRUNE', problems),
    dryRun: readBoolean(env, 'SEED_DRY_RUN', problems),
    syntheticCount: readInteger(env, 'SEED_SYNTHETIC_JOB_POSTINGS', 0, problems, MAX_SYNTHETIC_POSTINGS),
    randomSeed: (env.SEED_RANDOM_SEED ?? '').trim() || 'job-postings-seed',
    production: isProduction(env),
    allowProduction: readBoolean(env, 'SEED_ALLOW_PRODUCTION', problems),
    lockTimeoutSeconds: readInteger(env, 'SEED_LOCK_TIMEOUT', 60, problems, 86_400, 1),
  };
  problems.throwIfAny();
  return options;
}

/** `DB_WAIT_TIMEOUT`: seconds the Docker entrypoint waits for the server (default 60, at most a day). */
export function readWaitTimeoutSeconds(env: Env = process.env): number {
  const problems = new Problems();
  const seconds = readInteger(env, 'DB_WAIT_TIMEOUT', 60, problems, 86_400);
  problems.throwIfAny();
  return seconds;
}

/**
 * pg-connection-string warns once per process, in ten lines, that `sslmode=require` means verify-full in pg 8.
 * It is parsed here first, so the warning (said by README, Configuration) is swallowed here, once for the process.
 */
function parseWithoutSslWarning(url: string): ReturnType<typeof parseConnectionString> {
  const emitWarning = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    if (/^SECURITY WARNING: The SSL modes/.test(String(warning))) return;
    // biome-ignore lint/suspicious/noExplicitAny: forwards whatever overload was called.
    (emitWarning as any).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  try {
    return parseConnectionString(url);
  } finally {
    process.emitWarning = emitWarning;
  }
}

/**
 * Every setting a command reads, checked together: one CONFIG_INVALID listing every bad value (the target's,
 * the seed's and the waits'), never only the first reader's. Returns the target.
 */
export function readAllConfig(env: Env = process.env, root: string = PROJECT_ROOT): DatabaseTarget {
  const details: string[] = [];
  let target: DatabaseTarget | undefined;
  const collect = (read: () => void) => {
    try {
      read();
    } catch (error) {
      if (!(error instanceof SeedError) || error.code !== 'CONFIG_INVALID') throw error;
      details.push(...(error.details.length > 0 ? error.details : [error.message]));
    }
  };
  collect(() => {
    target = readDatabaseTarget(env, root);
  });
  collect(() => readSeedOptions(env));
  collect(() => readWaitTimeoutSeconds(env));
  if (details.length > 0 || !target) {
    throw new SeedError(
      'CONFIG_INVALID',
      `${details.length} configuration problem(s); fix them in the environment or .env (see .env.example)`,
      { details },
    );
  }
  return target;
}

/** The embedded database's directory when `PGLITE_DIR` is unset, relative to the project root. */
export const DEFAULT_PGLITE_DIR = '.pglite';

/**
 * `~` and a leading `~/` as the home directory, as a shell would: `.env` files and quoted values are not
 * expanded by a shell, and a directory named `~` in the project is a trap (`rm -rf ~`).
 */
function homeExpanded(dir: string): string {
  return dir === '~' || dir.startsWith('~/') ? path.join(os.homedir(), dir.slice(1)) : dir;
}

/**
 * Reads the target from `env`; a relative `PGLITE_DIR` is resolved from `root` (the project root), a leading
 * `~/` from the home directory.
 */
export function readDatabaseTarget(env: Env = process.env, root: string = PROJECT_ROOT): DatabaseTarget {
  const problems = new Problems();
  // 0 would mean "no timeout" to node-postgres: a connection attempt that never ends.
  const connectTimeoutMs = readInteger(env, 'DB_CONNECT_TIMEOUT', 10, problems, 600, 1) * 1000;
  // A statement waiting for a lock is bounded by SEED_LOCK_TIMEOUT / DB_WAIT_TIMEOUT and must get to say so:
  // the no-answer bound is at least the longest lock wait plus 5 s.
  const lockWaits = ['SEED_LOCK_TIMEOUT', 'DB_WAIT_TIMEOUT'].map((n) => Number(digitsOf(env, n)) || 60);
  const queryTimeoutMs =
    Math.max(readInteger(env, 'DB_QUERY_TIMEOUT', 300, problems, 86_400, 1), ...lockWaits.map((s) => s + 5)) *
    1000;
  // Checked whatever the target: a bad value is listed now, not found the day DATABASE_URL is unset.
  const lockTimeoutMs = readInteger(env, 'PGLITE_LOCK_TIMEOUT', 60, problems, 3600) * 1000;
  const url = (env.DATABASE_URL ?? '').trim();
  if (url === '') {
    problems.throwIfAny();
    const dataDir = path.resolve(root, homeExpanded((env.PGLITE_DIR ?? '').trim()) || DEFAULT_PGLITE_DIR);
    return { kind: 'pglite', dataDir, lockTimeoutMs, describe: `embedded PGlite at ${displayPath(dataDir)}` };
  }
  const sslRaw = (env.DATABASE_SSL ?? '').trim().toLowerCase();
  let ssl: undefined | { rejectUnauthorized: boolean };
  if (TRUE.includes(sslRaw)) ssl = { rejectUnauthorized: true };
  else if (sslRaw === 'no-verify') ssl = { rejectUnauthorized: false };
  else if (!FALSE.includes(sslRaw))
    problems.add(`DATABASE_SSL must be true, false or no-verify, got "${sslRaw}"`);

  let parsed: ReturnType<typeof parseConnectionString> | undefined;
  if (!/^postgres(ql)?:\/\//i.test(url)) {
    problems.add(
      'DATABASE_URL must start with postgres:// or postgresql:// (postgres://user:password@host:5432/db)',
    );
  } else {
    try {
      parsed = parseWithoutSslWarning(url);
      // pg-connection-string accepts some malformed URLs; WHATWG URL parsing is the stricter check. It refuses
      // user info without a host, which node-postgres reads as PGHOST's (or `?host=`'s) host or socket directory.
      new URL(url.replace(/^(postgres(?:ql)?:\/\/[^/?#]*@)(?=[/?#]|$)/i, '$1localhost'));
    } catch (error) {
      // pg-connection-string reads sslcert/sslkey/sslrootcert files while parsing: name the missing file.
      const file =
        (error as NodeJS.ErrnoException).code === 'ENOENT' ? (error as { path?: string }).path : undefined;
      problems.add(
        file
          ? `DATABASE_URL names a TLS file that does not exist: ${file}`
          : 'DATABASE_URL is not a valid URL (expected postgres://user:password@host:5432/database)',
      );
      parsed = undefined;
    }
  }
  if (parsed && !parsed.database)
    problems.add('DATABASE_URL names no database (postgres://user@host:5432/DATABASE)');
  if (parsed?.port && !/^\d+$/.test(String(parsed.port))) problems.add('DATABASE_URL has a non-numeric port');
  problems.throwIfAny();
  if (!parsed) throw new SeedError('CONFIG_INVALID', 'DATABASE_URL could not be parsed');

  // What node-postgres will use (pg's own resolution: PGHOST, PGPORT, PGUSER, $USER), until the server says.
  const { host, port, database, user } = resolveConnection({ connectionString: url }, env);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    problems.add(
      `PGPORT must be a port number (1-65535), got "${env.PGPORT}": DATABASE_URL names no port, so node-postgres ` +
        'takes PGPORT; fix or unset it, or put the port in DATABASE_URL',
    );
    problems.throwIfAny();
  }
  return {
    kind: 'postgres',
    connectionString: url,
    host,
    port,
    database,
    user,
    ssl,
    connectTimeoutMs,
    queryTimeoutMs,
    describe: describeEnds({ user, where: whereOf(host, port), database }),
  };
}
