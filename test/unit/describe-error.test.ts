/** Unit tests of src/db/describe-error.ts: one row per way a run fails, with the full line printed. No database. */
import type { DatabaseTarget } from '../../src/db/database-target';
import { describeError } from '../../src/db/describe-error';
import { SeedError } from '../../src/errors';

const PASSWORD = 'describe-hunter2-s3cret';
const SERVER: DatabaseTarget = {
  kind: 'postgres',
  connectionString: `postgres://seeder:${PASSWORD}@db.example:6432/jobs`,
  host: 'db.example',
  port: 6432,
  database: 'jobs',
  user: 'seeder',
  ssl: undefined,
  connectTimeoutMs: 10_000,
  describe: 'seeder@db.example:6432/jobs',
};
const EMBEDDED: DatabaseTarget = {
  kind: 'pglite',
  dataDir: '/srv/app/.pglite',
  lockTimeoutMs: 60_000,
  describe: 'embedded PGlite at /srv/app/.pglite',
};

/** A driver error as pg (or Node's net/tls) raises it. */
function driverError(code: string | undefined, message: string): Error {
  return Object.assign(new Error(message), code === undefined ? {} : { code });
}

const UNREACHABLE = (code: string) =>
  `DB_UNREACHABLE: cannot reach PostgreSQL at db.example:6432 (${code}): start the server, or fix the host and port in DATABASE_URL`;
const UNTRUSTED = (code: string) =>
  `DB_TLS_UNAVAILABLE: the server at db.example:6432 presented a TLS certificate this machine does not trust (${code}): ` +
  'give Node its CA (NODE_EXTRA_CA_CERTS=/path/to/ca.pem), or accept it unverified with DATABASE_SSL=no-verify ' +
  '(sslmode=no-verify in DATABASE_URL)';

/** Errors of a connection that never got up: "cannot reach" in either phase. */
const NEVER_CONNECTED: [string, Error, string][] = [
  ...['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH'].map(
    (code): [string, Error, string] => [
      code,
      driverError(code, `connect ${code} 10.0.0.1:6432`),
      UNREACHABLE(code),
    ],
  ),
  ['pg connect timeout', driverError(undefined, 'timeout expired'), UNREACHABLE('connect timeout')],
  [
    "knex's acquire timeout",
    driverError(undefined, 'Knex: Timeout acquiring a connection. The pool is probably full.'),
    UNREACHABLE('connect timeout'),
  ],
  [
    "pg-pool's connect timeout (says 'Connection terminated')",
    driverError(undefined, 'Connection terminated due to connection timeout'),
    UNREACHABLE('connect timeout'),
  ],
];

/** A constraint or type the data breaks, outside a seed run (a plain knex seed file's insert). */
const REJECTED = (what: string) =>
  `DATA_INVALID: the database rejected the data (${what}); nothing was written: change the data to fit the ` +
  "table's constraints and types, then run again";

const LOST = (what: string, pid?: number) =>
  `DB_CONNECTION_LOST: the connection to PostgreSQL at db.example:6432 was lost during the run (${what}); ` +
  'nothing was written: the server rolls back its open transaction once it notices the connection is gone; until ' +
  'then its session keeps the locks it took, and a rerun waits for them ' +
  `(${pid ? `SELECT pg_terminate_backend(${pid})` : 'pg_terminate_backend on its pid'} ends it now); check that ` +
  'the server is up (its log says why the connection ended), then run again';

/** Errors of a connection that was up and went away: lost during the run, "cannot reach" while connecting. */
const DROPPED: [string, Error, string, string][] = [
  ...['ECONNRESET', 'EPIPE'].map((code): [string, Error, string, string] => [
    code,
    driverError(code, `read ${code}`),
    LOST(code),
    UNREACHABLE(code),
  ]),
  ...(
    [
      ['57P01', 'terminating connection due to administrator command'],
      ['57P02', 'terminating connection due to crash of another server process'],
      ['57P03', 'the database system is shutting down'],
    ] as const
  ).map(([code, message]): [string, Error, string, string] => [
    `${code} ${message}`,
    driverError(code, message),
    LOST(code),
    UNREACHABLE(code),
  ]),
  ...[
    'Connection terminated unexpectedly',
    'Connection terminated',
    'Client has encountered a connection error and is not queryable',
  ].map((message): [string, Error, string, string] => [
    message,
    driverError(undefined, message),
    LOST(message),
    UNREACHABLE('connect timeout'),
  ]),
];

