import type { Knex } from 'knex';
import type { DatabaseTarget } from './database-target';
import { describeEnds, type PgConnectionSettings, resolveConnection, whereOf } from './server-facts';

/** The connection settings knex keeps, in the shapes `pg` and knex-pglite accept (a password is never read). */
interface ConnectionSettings extends PgConnectionSettings {
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
  /** The project's pg client (pg-client.ts): its target, which says what the server said once connected. */
  serverTarget?: DatabaseTarget;
  /** The driver module knex loaded: node-postgres for a server; none for knex-pglite's client. */
  driver?: { Client?: unknown };
}

/**
 * What a knex instance is connected to, for error messages: read from the instance itself, never from the
 * environment's `DATABASE_URL`, so a programmatic `knex.seed.run()` reports the database it was given. Once the
 * project's client has connected, that is what the server said (`current_user`, `current_database()`, the
 * address the socket reached); before, what node-postgres will use for the instance's settings (pg's own
 * resolution, with PGHOST/PGPORT/PGUSER/PGDATABASE and `$USER` defaults).
 */
export function targetOfKnex(knex: Knex): DatabaseTarget {
  const client = knex.client as KnexClient;
  if (client.serverTarget) return client.serverTarget;
  const raw = client.connectionSettings ?? client.config?.connection;
  const settings: ConnectionSettings =
    typeof raw === 'string' ? { connectionString: raw } : ((raw ?? {}) as ConnectionSettings);

  // A data directory only for a client without node-postgres (knex-pglite's). For node-postgres, a connection
  // string (`socket:...`, a bare socket directory, a URL) is a server and may hold a password, never printed; a
  // `filename` (what knex makes of a string it cannot read as postgres://, `socket://...` included) it ignores,
  // and connects by its defaults.
  const pgliteDir =
    typeof client.driver?.Client !== 'function'
      ? (settings.filename ??
        (settings.pglite !== undefined ? 'a PGlite instance' : undefined) ??
        settings.connectionString ??
        'a PGlite database in memory')
      : undefined;
  if (pgliteDir !== undefined) {
    return {
      kind: 'pglite',
      dataDir: pgliteDir,
      lockTimeoutMs: settings.lockTimeoutMs ?? 60_000,
      describe: `embedded PGlite at ${pgliteDir}`,
    };
  }

  let ends = { user: '', host: 'localhost', port: 5432, database: '' };
  try {
    ends = resolveConnection(settings);
  } catch {
    // An unparseable string fails the connection itself; nothing truer to say about it here.
  }
  const ssl = settings.ssl;
  return {
    kind: 'postgres',
    connectionString: settings.connectionString ?? '',
    ...ends,
    ssl:
      ssl === undefined || ssl === false
        ? undefined
        : { rejectUnauthorized: ssl === true || ssl.rejectUnauthorized !== false },
    connectTimeoutMs: settings.connectionTimeoutMillis ?? 10_000,
    describe: describeEnds({ ...ends, where: whereOf(ends.host, ends.port) }),
  };
}
