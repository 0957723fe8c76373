import { isSeedError, SeedError } from '../errors';
import type { DatabaseTarget } from './database-target';
import { whereOf } from './server-facts';

interface DriverError {
  code?: string;
  message?: string;
  routine?: string;
  /** PostgreSQL's DETAIL: for a constraint, the values (`Key (slug)=(initech) already exists.`). */
  detail?: string;
}

/** Node's codes for a server certificate that fails verification (self-signed, unknown CA, wrong host, expired). */
const TLS_CERTIFICATE_CODES = [
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
];

/** The driver's own message, without the SQL text knex prefixes to it ("insert into ... - message"). */
export function driverMessage(error: DriverError): string {
  const message = String(error.message ?? error);
  const cut = message.lastIndexOf(' - ');
  return (cut >= 0 ? message.slice(cut + 3) : message).split('\n')[0];
}

/**
 * The relations this project's migrations create (migrations/): a 42P01 naming one of them means the database
 * was not migrated; any other missing relation is the SQL's own mistake, and migrating would not help.
 */
const MIGRATED_RELATIONS = ['job_postings', 'seed_guard'];

/**
 * What a missing relation that {@link migratesRelation} does not know needs. The shipped migrations are all this
 * code knows; a migration a user wrote may make it, so migrating is offered only on that condition.
 */
export const UNMIGRATED_RELATION_ADVICE =
  `none of the tables this project's migrations create (${MIGRATED_RELATIONS.join(', ')}): check the SQL that ` +
  'names it, or run `npx knex migrate:latest` if a migration you wrote creates it';

/** Whether `relation` (as the server's 42P01 names it, maybe schema-qualified) is one the shipped migrations create. */
export function migratesRelation(relation: string): boolean {
  return MIGRATED_RELATIONS.includes(relation.replace(/^public\./, ''));
}