describe('describeError on a server target: connections', () => {
  test.each(NEVER_CONNECTED)('%s during the run: DB_UNREACHABLE', (_name, error, expected) => {
    expect(describeError(error, SERVER).format()).toBe(expected);
    expect(describeError(error, SERVER, 'run').format()).toBe(expected);
  });
  test.each(NEVER_CONNECTED)('%s while connecting: DB_UNREACHABLE', (_name, error, expected) => {
    expect(describeError(error, SERVER, 'connect').format()).toBe(expected);
  });
  test.each(DROPPED)('%s during the run (the default phase): DB_CONNECTION_LOST', (_name, error, lost) => {
    const described = describeError(error, SERVER);
    expect(described.format()).toBe(lost);
    expect(described.cause).toBe(error);
    expect(describeError(error, SERVER, 'run').format()).toBe(lost);
  });
  test.each(DROPPED)('%s while connecting: DB_UNREACHABLE', (_name, error, _lost, unreachable) => {
    expect(describeError(error, SERVER, 'connect').format()).toBe(unreachable);
  });
  test("the backend's pid, when the project's client tagged the error with it, is named for pg_terminate_backend", () => {
    const error = Object.defineProperty(driverError('ECONNRESET', 'read ECONNRESET'), 'backendPid', {
      value: 4242,
    });
    expect(describeError(error, SERVER).format()).toBe(LOST('ECONNRESET', 4242));
  });

  test('a dropped connection wrapped by knex is still lost during the run', () => {
    const original = driverError('ECONNRESET', 'read ECONNRESET');
    const wrapped = Object.assign(new Error('Error while executing "seeds/01_job_postings.ts" seed: ...'), {
      original,
    });
    expect(describeError(wrapped, SERVER).format()).toBe(LOST('ECONNRESET'));
    expect(describeError(wrapped, SERVER, 'connect').format()).toBe(UNREACHABLE('ECONNRESET'));
  });
});

