import type { Knex } from 'knex';
import { parse as parseConnectionString } from 'pg-connection-string';
import type { DatabaseTarget } from '../config';

/** The connection settings knex keeps, in the shapes `pg` and knex-pglite accept (a password is never read). */
interface ConnectionSettings {
  connectionString?: string;
  host?: string;
  port?: number | string;
  database?: string;
  user?: string;
  ssl?: boolean | { rejectUnauthorized?: boolean };
  connectionTimeoutMillis?: number;
  /** knex-pglite: the data directory, or a PGlite instance of the caller's. */
  filename?: string;
  pglite?: unknown;
  lockTimeoutMs?: number;
}

/** knex's client, as far as this module reads it. */
interface KnexClient {
  config?: Knex.Config;
  /** The settings in use (resolved, when `connection` is a function, on the first connect). */
  connectionSettings?: unknown;
}

function isPostgresUrl(value: string | undefined): value is string {
  return value !== undefined && /^postgres(ql)?:\/\//i.test(value);
}

/**
 * What a knex instance is connected to, for error messages: read from the instance's own connection settings
 * (`knex.client`), never from the environment's `DATABASE_URL`, so a programmatic `knex.seed.run()` reports
 * the database it was given. Under the knex CLI this is the knexfile's target, described as
 * `readDatabaseTarget()` describes it.
 */
export function targetOfKnex(knex: Knex): DatabaseTarget {
  const client = knex.client as KnexClient;
  const raw = client.connectionSettings ?? client.config?.connection;
  const settings: ConnectionSettings =
    typeof raw === 'string' ? { connectionString: raw } : ((raw ?? {}) as ConnectionSettings);

  const pgliteDir =
    settings.filename ??
    (settings.pglite !== undefined ? 'a PGlite instance' : undefined) ??
    (settings.connectionString && !isPostgresUrl(settings.connectionString)
      ? settings.connectionString
      : undefined);
  if (pgliteDir !== undefined) {
    return {
      kind: 'pglite',
      dataDir: pgliteDir,
      lockTimeoutMs: settings.lockTimeoutMs ?? 60_000,
      describe: `embedded PGlite at ${pgliteDir}`,
    };
  }

  // As `pg` does: what the connection string says wins over the separate fields.
  let parsed: ReturnType<typeof parseConnectionString> = {} as ReturnType<typeof parseConnectionString>;
  if (isPostgresUrl(settings.connectionString)) {
    try {
      parsed = parseConnectionString(settings.connectionString);
    } catch {
      // An unparseable string fails the connection itself; describe what the fields say.
    }
  }
  const host = parsed.host || settings.host || 'localhost';
  const port = Number(parsed.port || settings.port || 5432);
  const user = parsed.user || settings.user || process.env.PGUSER || 'postgres';
  const database = parsed.database || settings.database || user;
  const ssl = settings.ssl;
  const where = host.startsWith('/') ? `socket ${host}` : `${host}:${port}`;
  return {
    kind: 'postgres',
    connectionString: settings.connectionString ?? '',
    host,
    port,
    database,
    user,
    ssl:
      ssl === undefined || ssl === false
        ? undefined
        : { rejectUnauthorized: ssl === true || ssl.rejectUnauthorized !== false },
    connectTimeoutMs: settings.connectionTimeoutMillis ?? 10_000,
    describe: `${user}@${where}/${database}`,
  };
}
