import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CURATED_POSTINGS } from '../src/data/curated';
import { type CliResult, expectCleanFailure, knexCli, PASSWORD, run } from './support/cli';
import { describeEachTarget } from './support/databases';
import { copyProject, type ProjectCopy } from './support/project-copy';
import { countRows } from './support/seeding';

/** Issue 8, scenarios 3 and 4: every command names its database, from any directory; `--env production`. */

const N = CURATED_POSTINGS.length;

/** `url` with a password the output must never show. */
function withPassword(url: string): string {
  const u = new URL(url);
  u.password = PASSWORD;
  return u.toString();
}

function expectOk(result: CliResult): void {
  expect({ code: result.code, stderr: result.stderr }).toMatchObject({ code: 0 });
}

describeEachTarget('commands run from a subdirectory use the root .env and name the database', (db) => {
  let project: ProjectCopy;
  /**
   * The target line every command prints: a server's once connected, with what the server says (version,
   * encoding); the entrypoint's wait, before any connection, says what node-postgres will use (`before`).
   */
  let line: RegExp;
  let before: string;
  let env: Record<string, string | undefined>;

  beforeAll(() => {
    project = copyProject();
    // The root .env is the only thing that points at the database: nothing in the environment does.
    env = { DOTENV_PATH: undefined };
    if (db().kind === 'postgres') {
      const url = withPassword(db().env.DATABASE_URL);
      project.writeEnv([`DATABASE_URL=${url}`]);
      const u = new URL(url);
      const where = `postgres@${u.hostname}:${u.port}${u.pathname}`;
      // current_database(): the name as PostgreSQL keeps it, cut to 63 bytes (this suite's name is longer).
      const onServer = `postgres@${u.hostname}:${u.port}/${u.pathname.slice(1, 64)}`;
      line = new RegExp(
        `^database: ${onServer} \\(PostgreSQL \\d+\\.\\d+, UTF8; DATABASE_URL from \\.env\\)$`,
      );
      before = `database: ${where} (DATABASE_URL from .env)`;
    } else {
      project.writeEnv(['# the embedded database, in the default ./.pglite']);
      before = 'database: embedded PGlite at ./.pglite';
      line = /^database: embedded PGlite at \.\/\.pglite$/;
    }
  });
  afterAll(() => project?.remove());

  test('knex migrate:latest and seed:run from test/ use the root .env, print the target line first', async () => {
    const knexBin = path.join(project.root, 'node_modules', 'knex', 'bin', 'cli.js');
    const migrate = await run(process.execPath, [knexBin, 'migrate:latest'], env, { cwd: project.subdir });
    expectOk(migrate);
    expect(migrate.target).toMatch(line);
    const seed = await run(process.execPath, [knexBin, 'seed:run'], env, { cwd: project.subdir });
    expectOk(seed);
    expect(seed.target).toMatch(line);
    expect(seed.stdout).toContain(`✓ Created ${N} job postings`);
    for (const result of [migrate, seed]) expect(result.stdout + result.stderr).not.toContain(PASSWORD);

    // Nothing was made under the working directory; the data is where the root .env says.
    expect(fs.readdirSync(project.subdir)).toEqual([]);
    if (db().kind === 'pglite') {
      expect(fs.existsSync(path.join(project.root, '.pglite', 'PG_VERSION'))).toBe(true);
    } else {
      expect(await countRows(db().knex())).toBe(N);
    }
  });

  test('the scripts and the entrypoint, run from test/, name the same database', async () => {
    const boot = await run('sh', [path.join('..', 'docker', 'entrypoint.sh'), 'echo', 'app started'], env, {
      cwd: project.subdir,
    });
    expectOk(boot);
    expect(boot.target).toBe(before);
    // migrate and seed:run, once connected, say the same database with what the server said.
    expect(boot.stderr.split('\n').filter((l) => l.startsWith('database: '))).toEqual([
      expect.stringMatching(line),
      expect.stringMatching(line),
    ]);
    expect(boot.stdout).toContain('app started');
    expect(boot.stdout).toMatch(/job_postings: up to date|✓ Created/);
    expect(boot.stdout + boot.stderr).not.toContain(PASSWORD);

    const script = await run(
      process.execPath,
      ['-r', 'ts-node/register', path.join('..', 'scripts', 'db-status.ts')],
      env,
      { cwd: project.subdir },
    );
    expectOk(script);
    expect(script.target).toMatch(line);
    expect(script.stdout).toMatch(/Migrations: [1-9]\d* applied, 0 pending/);

    expect(fs.readdirSync(project.subdir)).toEqual([]);
  });
});

describe('the target line', () => {
  test('a server that cannot be reached: no guessed line, the error names where node-postgres went', async () => {
    // Nothing listens on port 1; the URL has no port, PGPORT gives it, as node-postgres reads it.
    const result = await knexCli(['migrate:latest'], {
      DATABASE_URL: `postgres://me:${PASSWORD}@127.0.0.1/app`,
      PGPORT: '1',
      DB_CONNECT_TIMEOUT: '3',
    });
    expect(result.target).toBeUndefined();
    expectCleanFailure(result, /^DB_UNREACHABLE: cannot reach PostgreSQL at 127\.0\.0\.1:1 /, PASSWORD);
  });

  test('names the embedded database directory and where PGLITE_DIR came from, before opening it', async () => {
    // A directory the embedded database refuses to open: the line comes first all the same.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jps-target-'));
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'mine\n');
    try {
      const result = await knexCli(['migrate:status'], { PGLITE_DIR: dir });
      expect(result.target).toBe(`database: embedded PGlite at ${dir} (PGLITE_DIR from the environment)`);
      expectCleanFailure(result, /^PGLITE_DIR_INVALID: /, PASSWORD);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describeEachTarget('knex --env production', (db) => {
  beforeAll(async () => {
    expectOk(await knexCli(['migrate:latest'], db().env));
    await db().release();
  });

  test.each([[['seed:run', '--env', 'production']], [['seed:run', '--env=production']]])(
    '%j gets the production guard: PRODUCTION_REFUSED, exit 1, nothing written',
    async (args) => {
      const result = await knexCli(args, db().env);
      expectCleanFailure(result, /^PRODUCTION_REFUSED: .*SEED_ALLOW_PRODUCTION=true/m, PASSWORD);
      expect(result.stdout).not.toMatch(/Created|up to date/);
      expect(await countRows(db().knex())).toBe(0);
      await db().release();
    },
  );

  test('--env production with SEED_ALLOW_PRODUCTION=true seeds; --env development does not lift NODE_ENV=production', async () => {
    const lifted = await knexCli(['seed:run', '--env', 'development'], {
      ...db().env,
      NODE_ENV: 'production',
    });
    expectCleanFailure(lifted, /^PRODUCTION_REFUSED: /m, PASSWORD);
    const allowed = await knexCli(['seed:run', '--env', 'production'], {
      ...db().env,
      SEED_ALLOW_PRODUCTION: 'true',
    });
    expectOk(allowed);
    expect(allowed.stdout).toContain(`✓ Created ${N} job postings`);
  });
});
