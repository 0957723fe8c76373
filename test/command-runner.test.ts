import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { main as dbReset } from '../scripts/db-reset';
import { main as dbStatus } from '../scripts/db-status';
import { main as migrate } from '../scripts/migrate';
import { main as seedReport } from '../scripts/seed-report';
import { curatedPostings } from '../seeds/01_job_postings';
import type { CommandIo } from '../src/command';
import { readAllConfig, readDatabaseTarget } from '../src/config';
import { knexConfig } from '../src/db/knex-config';
import { migrationFiles } from '../src/db/migrate-latest';
import { reportSeedErrorsAsOneLine } from '../src/db/seed-errors';
import { SEED_LOCK_KEY } from '../src/seed/locks';
import { runSeedFile } from '../src/seed/run/run-seed';
import { beginSeedRun } from '../src/seed-run-record';
import { expectCleanFailure, KNEX_BIN, run, seedErrorOf, start } from './support/cli';
import { ADMIN_URL, createScratchDatabase, type ScratchDatabase } from './support/databases';
import { copyProject } from './support/project-copy';
import { APP_POSTING, countRows, resetTables, seed } from './support/seeding';
import { describeServer } from './support/suites';
import { tcpProxy } from './support/tcp-proxy';
import { waitFor } from './support/wait';

/** The migration that ALTERs seed_guard: case 15 leaves it (and those after it) pending. */
const SEED_GUARD_ALTER = '20261126100000_seed_guard_content_columns.ts';

/** Rolls back one migration at a time until `name` is pending. */
async function rollBackTo(knex: Knex, name: string): Promise<void> {
  while ((await knex('knex_migrations').pluck('name')).includes(name)) await knex.migrate.down();
}

/** Issue 14, "One runner for every command": cases 9, 11, 12, 13, 14, 15, 16, 18, 19, 20. */

jest.setTimeout(120_000);

/** An io capture for a command's main. */
function capture(): CommandIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l) };
}

/** The environment a command gets in-process: only `vars`, and no developer `.env`. */
const envOf = (vars: Record<string, string>): NodeJS.ProcessEnv => ({ DOTENV_PATH: '/dev/null', ...vars });

/** A second session holding a lock in an open transaction until `release()`. */
async function holdInTransaction(
  url: string,
  sql: string,
): Promise<{ pid: number; release(): Promise<void> }> {
  const holder = knexFactory({
    client: 'pg',
    connection: { connectionString: url, application_name: 'psql' },
  });
  const trx = await holder.transaction();
  const { rows } = await trx.raw('SELECT pg_backend_pid() AS pid');
  await trx.raw(sql);
  return {
    pid: Number(rows[0].pid),
    release: async () => {
      await trx.rollback().catch(() => undefined);
      await holder.destroy();
    },
  };
}

/** Rolls back every migration after `file`, however many later ones exist: the next one pending ALTERs seed_guard. */

const lockRow = async (knex: Knex) => (await knex('knex_migrations_lock').first())?.is_locked;

test('case 11: every bad value is listed together, the target and the seed alike', () => {
  const env = {
    DATABASE_URL: 'postgres://u@h/db',
    DATABASE_SSL: 'maybe',
    SEED_FORCE: 'kinda',
    SEED_LOCK_TIMEOUT: '0',
    SEED_SYNTHETIC_JOB_POSTINGS: '-5',
  };
  expect(() => readAllConfig(env)).toThrow(
    expect.objectContaining({
      code: 'CONFIG_INVALID',
      message: expect.stringMatching(/^4 configuration problem\(s\)/),
      details: [
        'DATABASE_SSL must be true, false or no-verify, got "maybe"',
        'SEED_FORCE must be true or false (or 1/0, yes/no, on/off), got "kinda"',
        'SEED_SYNTHETIC_JOB_POSTINGS must be a whole number from 0 to 10000000, got "-5"',
        'SEED_LOCK_TIMEOUT must be a whole number from 1 to 86400, got "0"',
      ],
    }),
  );
});

test("case 20: ?sslmode=require parses without pg-connection-string's ten-line warning", () => {
  const emitted = jest.spyOn(process, 'emitWarning');
  try {
    readDatabaseTarget({ DATABASE_URL: 'postgres://u@h/db?sslmode=require' });
    expect(emitted).not.toHaveBeenCalled();
  } finally {
    emitted.mockRestore();
  }
});

