import knexFactory from 'knex';
import { main as seedReport } from '../scripts/seed-report';
import { readDatabaseTarget } from '../src/config';
import { CURATED_POSTINGS } from '../src/data/curated';
import { knexConfig } from '../src/db/knex-config';
import { isSeedError } from '../src/errors';
import { prepareKnexCli } from '../src/knex-cli';
import { type CliResult, expectCleanFailure, inProcess, knexCli, PASSWORD, seedErrorOf } from './support/cli';
import { createScratchDatabase, type ScratchDatabase } from './support/databases';
import { type SeedFileOutput, seedFile, tableFingerprint } from './support/seeding';
import { testOnServer } from './support/suites';

/**
 * `npm run seed:report` in-process through its main: the runner every command shares connects as the knex
 * CLI's seed does (src/db/knex-config.ts), so a connection error reads the same.
 */
const report = (env: Record<string, string>): Promise<CliResult> => inProcess(seedReport, env);

describe('knex CLI: errors', () => {
  let db: ScratchDatabase | undefined;
  afterAll(async () => {
    await db?.drop();
  });

  test('a malformed DATABASE_URL is a config error', () => {
    // What the knexfile reads first (prepareKnexCli), in-process; the knex CLI prints such an error as one line
    // with exit 1 and no stack (the next test, a process).
    let error: unknown;
    try {
      prepareKnexCli(['node', 'app.js'], {
        DOTENV_PATH: '/dev/null',
        DATABASE_URL: `postgres://me:${PASSWORD}@127.0.0.1:notaport/db`,
      });
    } catch (e) {
      error = e;
    }
    if (!isSeedError(error)) throw new Error(`expected a SeedError, got ${String(error)}`);
    expect(error.format()).toMatch(/^CONFIG_INVALID: .*\n\s+- DATABASE_URL/);
    expect(error.format()).not.toContain(PASSWORD);
  });

  test('bad values of the target and the seed are listed together (issue 14, case 11)', async () => {
    const result = await knexCli(['seed:run'], {
      DATABASE_URL: `postgres://me:${PASSWORD}@127.0.0.1:1/db`,
      DATABASE_SSL: 'maybe',
      SEED_FORCE: 'kinda',
      SEED_LOCK_TIMEOUT: '0',
      SEED_SYNTHETIC_JOB_POSTINGS: '-5',
    });
    expectCleanFailure(result, /^CONFIG_INVALID: 4 configuration problem/, PASSWORD);
    // Before any target line or connection (every command alike: the knexfile checks before knex runs one).
    expect(result.target).toBeUndefined();
    expect(result.stderr.split('\n').slice(1, 5)).toEqual([
      '  - DATABASE_SSL must be true, false or no-verify, got "maybe"',
      '  - SEED_FORCE must be true or false (or 1/0, yes/no, on/off), got "kinda"',
      '  - SEED_SYNTHETIC_JOB_POSTINGS must be a whole number from 0 to 10000000, got "-5"',
      '  - SEED_LOCK_TIMEOUT must be a whole number from 1 to 86400, got "0"',
    ]);
  });

  // The seed's connection error in-process through the seed file (the knex CLI's one line for a connection
  // error: test/target.test.ts, "a server that cannot be reached").
  test('an unreachable server names host and port, within the connect timeout', async () => {
    const started = Date.now();
    const knex = knexFactory(
      knexConfig(
        readDatabaseTarget({
          DATABASE_URL: `postgres://me:${PASSWORD}@127.0.0.1:1/db`,
          DB_CONNECT_TIMEOUT: '3',
        }),
      ),
    );
    try {
      const error = await seedErrorOf(seedFile(knex));
      expect(error.format()).toMatch(
        /^DB_UNREACHABLE: cannot reach PostgreSQL at 127\.0\.0\.1:1 \(ECONNREFUSED\)/,
      );
      expect(error.format()).not.toContain(PASSWORD);
    } finally {
      await knex.destroy();
    }
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  testOnServer(
    'a role the server does not know is named as missing (the login it rejects), never the password',
    async () => {
      // The seed's connection error, in-process through the runner every command shares (the knex CLI's one line
      // for a connection error: test/target.test.ts, "a server that cannot be reached").
      const result = await report({
        DATABASE_URL: `postgres://no_such_role_here:${PASSWORD}@127.0.0.1:5432/postgres`,
      });
      expectCleanFailure(
        result,
        /DB_AUTH_FAILED: role "no_such_role_here" does not exist at 127\.0\.0\.1:5432: create it \(CREATE ROLE no_such_role_here LOGIN\) or fix the user in DATABASE_URL/,
        PASSWORD,
      );
    },
  );

  testOnServer('a missing database is named', async () => {
    const result = await report({
      DATABASE_URL: `postgres://postgres:${PASSWORD}@127.0.0.1:5432/no_such_db_here`,
    });
    expectCleanFailure(
      result,
      /DB_MISSING: database "no_such_db_here" does not exist at 127\.0\.0\.1:5432/,
      PASSWORD,
    );
  });

  testOnServer(
    'a missing schema says to migrate first; NODE_ENV=production refuses; nothing is written',
    async () => {
      db = await createScratchDatabase('postgres', 'cli');
      const url = new URL(db.env.DATABASE_URL);
      url.password = PASSWORD;
      const env = { DATABASE_URL: url.toString() };
      // Both through the seed file in-process, on a connection made from the URL with the password (the knex CLI's
      // one line for a seed's error: test/target.test.ts, knex --env production; test/tls.test.ts).
      const knex = knexFactory(knexConfig(readDatabaseTarget(env)));
      try {
        const missing = await seedErrorOf(seedFile(knex));
        expect(missing.format()).toMatch(
          /^SCHEMA_MISSING: table job_postings and seed_guard does not exist: run `npx knex migrate:latest` first/,
        );
        expect(missing.format()).not.toContain(PASSWORD);

        await db.knex().migrate.latest();
        const before = await tableFingerprint(db.knex());
        const printed: SeedFileOutput = { out: [], err: '' };
        const refused = await seedErrorOf(
          seedFile(knex, { NODE_ENV: 'production' }, CURATED_POSTINGS, printed),
        );
        expect(refused.format()).toMatch(/^PRODUCTION_REFUSED: .*SEED_ALLOW_PRODUCTION=true/);
        expect(refused.format() + printed.out.join('\n') + printed.err).not.toContain(PASSWORD);
        expect(await tableFingerprint(db.knex())).toBe(before);

        const allowed = await seedFile(knex, { NODE_ENV: 'production', SEED_ALLOW_PRODUCTION: 'true' });
        expect(allowed.out.join('\n')).toContain(`✓ Created ${CURATED_POSTINGS.length} job postings`);
      } finally {
        await knex.destroy();
      }
    },
  );
});

// knex seed:run as a process: a first run on each target in test/target.test.ts (the entrypoint's step, started
// from test/), a rerun in test/entrypoint.test.ts (a later boot).
