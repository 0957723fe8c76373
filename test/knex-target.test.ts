import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { readDatabaseTarget } from '../src/config';
import { knexConfig } from '../src/db/knex-config';
import { targetOfKnex } from '../src/db/knex-target';
import { isSeedError, type SeedError } from '../src/errors';
import { ROOT } from './support/cli';
import { ADMIN_URL, targetKinds } from './support/databases';
import { freePort } from './support/free-port';

/** A knex instance that never connects (knex connects on the first query). */
function describeKnex(config: Knex.Config): string {
  const knex = knexFactory(config);
  try {
    return targetOfKnex(knex).describe;
  } finally {
    void knex.destroy();
  }
}

describe('targetOfKnex: errors describe the knex instance, not the environment', () => {
  const saved = {
    DATABASE_URL: process.env.DATABASE_URL,
    PGUSER: process.env.PGUSER,
    PGHOST: process.env.PGHOST,
    PGPORT: process.env.PGPORT,
  };
  beforeAll(() => {
    process.env.DATABASE_URL = 'postgres://env-user:env-secret@env-host:6543/env_db';
    for (const name of ['PGUSER', 'PGHOST', 'PGPORT']) delete process.env[name];
  });
  afterAll(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  test.each<[string, Knex.Config, string]>([
    [
      'a connection string',
      { client: 'pg', connection: 'postgres://app:pw@db.example:5999/jobs' },
      'app@db.example:5999/jobs',
    ],
    [
      'separate fields',
      {
        client: 'pg',
        connection: { host: '10.0.0.9', port: 6000, user: 'reader', password: 'pw', database: 'hr' },
      },
      'reader@10.0.0.9:6000/hr',
    ],
    [
      'a connection string over the fields, as pg reads them',
      { client: 'pg', connection: { connectionString: 'postgres://a@h1:7000/d1', host: 'h2', port: 7001 } },
      'a@h1:7000/d1',
    ],
    // pg's defaults: localhost, 5432, the user's name for the database (PGHOST/PGPORT are unset here).
    ['pg defaults', { client: 'pg', connection: { user: 'me' } }, 'me@localhost:5432/me'],
    [
      'a socket directory: the socket node-postgres opens in it',
      { client: 'pg', connection: { host: '/var/run/postgresql', user: 'postgres', database: 'x' } },
      'postgres@socket /var/run/postgresql/.s.PGSQL.5432/x',
    ],
    [
      'a filename given to node-postgres, which it ignores: where pg connects by its defaults',
      {
        client: 'pg',
        connection: { filename: '/data/pg', user: 'me' } as Knex.StaticConnectionConfig,
      },
      'me@localhost:5432/me',
    ],
  ])('%s', (_name, config, expected) => {
    expect(describeKnex(config)).toBe(expected);
  });

  test.each([
    'postgres://app:hunter2@h:1/d',
    'socket:/var/run/postgresql?db=d&user=app&password=hunter2',
    'socket://app:hunter2@/var/run/postgresql?db=d',
  ])('the password never appears: %s', (connection) => {
    for (const config of [
      { client: 'pg', connection },
      { client: 'pg', connection: { connectionString: connection } },
    ]) {
      const target = targetOfKnex(knexFactory(config));
      expect(target.kind).toBe('postgres');
      expect(JSON.stringify({ ...target, connectionString: undefined })).not.toContain('hunter2');
      // (A string knex cannot read as postgres:// it hands to pg as a filename, which pg ignores.)
      if (typeof config.connection !== 'string' || connection.startsWith('postgres'))
        expect(target.describe).toMatch(/^app@/);
    }
  });

  test.each([
    [
      'a server',
      { DATABASE_URL: 'postgres://u:pw@h.example:5433/db?sslmode=disable', DATABASE_SSL: 'no-verify' },
    ],
    ['the embedded database', { DATABASE_URL: '', PGLITE_DIR: '/tmp/some/dir' }],
  ])(
    'under the knex CLI (the knexfile target): %s described as readDatabaseTarget describes it',
    (_n, env) => {
      const target = readDatabaseTarget(env, ROOT);
      const knex = knexFactory(knexConfig(target));
      try {
        expect(targetOfKnex(knex)).toMatchObject({
          kind: target.kind,
          describe: target.describe,
          ...(target.kind === 'postgres'
            ? {
                host: target.host,
                port: target.port,
                user: target.user,
                database: target.database,
                ssl: target.ssl,
              }
            : { dataDir: target.dataDir }),
        });
      } finally {
        void knex.destroy();
      }
    },
  );
});

/** `knex.seed.run()` from code, with DATABASE_URL pointing somewhere else entirely. */
async function seedRunError(connection: Knex.StaticConnectionConfig): Promise<SeedError> {
  const knex = knexFactory({
    client: 'pg',
    connection,
    seeds: { directory: path.join(ROOT, 'seeds'), loadExtensions: ['.ts'] },
    acquireConnectionTimeout: 10_000,
    log: { warn: () => undefined },
  });
  const saved = process.env.DATABASE_URL;
  process.env.DATABASE_URL = 'postgres://env-user@env-host.invalid:6543/env_db';
  try {
    const thrown = await knex.seed.run().then(
      () => undefined,
      (e: unknown) => e,
    );
    // knex's seeder wraps what the seed threw ("Error while executing ... seed: <message>") in `original`.
    const error = (thrown as { original?: unknown } | undefined)?.original;
    expect(String(thrown)).toContain(String((error as Error | undefined)?.message));
    if (!isSeedError(error)) throw new Error(`expected a SeedError, got ${String(error)}`);
    return error;
  } finally {
    if (saved === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved;
    await knex.destroy();
  }
}

describe('programmatic knex.seed.run() errors', () => {
  test('a knex pointed at a closed port is reported at that port', async () => {
    const port = await freePort();
    const error = await seedRunError({ host: '127.0.0.1', port, user: 'postgres', database: 'jobs' });
    expect(error.format()).toBe(
      `DB_UNREACHABLE: cannot reach PostgreSQL at 127.0.0.1:${port} (ECONNREFUSED): start the server, or fix the host and port in DATABASE_URL`,
    );
  });

  (targetKinds().includes('postgres') ? test : test.skip)(
    'a knex pointed at a missing database on the server names that database',
    async () => {
      const url = new URL(ADMIN_URL);
      url.pathname = '/jps_no_such_database_here';
      const error = await seedRunError({ connectionString: url.toString() });
      expect(error.code).toBe('DB_MISSING');
      expect(error.message).toBe(
        `database "jps_no_such_database_here" does not exist at ${url.hostname}:${url.port || 5432}: ` +
          'create it (createdb jps_no_such_database_here) or fix DATABASE_URL',
      );
    },
  );
});