describe('describeError on a server target', () => {
  test.each<[string, unknown, string]>([
    [
      'wrong password',
      driverError('28P01', `password authentication failed for user "seeder"`),
      'DB_AUTH_FAILED: authentication failed for user "seeder" at db.example:6432: check the user and password in DATABASE_URL',
    ],
    [
      'no pg_hba entry',
      driverError('28000', 'no pg_hba.conf entry for host'),
      'DB_AUTH_FAILED: authentication failed for user "seeder" at db.example:6432: check the user and password in DATABASE_URL',
    ],
    [
      'missing database',
      driverError('3D000', 'database "jobs" does not exist'),
      'DB_MISSING: database "jobs" does not exist at db.example:6432: create it (createdb jobs) or fix DATABASE_URL',
    ],
    [
      'server without TLS, asked for by PGSSLMODE (neither the URL nor DATABASE_SSL does)',
      driverError(undefined, 'The server does not support SSL connections'),
      'DB_TLS_UNAVAILABLE: the server at db.example:6432 does not accept TLS: unset PGSSLMODE (node-postgres reads it when DATABASE_URL and DATABASE_SSL say nothing of TLS), or ' +
        'enable ssl on the server',
    ],
    ...[
      'DEPTH_ZERO_SELF_SIGNED_CERT',
      'SELF_SIGNED_CERT_IN_CHAIN',
      'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      'UNABLE_TO_GET_ISSUER_CERT',
      'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
      'CERT_UNTRUSTED',
      'CERT_HAS_EXPIRED',
      'CERT_NOT_YET_VALID',
      'ERR_TLS_CERT_ALTNAME_INVALID',
    ].map((code): [string, unknown, string] => [
      code,
      driverError(code, 'certificate problem'),
      UNTRUSTED(code),
    ]),
    [
      'no TEMPORARY privilege',
      driverError('42501', 'permission denied to create temporary tables in database "jobs"'),
      'DB_PERMISSION_DENIED: permission denied to create temporary tables in database "jobs" (user "seeder"): ' +
        'the seed stages rows in temporary tables; GRANT TEMPORARY ON DATABASE jobs TO seeder',
    ],
    [
      'no table privilege',
      driverError('42501', 'select * from "job_postings" - permission denied for table job_postings'),
      'DB_PERMISSION_DENIED: permission denied for table job_postings (user "seeder"): ' +
        'grant this role that privilege (what the seed needs: docs/least-privilege.md)',
    ],
    [
      'missing table',
      driverError('42P01', 'select * from "seed_guard" - relation "seed_guard" does not exist'),
      'SCHEMA_MISSING: relation "seed_guard" does not exist: run `npx knex migrate:latest` first',
    ],
    [
      'missing enum type',
      driverError('42704', 'type "role_category" does not exist'),
      'SCHEMA_MISSING: type "role_category" does not exist: run `npx knex migrate:latest` first',
    ],
    [
      "a check constraint: its detail, the failing row with the app's columns, in any language, is not quoted",
      Object.assign(
        driverError(
          '23514',
          'insert into "job_postings" ... - new row violates check constraint "salary_range"',
        ),
        { detail: 'Fehlgeschlagene Zeile enthält (1, app-token-123).' },
      ),
      REJECTED('new row violates check constraint "salary_range"'),
    ],
    [
      'a unique violation',
      driverError('23505', 'duplicate key value violates unique constraint "job_postings_pkey"'),
      REJECTED('duplicate key value violates unique constraint "job_postings_pkey"'),
    ],
    [
      'a unique violation with its detail (a plain knex seed file)',
      Object.assign(
        driverError('23505', 'duplicate key value violates unique constraint "companies_slug_key"'),
        {
          detail: 'Key (slug)=(initech) already exists.',
        },
      ),
      REJECTED(
        'duplicate key value violates unique constraint "companies_slug_key": Key (slug)=(initech) already exists',
      ),
    ],
    [
      'a bad enum value',
      driverError('22P02', 'invalid input value for enum role_category: "x"'),
      REJECTED('invalid input value for enum role_category: "x"'),
    ],
    [
      'anything else, with its SQLSTATE',
      driverError('53100', 'could not extend file: No space left on device'),
      'SEED_FAILED: could not extend file: No space left on device (53100); nothing was written',
    ],
    [
      'anything else, only the first line, without the SQL',
      driverError(
        undefined,
        `update "job_postings" set "title" = $1 - something broke\n    at Foo (x.js:1:1)`,
      ),
      'SEED_FAILED: something broke; nothing was written',
    ],
    ['a thrown string', 'plain failure', 'SEED_FAILED: plain failure; nothing was written'],
  ])('%s', (_name, error, expected) => {
    const described = describeError(error, SERVER);
    expect(described).toBeInstanceOf(SeedError);
    expect(described.format()).toBe(expected);
    expect(described.format()).not.toContain(PASSWORD);
    if (error instanceof Error) expect(described.cause).toBe(error);
  });

  test("knex's wrapper is unwrapped to the error the driver raised", () => {
    const original = driverError('3D000', 'database "jobs" does not exist');
    const wrapped = Object.assign(new Error('Error while executing "seeds/01_job_postings.ts" seed: ...'), {
      original,
    });
    const described = describeError(wrapped, SERVER);
    expect(described.code).toBe('DB_MISSING');
    expect(described.cause).toBe(original);
  });

  test('a SeedError passes through unchanged, also when knex wrapped it', () => {
    const seedError = new SeedError('PRODUCTION_REFUSED', 'refusing');
    expect(describeError(seedError, SERVER)).toBe(seedError);
    expect(describeError(Object.assign(new Error('wrapped'), { original: seedError }), SERVER)).toBe(
      seedError,
    );
  });

  test('the query parameters knex puts in a message never reach the line', () => {
    const error = driverError(
      '23505',
      `insert into "job_postings" ("title") values ('${PASSWORD}') - duplicate key value violates unique constraint "x"`,
    );
    expect(describeError(error, SERVER).format()).toBe(
      REJECTED('duplicate key value violates unique constraint "x"'),
    );
  });
});

describe('describeError on the embedded database', () => {
  test.each<[string, unknown, string]>([
    [
      'unreachable names the directory',
      driverError('ECONNREFUSED', 'connect'),
      'DB_UNREACHABLE: cannot reach PostgreSQL at /srv/app/.pglite (ECONNREFUSED): start the server, or fix the host and port in DATABASE_URL',
    ],
    [
      'a reset is never "lost during the run" (no server to lose)',
      driverError('ECONNRESET', 'read ECONNRESET'),
      'DB_UNREACHABLE: cannot reach PostgreSQL at /srv/app/.pglite (ECONNRESET): start the server, or fix the host and port in DATABASE_URL',
    ],
    [
      'its database is "postgres"',
      driverError('3D000', 'x'),
      'DB_MISSING: database "postgres" does not exist at /srv/app/.pglite: create it (createdb postgres) or fix DATABASE_URL',
    ],
    [
      'its user is "postgres"',
      driverError('42501', 'permission denied for table job_postings'),
      'DB_PERMISSION_DENIED: permission denied for table job_postings (user "postgres"): grant this role that privilege (what the seed needs: docs/least-privilege.md)',
    ],
    [
      'a missing table',
      driverError('42P01', 'relation "job_postings" does not exist'),
      'SCHEMA_MISSING: relation "job_postings" does not exist: run `npx knex migrate:latest` first',
    ],
  ])('%s', (_name, error, expected) => {
    expect(describeError(error, EMBEDDED).format()).toBe(expected);
  });
});