test('case 11: a command with bad values prints them all in one CONFIG_INVALID and touches nothing', async () => {
  const io = capture();
  const code = await migrate({
    io,
    env: envOf({ PGLITE_DIR: '/nonexistent/x', SEED_FORCE: 'kinda', DB_WAIT_TIMEOUT: 'soon' }),
  });
  expect(code).toBe(1);
  expect(io.stderr.join('\n')).toMatch(
    /^CONFIG_INVALID: 2 configuration problem\(s\).*\n {2}- SEED_FORCE .*\n {2}- DB_WAIT_TIMEOUT must be a whole number/,
  );
});

describeServer('the runner on a server', () => {
  let db: ScratchDatabase;
  let env: NodeJS.ProcessEnv;
  // One database for the suite; every test starts migrated (a test may leave migrations pending or reset the
  // tables) with empty tables.
  beforeAll(async () => {
    db = await createScratchDatabase('postgres', 'runner', { migrated: true });
  });
  beforeEach(async () => {
    env = envOf({ DATABASE_URL: db.env.DATABASE_URL });
    await db.knex().migrate.latest();
    await resetTables(db.knex());
  });
  afterAll(async () => {
    await db?.drop();
  });

  test('case 12: db:reset -- --env production is refused like NODE_ENV=production; nothing dropped', async () => {
    await db.knex()('job_postings').insert(APP_POSTING);
    const io = capture();
    expect(await dbReset({ io, env, argv: ['node', 'db-reset.ts', '--env', 'production'] })).toBe(1);
    expect(io.stderr.slice(1)).toEqual([
      'PRODUCTION_REFUSED: NODE_ENV=production: db:reset drops every table and is never run on production (SEED_ALLOW_PRODUCTION does not apply)',
    ]);
    expect(await countRows(db.knex())).toBe(1);
  });

  test('case 13: seed:report behind LOCK TABLE ... ACCESS EXCLUSIVE names the holder and gives up after SEED_LOCK_TIMEOUT', async () => {
    const holder = await holdInTransaction(
      db.env.DATABASE_URL,
      'LOCK TABLE job_postings IN ACCESS EXCLUSIVE MODE',
    );
    try {
      const io = capture();
      const code = await seedReport({
        io,
        env: { ...env, SEED_LOCK_TIMEOUT: '1' },
        firstLookMs: 50,
        reportEveryMs: 200,
      });
      expect(code).toBe(1);
      const holderName = new RegExp(
        `held by pid ${holder.pid} \\(application_name "psql", in a transaction since `,
      );
      expect(
        io.stderr.some(
          (l) => /^seed:report: waiting for table job_postings, held by/.test(l) && holderName.test(l),
        ),
      ).toBe(true);
      expect(io.stderr.at(-1)).toMatch(
        new RegExp(
          `^SEED_LOCKED: seed:report waited 1 s \\(SEED_LOCK_TIMEOUT\\) for table job_postings, held by pid ${holder.pid} `,
        ),
      );
    } finally {
      await holder.release();
    }
  });

  test('case 13: npm run db:status behind LOCK TABLE ... ACCESS EXCLUSIVE names the holder, then SEED_LOCKED', async () => {
    await seed(db.knex()); // the guard rows make db:status count the table's rows
    const holder = await holdInTransaction(
      db.env.DATABASE_URL,
      'LOCK TABLE job_postings IN ACCESS EXCLUSIVE MODE',
    );
    try {
      const io = capture();
      const code = await dbStatus({
        io,
        env: { ...env, SEED_LOCK_TIMEOUT: '1' },
        firstLookMs: 50,
        reportEveryMs: 200,
      });
      expect(code).toBe(1);
      expect(io.stderr).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `^db:status: waiting for table job_postings, held by pid ${holder.pid} \\(application_name "psql"`,
          ),
        ),
      );
      expect(io.stderr.at(-1)).toMatch(
        new RegExp(
          `^SEED_LOCKED: db:status waited 1 s \\(SEED_LOCK_TIMEOUT\\) for table job_postings, held by pid ${holder.pid} `,
        ),
      );
    } finally {
      await holder.release();
    }
  });

  test('case 15: DB_WAIT_TIMEOUT bounds a pending migration behind an open read transaction; the lock is released', async () => {
    // Pending: the migration that ALTERs seed_guard (and those after it).
    await rollBackTo(db.knex(), SEED_GUARD_ALTER);
    const last = migrationFiles().at(-1);
    const holder = await holdInTransaction(db.env.DATABASE_URL, 'SELECT count(*) FROM seed_guard');
    try {
      const io = capture();
      const code = await migrate({
        io,
        env: { ...env, DB_WAIT_TIMEOUT: '1' },
        firstLookMs: 50,
        reportEveryMs: 200,
      });
      expect(code).toBe(1);
      expect(io.stderr.some((l) => l.startsWith('migrate: waiting for table seed_guard, held by pid '))).toBe(
        true,
      );
      expect(io.stderr.at(-1)).toMatch(
        /^MIGRATE_LOCKED: migrate waited 1 s \(DB_WAIT_TIMEOUT\) for table seed_guard, held by pid \d+ .*nothing was applied/,
      );
      expect(await db.knex()('knex_migrations').where({ name: last }).first()).toBeUndefined();
      expect(await lockRow(db.knex())).toBe(0);
    } finally {
      await holder.release();
    }
    expect(await migrate({ io: capture(), env })).toBe(0);
  });

  test('case 14: db:reset behind an open read transaction gives up within DB_WAIT_TIMEOUT; the next one runs', async () => {
    const holder = await holdInTransaction(db.env.DATABASE_URL, 'SELECT count(*) FROM job_postings');
    try {
      const io = capture();
      expect(
        await dbReset({ io, env: { ...env, DB_WAIT_TIMEOUT: '1' }, firstLookMs: 50, reportEveryMs: 200 }),
      ).toBe(1);
      expect(
        io.stderr.some((l) => l.startsWith('db:reset: waiting for table job_postings, held by pid ')),
      ).toBe(true);
      expect(io.stderr.at(-1)).toMatch(/^MIGRATE_LOCKED: db:reset waited 1 s \(DB_WAIT_TIMEOUT\)/);
      expect(await lockRow(db.knex())).toBe(0);
    } finally {
      await holder.release();
    }
    // the next one is not told MIGRATE_LOCKED: it resets (the seed it runs prints with console.log)
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const io = capture();
      expect(await dbReset({ io, env })).toBe(0);
      expect(io.stdout.at(-1)).toBe(`Applied ${migrationFiles().length} migration(s)`);
    } finally {
      log.mockRestore();
    }
  });

  test('case 14: SIGTERM while db:reset waits rolls it back and leaves knex_migrations_lock free', async () => {
    const holder = await holdInTransaction(db.env.DATABASE_URL, 'SELECT count(*) FROM job_postings');
    try {
      const started = start(process.execPath, ['-r', 'ts-node/register', 'scripts/db-reset.ts'], {
        DATABASE_URL: db.env.DATABASE_URL,
      });
      await waitFor(
        'the waiting line',
        () => /db:reset: waiting for table job_postings/.test(started.output().stderr),
        60_000,
      );
      process.kill(started.pid, 'SIGTERM');
      const result = await started.done;
      expect(result.code).toBe(143);
      expect(result.stderr).toMatch(/db:reset: stopped by SIGTERM; what it had begun was rolled back\n$/);
      expect(await lockRow(db.knex())).toBe(0);
      expect(migrationFiles().length).toBe(
        Number((await db.knex()('knex_migrations').count({ n: '*' }))[0].n),
      );
    } finally {
      await holder.release();
    }
  });

  test('SIGTERM while npm run migrate waits to retry a taken knex lock: it stops there, exit 143, nothing applied', async () => {
    const knex = db.knex();
    await knex.migrate.down();
    const applied = async () => Number((await knex('knex_migrations').count({ n: '*' }))[0].n);
    const before = await applied();
    await knex('knex_migrations_lock').update({ is_locked: 1 });
    try {
      const started = start(process.execPath, ['-r', 'ts-node/register', 'scripts/migrate.ts'], {
        DATABASE_URL: db.env.DATABASE_URL,
        DB_WAIT_TIMEOUT: '60',
      });
      // Between two attempts no statement runs: there is nothing for a cancel to end.
      await waitFor('the first retry line', () => /retry 1 in 1 s/.test(started.output().stderr), 60_000);
      process.kill(started.pid, 'SIGTERM');
      // The lock comes free at once: its next attempt would succeed, but it was asked to stop.
      await knex('knex_migrations_lock').update({ is_locked: 0 });
      const result = await started.done;
      expect(result.code).toBe(143);
      expect(result.stderr).toMatch(/migrate: stopped by SIGTERM; what it had begun was rolled back\n$/);
      expect(result.stdout).not.toMatch(/Applied/);
      expect(await applied()).toBe(before);
    } finally {
      await knex('knex_migrations_lock').update({ is_locked: 0 });
      await knex.migrate.latest();
    }
  });

  test('case 16: a network path that stops relaying is DB_CONNECTION_LOST within DB_QUERY_TIMEOUT', async () => {
    const proxy = tcpProxy(ADMIN_URL);
    const port = await proxy.listen();
    const url = new URL(db.env.DATABASE_URL);
    url.host = `127.0.0.1:${port}`;
    const target = { ...readDatabaseTarget({ DATABASE_URL: url.toString() }), queryTimeoutMs: 1000 };
    const knex = knexFactory(knexConfig(target));
    try {
      expect((await knex.raw('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      proxy.stall();
      await expect(knex.raw('SELECT 1')).rejects.toMatchObject({
        code: 'DB_CONNECTION_LOST',
        message: expect.stringMatching(
          /^no answer from PostgreSQL at 127\.0\.0\.1:\d+ for 1 s \(DB_QUERY_TIMEOUT\)/,
        ),
      });
    } finally {
      await knex.destroy();
      await proxy.close();
    }
  });

  test('case 18: a role with CONNECTION LIMIT 1 behind the seed lock gets the fallback line, then SEED_LOCKED', async () => {
    const role = `jps_one_${randomBytes(4).toString('hex')}`;
    await db.knex().raw('CREATE ROLE ?? LOGIN CONNECTION LIMIT 1', [role]);
    await db.knex().raw('GRANT SELECT, INSERT, UPDATE, DELETE ON job_postings, seed_guard TO ??', [role]);
    const holder = await holdInTransaction(
      db.env.DATABASE_URL,
      `SELECT pg_advisory_xact_lock(${SEED_LOCK_KEY})`,
    );
    const url = new URL(db.env.DATABASE_URL);
    url.username = role;
    const knex = knexFactory(knexConfig(readDatabaseTarget({ DATABASE_URL: url.toString() })));
    const saved = process.env.SEED_LOCK_TIMEOUT;
    process.env.SEED_LOCK_TIMEOUT = '2'; // the seed file's watcher looks first after 1 s
    const lines: string[] = [];
    try {
      await expect(
        runSeedFile(knex, () => [curatedPostings()], {
          out: () => undefined,
          err: { write: (t: string) => lines.push(t.trimEnd()) },
        }),
      ).rejects.toMatchObject({ code: 'SEED_LOCKED' });
      expect(lines[0]).toMatch(
        /^seed: waiting for the seed lock \(holder unknown: no spare connection to look; \d+ s so far; gives up after 2 s, SEED_LOCK_TIMEOUT\)$/,
      );
    } finally {
      if (saved === undefined) delete process.env.SEED_LOCK_TIMEOUT;
      else process.env.SEED_LOCK_TIMEOUT = saved;
      await knex.destroy();
      await holder.release();
      await db.knex().raw('DROP OWNED BY ??', [role]);
      await db.knex().raw('DROP ROLE ??', [role]);
    }
  });

  test('case 9: a seed file failing after an earlier one committed says what stays', async () => {
    beginSeedRun();
    const quiet = { out: () => undefined, err: { write: () => true } };
    await runSeedFile(db.knex(), () => [curatedPostings()], quiet);
    const broken = {
      ...curatedPostings(),
      name: 'courses',
      items: [{ ...curatedPostings().items[0], title: '' }],
    };
    await expect(runSeedFile(db.knex(), () => [broken], quiet)).rejects.toMatchObject({
      code: 'DATA_INVALID',
      message: expect.stringMatching(
        /; nothing was written — fix them and run again \(this seed file only: job_postings, committed before it by this `knex seed:run`, stays\)$/,
      ),
    });
    expect(await countRows(db.knex(), { seed_name: 'job_postings' })).toBe(curatedPostings().items.length);
  });
});

describeServer('knex seed:run wiring (processes)', () => {
  let db: ScratchDatabase;
  beforeAll(async () => {
    db = await createScratchDatabase('postgres', 'runner_cli', { migrated: true });
  });
  afterAll(async () => {
    await db.drop();
  });

  test('case 15: knex migrate:latest waits at most DB_WAIT_TIMEOUT behind an open read transaction', async () => {
    await rollBackTo(db.knex(), SEED_GUARD_ALTER);
    const holder = await holdInTransaction(db.env.DATABASE_URL, 'SELECT count(*) FROM seed_guard');
    try {
      // DB_WAIT_TIMEOUT=1: the CLI's watcher looks first at 40% of the bound (src/command-watch.ts), then every 0.5 s.
      const result = await run(process.execPath, [KNEX_BIN, 'migrate:latest'], {
        ...db.env,
        DB_WAIT_TIMEOUT: '1',
      });
      expectCleanFailure(
        result,
        /^migrate: waiting for table seed_guard, held by pid \d+ [^\n]*\nMIGRATE_LOCKED: migration 20261126100000_seed_guard_content_columns\.ts waited 1 s \(DB_WAIT_TIMEOUT\) for table seed_guard, held by pid \d+ .*; nothing was applied \(its transaction was rolled back\)/,
        'never',
      );
      expect(await lockRow(db.knex())).toBe(0);
    } finally {
      await holder.release();
      await db.knex().migrate.latest();
    }
  });

  // In-process: knex's seeder gets --specific from the command line as is; the knexfile's one-line seed errors (no
  // stack) in the CLI process are case 19's knex seed:run below. Here: what they make of an unknown --specific.
  test('case 20: an unknown --specific is one CONFIG_INVALID line, no stack', async () => {
    reportSeedErrorsAsOneLine(db.target);
    const error = await seedErrorOf(db.knex().seed.run({ specific: 'nope.ts' }));
    expect(error.format()).toMatch(/^CONFIG_INVALID: --specific=nope\.ts: there is no such file in seeds\//);
    expect(error.format().split('\n')).toHaveLength(1);
  });

  test('case 19: an unedited seed:make stub names the file and what to fill in; no other seed file runs', async () => {
    const project = copyProject();
    try {
      const knex = (args: string[]) =>
        run(process.execPath, [path.join(project.root, 'node_modules/knex/bin/cli.js'), ...args], db.env, {
          cwd: project.root,
        });
      // The TypeScript stub as `knex seed:make 02_courses` writes it, in-process (the CLI's seed:make: the
      // JavaScript one below, whose stub only the command line's `-x js` picks).
      const made = await db.knex().seed.make('02_courses', { directory: path.join(project.root, 'seeds') });
      expect(made).toBe(path.join(project.root, 'seeds', '02_courses.ts'));
      expect(fs.existsSync(path.join(project.root, 'seeds', '02_courses.ts'))).toBe(true);
      const result = await knex(['seed:run']);
      expectCleanFailure(
        result,
        /^SEED_FAILED: seeds\/02_courses\.ts is an unedited `knex seed:make` stub: fill in its TODOs \(the table, its columns, the data set\) or delete it; no seed file was run\n$/,
        'never',
      );
      expect(await countRows(db.knex())).toBe(0);

      // the JavaScript stub alike: written by the CLI (`-x js` picks it), loaded in-process by knex's seeder with the
      // knexfile's one-line seed errors installed (as db:reset's main installs them; in the CLI: the run above)
      fs.rmSync(path.join(project.root, 'seeds', '02_courses.ts'));
      expect((await knex(['seed:make', '02_courses', '-x', 'js'])).code).toBe(0);
      reportSeedErrorsAsOneLine(db.target);
      const jsStub = await seedErrorOf(
        db.knex().seed.run({ directory: path.join(project.root, 'seeds'), specific: '02_courses.js' }),
      );
      expect(jsStub.format()).toMatch(
        /^SEED_FAILED: \S*seeds\/02_courses\.js is an unedited `knex seed:make` stub: fill in its TODOs/,
      );
      expect(await countRows(db.knex())).toBe(0);
    } finally {
      project.remove();
    }
  });
});