/** `jobs`, `"edge rev"`: a name as a POSIX shell needs it to pass as one argument, unchanged. */
export function shellWord(name: string): string {
  if (/^[A-Za-z0-9_./:@%+=-]+$/.test(name)) return name;
  return /^[^"\\$`!]*$/.test(name) ? `"${name}"` : `'${name.replace(/'/g, `'\\''`)}'`;
}

/** `jobs`, `"Edge Rev"`: an identifier as SQL needs it (folded to lower case unless quoted). */
export function sqlIdentifier(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

/**
 * The backend pid of the connection a driver error came from, as the server gave it at connect: set by the
 * project's pg client on the errors of its queries (pg-client.ts); undefined for any other error.
 */
export function backendPidOf(error: unknown): number | undefined {
  const pid = (error as { backendPid?: unknown } | null)?.backendPid;
  return typeof pid === 'number' && pid > 0 ? pid : undefined;
}

/**
 * What became of the open transaction of a connection the client lost or gave up on, true of both: the server
 * rolls it back when it notices the connection is gone, at once if it closed it itself, only after TCP keepalive
 * if the path stalled (its backend may still wait to read, e.g. a COPY in ClientRead). Until then the backend
 * holds its locks (the seed lock: a rerun waits, then SEED_LOCKED). `pid`: that backend's, when known.
 */
export function abandonedTransaction(pid: number | undefined): string {
  const end = pid
    ? `SELECT pg_terminate_backend(${pid}) ends it now`
    : 'pg_terminate_backend on its pid ends it now';
  return (
    'the server rolls back its open transaction once it notices the connection is gone; until then its session ' +
    `keeps the locks it took, and a rerun waits for them (${end})`
  );
}

/**
 * A NOT NULL's (23502) or CHECK's (23514) DETAIL is the failing row: every column of it, those the app fills (a
 * token, say) too, in the server's language. Never quoted in a message; known by its SQLSTATE, not its words.
 */
export function detailIsFailingRow(code: string | undefined): boolean {
  return code === '23502' || code === '23514';
}

/** Socket errors that can only happen while connecting. */
const UNREACHABLE_CODES = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH'];

/**
 * A connection attempt that ran out of time: pg's `connectionTimeoutMillis` ("timeout expired"), pg-pool's
 * "Connection terminated due to connection timeout", knex's pool acquire timeout. Only ever raised while a
 * connection is being opened, so "cannot reach" whatever the phase.
 */
const CONNECT_TIMEOUT = /timeout (expired|acquiring a connection)|connection timeout/i;

/**
 * A connection that was up and went away: reset, closed, or ended by the server (57P01 admin shutdown,
 * 57P02 crash shutdown, 57P03 cannot connect now). Not a connect timeout, whose message also says
 * "Connection terminated".
 */
function connectionLost(code: string, message: string): boolean {
  if (CONNECT_TIMEOUT.test(message)) return false;
  return (
    ['ECONNRESET', 'EPIPE', '57P01', '57P02', '57P03'].includes(code) ||
    /Connection terminated|connection error and is not queryable|terminating connection/i.test(message)
  );
}

/**
 * Turns whatever a run threw into a {@link SeedError} with a one-line message that says what to do. Messages
 * name the host, port, user and database (`target.describe`), never the password, the URL or query parameters.
 * `phase`: 'connect' while a connection is being opened (a dropped connection means the server is not
 * reachable), 'run' (default) once it is open (a dropped connection was lost during the run).
 */
export function describeError(
  error: unknown,
  target: DatabaseTarget,
  phase: 'connect' | 'run' = 'run',
): SeedError {
  if (isSeedError(error)) return error;
  // knex's seeder and migrator wrap the real error ("Error while executing ... seed: ...") in `original`.
  const original = (error as { original?: unknown } | null)?.original;
  if (original) return describeError(original, target, phase);
  const e = (error ?? {}) as DriverError;
  const message = driverMessage(e);
  const where =
    target.kind !== 'postgres'
      ? target.dataDir
      : target.host.startsWith('/')
        ? whereOf(target.host, target.port)
        : `${target.host}:${target.port}`;
  const database = target.kind === 'postgres' ? target.database : 'postgres';
  const user = target.kind === 'postgres' ? target.user : 'postgres';
  const code = e.code ?? '';

  if (target.kind === 'postgres' && phase === 'run' && connectionLost(code, message)) {
    return new SeedError(
      'DB_CONNECTION_LOST',
      `the connection to PostgreSQL at ${where} was lost during the run (${code || message}); nothing was ` +
        `written: ${abandonedTransaction(backendPidOf(error))}; check that the server is up (its log says why ` +
        'the connection ended), then run again',
      { cause: error },
    );
  }
  // A Unix socket that is not there (PGHOST or `?host=` a directory no server listens in) is ENOENT.
  const noSocket = code === 'ENOENT' && /\.s\.PGSQL\.\d+/.test(message);
  if (
    UNREACHABLE_CODES.includes(code) ||
    noSocket ||
    connectionLost(code, message) ||
    CONNECT_TIMEOUT.test(message)
  ) {
    return new SeedError(
      'DB_UNREACHABLE',
      `cannot reach PostgreSQL at ${where} (${code || 'connect timeout'}): start the server, or fix the host and port in DATABASE_URL`,
      { cause: error },
    );
  }
  // Under trust auth (and before any password is asked) the server answers an unknown role with 28000.
  const noRole = code === '28000' ? /role "(.*)" does not exist/.exec(message) : null;
  if (noRole) {
    return new SeedError(
      'DB_AUTH_FAILED',
      `role "${noRole[1]}" does not exist at ${where}: create it (CREATE ROLE ${sqlIdentifier(noRole[1])} LOGIN) ` +
        'or fix the user in DATABASE_URL',
      { cause: error },
    );
  }
  if (code === '28P01' || code === '28000') {
    return new SeedError(
      'DB_AUTH_FAILED',
      `authentication failed for user "${user}" at ${where}: ${credentialsHint(target)}`,
      { cause: error },
    );
  }
  if (code === '3D000') {
    return new SeedError(
      'DB_MISSING',
      `database "${database}" does not exist at ${where}: create it (createdb ${shellWord(database)}) or fix DATABASE_URL`,
      { cause: error },
    );
  }
  if (/does not support SSL/i.test(message)) {
    return new SeedError(
      'DB_TLS_UNAVAILABLE',
      `the server at ${where} does not accept TLS: ${tlsAskedBy(target)}, or enable ssl on the server`,
      { cause: error },
    );
  }
  if (TLS_CERTIFICATE_CODES.includes(code)) {
    return new SeedError(
      'DB_TLS_UNAVAILABLE',
      `the server at ${where} presented a TLS certificate this machine does not trust (${code}): give Node its CA ` +
        '(NODE_EXTRA_CA_CERTS=/path/to/ca.pem), or accept it unverified with DATABASE_SSL=no-verify ' +
        '(sslmode=no-verify in DATABASE_URL)',
      { cause: error },
    );
  }
  if (code === '42501' && /temporary tables/i.test(message)) {
    return new SeedError(
      'DB_PERMISSION_DENIED',
      `${message} (user "${user}"): the seed stages rows in temporary tables; GRANT TEMPORARY ON DATABASE ${database} TO ${user}`,
      { cause: error },
    );
  }
  if (code === '42501') {
    // The seed asks the server what its tables lack before it writes (schema-check.ts); this is some other
    // object, and only the server's message knows which privilege: no guessed GRANT.
    return new SeedError(
      'DB_PERMISSION_DENIED',
      `${message} (user "${user}"): grant this role that privilege (what the seed needs: docs/least-privilege.md)`,
      { cause: error },
    );
  }
  const relation = code === '42P01' ? /relation "(.*)" does not exist/.exec(message) : null;
  if (relation && !migratesRelation(relation[1])) {
    return new SeedError(
      'SEED_FAILED',
      `relation "${relation[1]}" does not exist (42P01), ${UNMIGRATED_RELATION_ADVICE}; nothing was written`,
      { cause: error },
    );
  }
  if (code === '42P01' || code === '42704') {
    return new SeedError('SCHEMA_MISSING', `${message}: run \`npx knex migrate:latest\` first`, {
      cause: error,
    });
  }
  // A seed run's constraint violations are named with the item (src/seed/run/write-refusals.ts); these are a
  // plain knex seed file's, or another command's.
  if (code.startsWith('23') || code === '22P02') {
    const detail = detailIsFailingRow(code)
      ? ''
      : String(e.detail ?? '')
          .split('\n')[0]
          .slice(0, 200);
    return new SeedError(
      'DATA_INVALID',
      `the database rejected the data (${message}${detail ? `: ${detail.replace(/\.$/, '')}` : ''}); nothing was ` +
        "written: change the data to fit the table's constraints and types, then run again",
      { cause: error },
    );
  }
  return new SeedError('SEED_FAILED', `${message}${code ? ` (${code})` : ''}; nothing was written`, {
    cause: error,
  });
}

/**
 * Where TLS was asked for, as the fix to name: DATABASE_URL's parameters ({@link urlTlsParameters}); else
 * DATABASE_SSL (the target's `ssl`); else node-postgres's own PGSSLMODE, which it reads when neither says.
 */
function tlsAskedBy(target: DatabaseTarget): string {
  if (target.kind !== 'postgres') return 'turn TLS off';
  const asked = urlTlsParameters(target.connectionString);
  if (asked.length > 0) {
    // pg-connection-string leaves any ssl value but 0, 1 and true as a string, which node-postgres takes as true.
    const trap = asked.some((p) => /^ssl=(?!1$|true$)/.test(p))
      ? ' (node-postgres asks for TLS for any ssl value but 0)'
      : '';
    return `remove ${asked.join(' and ')} from DATABASE_URL${trap}`;
  }
  if (target.ssl) return 'unset DATABASE_SSL';
  return 'unset PGSSLMODE (node-postgres reads it when DATABASE_URL and DATABASE_SSL say nothing of TLS)';
}

/**
 * The parameters of a connection string that make node-postgres ask for TLS, as pg-connection-string reads them
 * (the last of a repeated one): `ssl` with any value but `0` or empty (`ssl=false` too), `sslmode` but `disable`
 * (which turns TLS off whatever else says), `sslcert`, `sslkey`, `sslrootcert`, `sslnegotiation=direct`. Names
 * with their values (`ssl=true`, `sslmode=require`); the file parameters by name only.
 */
function urlTlsParameters(connectionString: string): string[] {
  const query = new URLSearchParams(connectionString.split('?')[1]?.split('#')[0] ?? '');
  const last = (name: string) => query.getAll(name).at(-1);
  if (last('sslmode') === 'disable') return [];
  const asked: string[] = [];
  const ssl = last('ssl');
  if (ssl && ssl !== '0') asked.push(`ssl=${ssl}`);
  const mode = last('sslmode');
  if (mode) asked.push(`sslmode=${mode}`);
  for (const file of ['sslcert', 'sslkey', 'sslrootcert']) if (last(file)) asked.push(file);
  if (last('sslnegotiation') === 'direct') asked.push('sslnegotiation=direct');
  return asked;
}

/**
 * Where the password came from, as the fix to name: DATABASE_URL's, or (the URL names none) node-postgres's own
 * PGPASSWORD or ~/.pgpass.
 */
function credentialsHint(target: DatabaseTarget): string {
  if (target.kind !== 'postgres') return 'check the user and password in DATABASE_URL';
  let password = '';
  try {
    password = new URL(target.connectionString).password;
  } catch {
    // Not a WHATWG URL: say it as before.
  }
  return password !== '' || target.connectionString === ''
    ? 'check the user and password in DATABASE_URL'
    : 'check the user in DATABASE_URL and the password in PGPASSWORD or ~/.pgpass (DATABASE_URL names none)';
}
