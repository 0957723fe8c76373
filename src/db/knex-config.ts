import path from 'node:path';
import type { Knex } from 'knex';
import { PROJECT_ROOT } from '../project-env';
import type { DatabaseTarget } from './database-target';
import { pgClientFor } from './pg-client';
import type * as PGliteClient from './pglite-client';

/** knex warnings that the one-line error printed afterwards already says (unless DEBUG). */
const SAID_BY_THE_ERROR =
  /^(Connection Error|Acquire connection error|Can't take lock to run migrations|If you are sure migrations are not running|migration file ".*" failed|migration failed with error)/;

/**
 * knex's logger for every knex instance of a command (its own and its lock watcher's): knex logs every failed
 * connection attempt with a stack, a failed migration in three lines, and a pooled connection it finds dead
 * ("Connection Error: Connection ended unexpectedly", beside DB_CONNECTION_LOST; knex replaces it); the error (or,
 * for the watcher, its "no spare connection" line) reports each once, as a one-line fix. DEBUG shows them all.
 */
export const knexLog = {
  warn: (message: string) => {
    if (process.env.DEBUG || !SAID_BY_THE_ERROR.test(String(message))) console.warn(message);
  },
};

/** Seeds and migrations may be written in TypeScript or JavaScript (`knex seed:make x -x js`). */
const LOAD_EXTENSIONS = ['.ts', '.js'];

/**
 * The project's stub for `knex seed:make` / `migrate:make`: an engine seed with a placeholder description, a
 * migration in house style. knex takes one stub whatever the `-x` extension, and passes `-x` only on the command
 * line, so the JavaScript stub is chosen from there.
 */
function stubFor(kind: 'seed' | 'migration'): string {
  const x = process.argv.indexOf('-x');
  const extension = x >= 0 && process.argv[x + 1] === 'js' ? 'js' : 'ts';
  return path.join(PROJECT_ROOT, 'stubs', `${kind}.${extension}.stub`);
}

/** Options of {@link knexConfig}. */
export interface KnexConfigOptions {
  /**
   * Session `lock_timeout` of every connection, in seconds (a server only): a command that must not wait
   * unbounded behind another session's lock (migrate, db:reset, db:status, seed:report). Default: none (the
   * seed sets its own per transaction, SEED_LOCK_TIMEOUT).
   */
  lockTimeoutSeconds?: number;
}

/** The seed directory's settings, the same for every target (tools that open no database read them too). */
export function seedsConfig(): Knex.SeederConfig {
  return {
    directory: path.join(PROJECT_ROOT, 'seeds'),
    loadExtensions: LOAD_EXTENSIONS,
    extension: 'ts',
    stub: stubFor('seed'),
  };
}

/** The knex configuration for a target: `pg` for a server, the locked PGlite client for the embedded one. */
export function knexConfig(target: DatabaseTarget, options: KnexConfigOptions = {}): Knex.Config {
  const common = {
    log: knexLog,
    // `extension` is what `seed:make` / `migrate:make` write unless `-x` says otherwise (knex's default is js).
    migrations: {
      directory: path.join(PROJECT_ROOT, 'migrations'),
      loadExtensions: LOAD_EXTENSIONS,
      extension: 'ts',
      stub: stubFor('migration'),
    },
    seeds: seedsConfig(),
  };
  if (target.kind === 'pglite') {
    // Loaded only for the embedded database: a server run never pays for PGlite's start-up.
    const { LockedPGliteClient }: typeof PGliteClient = require('./pglite-client');
    return {
      ...common,
      client: LockedPGliteClient as unknown as typeof Knex.Client,
      connection: {
        filename: target.dataDir,
        lockTimeoutMs: target.lockTimeoutMs,
      } as Knex.StaticConnectionConfig,
      // knex-pglite's own pool of one; waiting for the lock happens inside the connect.
      acquireConnectionTimeout: target.lockTimeoutMs + 30_000,
    };
  }
  return {
    ...common,
    client: pgClientFor(target),
    connection: {
      ...pgConnection(target),
      ...(options.lockTimeoutSeconds
        ? { options: `-c lock_timeout=${Math.trunc(options.lockTimeoutSeconds)}s` }
        : {}),
    },
    pool: { min: 0, max: 4 },
    acquireConnectionTimeout: target.connectTimeoutMs + 2_000,
  };
}

/** node-postgres options for a server target: knex's connections and the entrypoint's wait use the same. */
export function pgConnection(
  target: Extract<DatabaseTarget, { kind: 'postgres' }>,
  overrides: { connectionTimeoutMillis?: number; application_name?: string } = {},
) {
  return {
    connectionString: target.connectionString,
    ssl: target.ssl,
    connectionTimeoutMillis: target.connectTimeoutMs,
    application_name: 'job-postings-seed',
    // A dead peer is found by TCP keepalive; a path that stalls (a proxy that stops relaying) by query_timeout.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    query_timeout: target.queryTimeoutMs,
    ...overrides,
  };
}
