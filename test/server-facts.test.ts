import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { readDatabaseTarget } from '../src/config';
import type { DatabaseTarget } from '../src/db/database-target';
import { knexConfig } from '../src/db/knex-config';
import { targetOfKnex } from '../src/db/knex-target';
import { onServerFacts, type resolveConnection, type ServerFacts } from '../src/db/server-facts';
import { targetLine } from '../src/target-line';
import { ROOT, seedErrorOf } from './support/cli';
import { ADMIN_URL, createScratchDatabase, type ScratchDatabase } from './support/databases';
import { freePort } from './support/free-port';
import { describeServer } from './support/suites';
import { type TcpProxy, tcpProxy } from './support/tcp-proxy';

// biome-ignore lint/suspicious/noExplicitAny: pg's defaults object is untyped here; `pg.defaults` is its public API.
const pgDefaults: any = require('pg/lib/defaults');

const PG_VARIABLES = ['PGHOST', 'PGPORT', 'PGUSER', 'PGDATABASE'] as const;

/** Runs `fn` with process.env's PG* variables set as given (unset otherwise), where node-postgres reads them. */
async function withPgEnv<T>(
  vars: Partial<Record<(typeof PG_VARIABLES)[number], string>>,
  fn: () => Promise<T>,
) {
  const saved = PG_VARIABLES.map((name) => [name, process.env[name]] as const);
  for (const name of PG_VARIABLES) {
    if (vars[name] === undefined) delete process.env[name];
    else process.env[name] = vars[name];
  }
  try {
    return await fn();
  } finally {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

const ORIGIN = { file: path.join(ROOT, '.env'), fromFile: new Set<string>() };

/**
 * Connects a knex for `DATABASE_URL=url` as the scripts do, runs one query, and returns the target line the
 * first connection printed, the target (as the server said) and how a later error names it.
 */
async function connectAndDescribe(
  url: string,
): Promise<{ line: string; target: DatabaseTarget; knex: Knex }> {
  const target = readDatabaseTarget({ ...process.env, DATABASE_URL: url }, ROOT);
  if (target.kind !== 'postgres') throw new Error('expected a server target');
  const lines: string[] = [];
  onServerFacts(target, (facts: ServerFacts) => lines.push(targetLine(target, ORIGIN, {}, facts)));
  const knex = knexFactory(knexConfig(target));
  try {
    await knex.raw('SELECT 1');
    await knex.raw('SELECT 2');
    return { line: lines.join('\n'), target, knex };
  } finally {
    await knex.destroy();
  }
}

describe("before a connection: what node-postgres will use (pg's own resolution)", () => {
  test.each<[string, string, Parameters<typeof resolveConnection>[1], string]>([
    ['PGPORT fills a URL without a port', 'postgres://u@h/db', { PGPORT: '5418' }, 'u@h:5418/db'],
    [
      'PGHOST and PGUSER fill a URL of only a database',
      'postgres:///db',
      { PGHOST: 'pghost.example', PGUSER: 'u' },
      'u@pghost.example:5432/db',
    ],
    [
      'a PGHOST directory is a Unix socket',
      'postgres:///db',
      { PGHOST: '/var/run/postgresql', PGPORT: '5433', PGUSER: 'u' },
      'u@socket /var/run/postgresql/.s.PGSQL.5433/db',
    ],
    ['PGUSER fills a URL without a user', 'postgres://h/db', { PGUSER: 'envuser' }, 'envuser@h:5432/db'],
  ])('%s', (_name, url, env, expected) => {
    expect(readDatabaseTarget({ DATABASE_URL: url, ...env }, ROOT).describe).toBe(expected);
  });

  test("no user anywhere: pg's default, $USER as pg read it at start-up, not 'postgres'", () => {
    const saved = pgDefaults.user;
    pgDefaults.user = 'alice';
    try {
      expect(readDatabaseTarget({ DATABASE_URL: 'postgres://h:1/db' }, ROOT).describe).toBe('alice@h:1/db');
    } finally {
      pgDefaults.user = saved;
    }
  });

  test('a knex given only fields: PGPORT and PGUSER as pg reads them from the process', async () => {
    await withPgEnv({ PGPORT: '6001', PGUSER: 'envuser' }, async () => {
      const knex = knexFactory({ client: 'pg', connection: { host: 'h1', database: 'd' } });
      try {
        expect(targetOfKnex(knex).describe).toBe('envuser@h1:6001/d');
      } finally {
        await knex.destroy();
      }
    });
  });
});

describeServer('once connected: the target line and errors say what the server says [postgres]', () => {
  let db: ScratchDatabase;
  let proxy: TcpProxy;
  let proxyPort: number;
  const upstream = new URL(ADMIN_URL);
  const upstreamPort = Number(upstream.port || 5432);

  beforeAll(async () => {
    db = await createScratchDatabase('postgres', 'server_facts');
    proxy = tcpProxy(ADMIN_URL);
    proxyPort = await proxy.listen();
  });
  afterAll(async () => {
    await proxy?.close();
    await db?.drop();
  });

  const database = () => (db.target.kind === 'postgres' ? db.target.database : '');

  test('PGPORT with a URL without a port: the line names the port the connection reached (the proxy)', async () => {
    await withPgEnv({ PGPORT: String(proxyPort) }, async () => {
      const { line } = await connectAndDescribe(`postgres://postgres@${upstream.hostname}/${database()}`);
      expect(line).toMatch(
        new RegExp(
          `^database: postgres@${upstream.hostname}:${proxyPort}/${database()} \\(PostgreSQL \\d+\\.\\d+, UTF8, ` +
            `server port ${upstreamPort}; DATABASE_URL from the environment\\)$`,
        ),
      );
    });
  });

  test('PGHOST and PGPORT with a URL of only a database: the line names where the connection went', async () => {
    await withPgEnv({ PGHOST: '127.0.0.1', PGPORT: String(proxyPort), PGUSER: 'postgres' }, async () => {
      const { line } = await connectAndDescribe(`postgres:///${database()}`);
      expect(line).toContain(`database: postgres@127.0.0.1:${proxyPort}/${database()} (PostgreSQL `);
    });
  });

  test('no user in the URL: the line names current_user (PGUSER here), not "postgres" from a guess', async () => {
    const role = `jps_facts_${process.pid}`;
    const owner = db.knex();
    await owner.raw('DROP ROLE IF EXISTS ??', [role]);
    await owner.raw('CREATE ROLE ?? LOGIN', [role]);
    try {
      await withPgEnv({ PGUSER: role }, async () => {
        const { line, target } = await connectAndDescribe(
          `postgres://${upstream.hostname}:${upstreamPort}/${database()}`,
        );
        expect(line).toMatch(
          new RegExp(`^database: ${role}@${upstream.hostname}:${upstreamPort}/${database()} \\(PostgreSQL `),
        );
        expect(target).toMatchObject({ user: role, database: database(), port: upstreamPort });
      });
    } finally {
      await owner.raw('DROP ROLE IF EXISTS ??', [role]);
    }
  });

  test("the encoding is the database's own: LATIN1 said as LATIN1", async () => {
    const latin1 = `${database()}_latin1`;
    const owner = db.knex();
    await owner.raw(`CREATE DATABASE ?? ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0`, [
      latin1,
    ]);
    try {
      const { line } = await connectAndDescribe(
        `postgres://postgres@${upstream.hostname}:${upstreamPort}/${latin1}`,
      );
      expect(line).toMatch(/ \(PostgreSQL \d+\.\d+, LATIN1; /);
    } finally {
      await owner.raw('DROP DATABASE ?? WITH (FORCE)', [latin1]);
    }
  });

  test('an error after connecting names the user the server said, as targetOfKnex reports it', async () => {
    await withPgEnv({ PGPORT: String(proxyPort) }, async () => {
      const { knex } = await connectAndDescribe(`postgres://postgres@${upstream.hostname}/${database()}`);
      expect(targetOfKnex(knex)).toMatchObject({
        user: 'postgres',
        port: proxyPort,
        describe: `postgres@${upstream.hostname}:${proxyPort}/${database()}`,
      });
    });
  });

  test('a connect error names what node-postgres used: PGPORT of a closed port', async () => {
    const closed = await freePort();
    await withPgEnv({ PGPORT: String(closed) }, async () => {
      const target = readDatabaseTarget({ ...process.env, DATABASE_URL: 'postgres://u@127.0.0.1/x' }, ROOT);
      const knex = knexFactory(knexConfig(target));
      try {
        const error = await seedErrorOf(knex.raw('SELECT 1'));
        expect(error.format()).toMatch(
          new RegExp(`^DB_UNREACHABLE: cannot reach PostgreSQL at 127\\.0\\.0\\.1:${closed} `),
        );
      } finally {
        await knex.destroy();
      }
    });
  });
});
