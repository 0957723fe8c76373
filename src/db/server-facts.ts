import type { ServerTarget } from './database-target';

/** Where node-postgres connects and as whom: user, host (or socket directory), port, database. */
export interface ConnectionEnds {
  user: string;
  host: string;
  port: number;
  database: string;
}

/** The connection settings node-postgres reads (a connection string wins over the separate fields). */
export interface PgConnectionSettings {
  connectionString?: string;
  host?: string;
  port?: number | string;
  user?: string;
  database?: string;
}

/** The variables pg's ConnectionParameters reads for what a URL leaves out. */
const PG_VARIABLES = ['PGUSER', 'PGHOST', 'PGPORT', 'PGDATABASE'] as const;

/**
 * Runs `fn` (synchronous) with `env`'s PG* variables in process.env, where pg reads them; a no-op for
 * process.env itself. Lets a caller resolve for another environment (a test, a child's) with pg's own code.
 */
function withPgEnvironment<T>(env: NodeJS.ProcessEnv, fn: () => T): T {
  if (env === process.env) return fn();
  const saved = PG_VARIABLES.map((name) => [name, process.env[name]] as const);
  try {
    for (const name of PG_VARIABLES) {
      if (env[name] === undefined) delete process.env[name];
      else process.env[name] = env[name];
    }
    return fn();
  } finally {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

/**
 * What node-postgres will use for `settings`, resolved by pg's own ConnectionParameters, exactly as a pg
 * Client does when it connects: the URL, then PGUSER/PGHOST/PGPORT/PGDATABASE from the process environment,
 * then pg's defaults (`$USER`, localhost, 5432, the user's name for the database). For what is said before a
 * connection exists; once connected, {@link ServerFacts} say it. The password is never read. `env`: the
 * environment whose PG* variables count (default process.env, which pg reads when it connects; `$USER` is
 * pg's default as it read it at start-up).
 */
export function resolveConnection(
  settings: PgConnectionSettings,
  env: NodeJS.ProcessEnv = process.env,
): ConnectionEnds {
  // Loaded here, not at start-up: an embedded-database run never pays for pg's defaults and type parsers.
  // biome-ignore lint/suspicious/noExplicitAny: pg's ConnectionParameters is untyped JavaScript.
  const ConnectionParameters: any = require('pg/lib/connection-parameters');
  const params = withPgEnvironment(env, () => new ConnectionParameters(settings));
  return {
    // pg's default user is $USER as it was at start-up; with none, the server refuses the connection.
    user: params.user ? String(params.user) : '(no user)',
    host: String(params.host ?? 'localhost'),
    port: Number(params.port),
    database: String(params.database ?? ''),
  };
}

/** `user@host:port/database`, or `user@socket /dir/.s.PGSQL.port/database`: safe to print. */
export function describeEnds(ends: { user: string; where: string; database: string }): string {
  return `${ends.user}@${ends.where}/${ends.database}`;
}

/** `host:port`, `[v6]:port`, or the Unix socket node-postgres opens for a directory host. */
export function whereOf(host: string, port: number): string {
  if (host.startsWith('/')) return `socket ${host.replace(/\/$/, '')}/.s.PGSQL.${port}`;
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** The target as the live connection reports it. */
export interface ServerFacts {
  /** `current_user`. */
  user: string;
  /** `current_database()`. */
  database: string;
  /** The address the socket is connected to (`host:port`), or the Unix socket's path. */
  where: string;
  /** Host and port the socket is connected to (the socket directory and port for a Unix socket). */
  host: string;
  port: number;
  /** `inet_server_port()`, when the server sees another port than this end (a proxy, a mapped port). */
  serverPort?: number;
  /** `server_version`'s number, e.g. `15.4`. */
  version: string;
  /** The database's encoding, e.g. `UTF8`, `LATIN1`. */
  encoding: string;
}

/** One small query: who and where the server says this connection is. */
export const SERVER_FACTS_SQL = `SELECT current_user AS "user", current_database() AS database,
  inet_server_port() AS server_port, current_setting('server_version') AS version,
  pg_encoding_to_char(encoding) AS encoding
  FROM pg_database WHERE datname = current_database()`;

/** A node-postgres client, as far as this module reads it. */
interface PgClientLike {
  host?: string;
  port?: number;
  connection?: { stream?: { remoteAddress?: string; remotePort?: number } };
  query(sql: string): Promise<{ rows: Record<string, unknown>[] }>;
}

/** Asks a connected node-postgres client who and where it is (`inet_server_addr()` is NULL on a socket). */
export async function serverFactsOf(client: PgClientLike): Promise<ServerFacts> {
  const { rows } = await client.query(SERVER_FACTS_SQL);
  const row = rows[0];
  const stream = client.connection?.stream;
  // The socket's own peer: what this process reached (a proxy's port, a mapped port), not a parse of the URL.
  const host = stream?.remoteAddress ?? String(client.host ?? '');
  const port = stream?.remotePort ?? Number(client.port);
  const serverPort = row.server_port === null ? undefined : Number(row.server_port);
  return {
    user: String(row.user),
    database: String(row.database),
    where: whereOf(host, port),
    host,
    port,
    serverPort: serverPort !== undefined && serverPort !== port ? serverPort : undefined,
    version: String(row.version).split(' ')[0],
    encoding: String(row.encoding),
  };
}

/** `PostgreSQL 15.4, UTF8` (and the server's own port when it differs from the one reached). */
export function serverDetails(facts: ServerFacts): string {
  const port = facts.serverPort === undefined ? '' : `, server port ${facts.serverPort}`;
  return `PostgreSQL ${facts.version}, ${facts.encoding}${port}`;
}

const announcers = new WeakMap<ServerTarget, (facts: ServerFacts) => void>();
const learned = new WeakMap<ServerTarget, ServerFacts>();

/** Calls `announce` once, with the facts of the first connection made for `target` (the target line). */
export function onServerFacts(target: ServerTarget, announce: (facts: ServerFacts) => void): void {
  announcers.set(target, announce);
}

/** The facts learned from `target`'s first connection, if it has connected. */
export function learnedFacts(target: ServerTarget): ServerFacts | undefined {
  return learned.get(target);
}

/**
 * On the first connection made for `target`: asks the server (one query), makes `target` say what the server
 * said (user, database, host, port, `describe`: later error messages name those), and announces it.
 */
export async function learnServerFacts(target: ServerTarget, client: PgClientLike): Promise<void> {
  if (learned.has(target)) return;
  const facts = await serverFactsOf(client);
  if (learned.has(target)) return;
  learned.set(target, facts);
  Object.assign(target, {
    user: facts.user,
    database: facts.database,
    host: facts.host,
    port: facts.port,
    describe: describeEnds(facts),
  });
  announcers.get(target)?.(facts);
}
