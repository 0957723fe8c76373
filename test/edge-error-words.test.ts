import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import type { DatabaseTarget } from '../src/db/database-target';
import { describeError } from '../src/db/describe-error';
import { describeSeederError } from '../src/db/seed-errors';
import { ROOT } from './support/cli';
import { ADMIN_URL, describeEachTarget } from './support/databases';
import { testOnServer } from './support/suites';

/** Issue 14: what the server really answers for an unknown role and a database name that needs quoting, and a plain knex seed file's missing relation. */

/** The error of a first query on a connection to `url`, described as while connecting. */
async function connectError(url: URL): Promise<string> {
  const knex = knexFactory({
    client: 'pg',
    connection: url.toString(),
    acquireConnectionTimeout: 10_000,
    // knex logs each failed acquire; the test reads the error it throws.
    log: { error: () => undefined, warn: () => undefined },
  });
  try {
    const thrown = await knex.raw('select 1').then(
      () => new Error(`connected to ${url.pathname} as ${url.username}`),
      (e: unknown) => e,
    );
    const target: DatabaseTarget = {
      kind: 'postgres',
      connectionString: url.toString(),
      host: url.hostname,
      port: Number(url.port || 5432),
      database: decodeURIComponent(url.pathname.slice(1)),
      user: decodeURIComponent(url.username),
      ssl: undefined,
      connectTimeoutMs: 10_000,
      describe: url.hostname,
    };
    return describeError(thrown, target, 'connect').format();
  } finally {
    await knex.destroy();
  }
}

async function withAdmin<T>(fn: (admin: Knex) => Promise<T>): Promise<T> {
  const admin = knexFactory({ client: 'pg', connection: ADMIN_URL });
  try {
    return await fn(admin);
  } finally {
    await admin.destroy();
  }
}

describe('connecting with words that are true [postgres]', () => {
  const where = (url: URL) => `${url.hostname}:${url.port || 5432}`;

  testOnServer(
    'an unknown role: says the role does not exist, and the advised CREATE ROLE lets it in',
    async () => {
      const role = `Jps NoRole ${randomBytes(3).toString('hex')}`;
      const url = new URL(ADMIN_URL);
      url.username = encodeURIComponent(role);
      url.password = '';
      const line = await connectError(url);
      const advised = /\(CREATE ROLE (.*) LOGIN\)/.exec(line);
      expect(line).toBe(
        `DB_AUTH_FAILED: role "${role}" does not exist at ${where(url)}: create it (CREATE ROLE "${role}" LOGIN) ` +
          'or fix the user in DATABASE_URL',
      );
      // The advice is SQL the server takes, and after it the same URL connects.
      await withAdmin((admin) => admin.raw(`CREATE ROLE ${advised?.[1]} LOGIN`));
      try {
        const knex = knexFactory({ client: 'pg', connection: url.toString() });
        try {
          const { rows } = await knex.raw('select current_user as user');
          expect(rows[0].user).toBe(role);
        } finally {
          await knex.destroy();
        }
      } finally {
        await withAdmin((admin) => admin.raw('DROP ROLE IF EXISTS ??', [role]));
      }
    },
  );

  testOnServer(
    'a missing database with a space and capitals: createdb gets it quoted for the shell',
    async () => {
      const database = `jps Edge rev ${randomBytes(3).toString('hex')}`;
      const url = new URL(ADMIN_URL);
      url.pathname = `/${encodeURIComponent(database)}`;
      const line = await connectError(url);
      expect(line).toBe(
        `DB_MISSING: database "${database}" does not exist at ${where(url)}: create it (createdb "${database}") or fix DATABASE_URL`,
      );
      // The advice is a command a shell runs as written (word splitting is what only a shell shows).
      const admin = new URL(ADMIN_URL);
      const advised = /\(createdb (.*)\) or fix/.exec(line)?.[1] ?? '';
      try {
        const created = spawnSync('sh', ['-c', `createdb ${advised}`], {
          encoding: 'utf8',
          timeout: 30_000,
          env: {
            ...process.env,
            PGHOST: admin.hostname,
            PGPORT: admin.port || '5432',
            PGUSER: decodeURIComponent(admin.username) || 'postgres',
          },
        });
        expect(created.stderr).toBe('');
        expect(created.status).toBe(0);
        const { rows } = await withAdmin((a) =>
          a.raw('select datname from pg_database where datname = ?', [database]),
        );
        expect(rows).toEqual([{ datname: database }]);
      } finally {
        await withAdmin((a) => a.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [database]));
      }
    },
  );
});

describeEachTarget('a plain knex seed file whose SQL names a missing relation', (db) => {
  let directory = '';
  beforeAll(() => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'jps-error-words-'));
    fs.writeFileSync(
      path.join(directory, '02_nope.js'),
      "exports.seed = async (knex) => { await knex.raw('select * from nope'); };\n",
    );
    fs.writeFileSync(
      path.join(directory, '03_postings.js'),
      "exports.seed = async (knex) => { await knex.raw('select * from job_postings'); };\n",
    );
  });
  afterAll(() => {
    fs.rmSync(directory, { recursive: true, force: true });
  });

  async function seedError(file: string, target: DatabaseTarget): Promise<string> {
    const thrown = await db()
      .knex()
      .seed.run({ directory, specific: file })
      .then(
        () => new Error(`${file} ran`),
        (e: unknown) => e,
      );
    return describeSeederError(thrown, target).format();
  }

  test('a relation no migration makes: SEED_FAILED naming it, migrate only on condition', async () => {
    expect(await seedError('02_nope.js', db().target)).toBe(
      `SEED_FAILED: ${path.join(path.relative(ROOT, directory), '02_nope.js')} failed: relation "nope" does not exist ` +
        "(42P01), none of the tables this project's migrations create (job_postings, seed_guard): check the SQL " +
        'that names it, or run `npx knex migrate:latest` if a migration you wrote creates it; what that file wrote ' +
        'in its own transactions stays, the seed files after it did not run (DEBUG=1 shows the stack)',
    );
  });

  test('job_postings before the migrations ran: SCHEMA_MISSING, migrate', async () => {
    expect(await seedError('03_postings.js', db().target)).toBe(
      'SCHEMA_MISSING: relation "job_postings" does not exist: run `npx knex migrate:latest` first',
    );
  });
});