test('a server without TLS: the fix names where TLS was asked for', () => {
  const error = driverError(undefined, 'The server does not support SSL connections');
  const byUrl = (query: string) => ({ ...SERVER, connectionString: `${SERVER.connectionString}?${query}` });
  const byDatabaseSsl = { ...SERVER, ssl: { rejectUnauthorized: true } };
  const fix = (target: DatabaseTarget) =>
    /does not accept TLS: (.*), or enable ssl on the server$/.exec(describeError(error, target).message)?.[1];
  expect(fix(byUrl('sslmode=require'))).toBe('remove sslmode=require from DATABASE_URL');
  expect(fix(byDatabaseSsl)).toBe('unset DATABASE_SSL');
  // Every parameter pg-connection-string asks for TLS with, as written; the URL's over DATABASE_SSL (pg's order).
  expect(fix(byUrl('ssl=true'))).toBe('remove ssl=true from DATABASE_URL');
  expect(fix({ ...byUrl('ssl=1'), ssl: { rejectUnauthorized: true } })).toBe(
    'remove ssl=1 from DATABASE_URL',
  );
  expect(fix(byUrl('ssl=false'))).toBe(
    'remove ssl=false from DATABASE_URL (node-postgres asks for TLS for any ssl value but 0)',
  );
  expect(fix(byUrl('sslrootcert=/ca.pem&application_name=x'))).toBe('remove sslrootcert from DATABASE_URL');
  expect(fix(byUrl('sslcert=/c.pem&sslkey=/k.pem'))).toBe('remove sslcert and sslkey from DATABASE_URL');
  expect(fix(byUrl('ssl=0&sslmode=no-verify'))).toBe('remove sslmode=no-verify from DATABASE_URL');
  expect(fix(byUrl('ssl=true&ssl=0'))).toMatch(/^unset PGSSLMODE /);
  expect(fix(byUrl('sslmode=disable&ssl=true'))).toMatch(/^unset PGSSLMODE /);
});

test('failed authentication names where the password came from: DATABASE_URL, or PGPASSWORD / ~/.pgpass', () => {
  const error = driverError('28P01', 'password authentication failed for user "seeder"');
  expect(describeError(error, SERVER).message).toMatch(/: check the user and password in DATABASE_URL$/);
  const noPassword = { ...SERVER, connectionString: 'postgres://seeder@db.example:6432/jobs' };
  expect(describeError(error, noPassword).message).toMatch(
    /: check the user in DATABASE_URL and the password in PGPASSWORD or ~\/\.pgpass \(DATABASE_URL names none\)$/,
  );
});

describe('a SeedError as the knex CLI prints it (its stack)', () => {
  const saved = process.env.DEBUG;
  afterEach(() => {
    if (saved === undefined) delete process.env.DEBUG;
    else process.env.DEBUG = saved;
  });

  test('its one line, and nothing else, without DEBUG', () => {
    delete process.env.DEBUG;
    const error = new SeedError('SEED_FAILED', 'seeds/03_x.js failed', {
      cause: new Error('relation "nope"'),
    });
    expect(error.stack).toBe('SEED_FAILED: seeds/03_x.js failed');
  });

  test('with DEBUG: the same line first (code and all), then its frames, then what caused it with its own', () => {
    process.env.DEBUG = '1';
    const cause = new Error('relation "nope" does not exist');
    const error = new SeedError('SEED_FAILED', 'seeds/03_x.js failed', { cause, details: ['a detail'] });
    const lines = (error.stack ?? '').split('\n');
    expect(lines.slice(0, 2)).toEqual(['SEED_FAILED: seeds/03_x.js failed', '  - a detail']);
    expect(lines[2]).toMatch(/^\s+at /);
    expect(error.stack).toContain(`Caused by: Error: relation "nope" does not exist\n    at `);
  });
});
