import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { CURATED_POSTINGS } from '../src/data/curated';
import type { DatabaseTarget } from '../src/db/database-target';
import { migrationFiles } from '../src/db/migrate-latest';
import { type CliResult, expectCleanFailure, knexCli, PASSWORD, run } from './support/cli';
import {
  copyPGliteTemplate,
  createScratchDatabase,
  inspect,
  type ScratchDatabase,
  targetKinds,
} from './support/databases';
import { copyProject, type ProjectCopy } from './support/project-copy';
import { countRows } from './support/seeding';

/** Issue 8, scenarios 3 and 4: every command names its database, from any directory; `--env production`. */

const N = CURATED_POSTINGS.length;

/** How many migrations `knex` has applied (none before knex_migrations exists). */
async function migrationsApplied(knex: Knex): Promise<number> {
  if (!(await knex.schema.hasTable('knex_migrations'))) return 0;
  return Number((await knex('knex_migrations').count({ n: '*' }))[0].n);
}

/** `url` with a password the output must never show. */
function withPassword(url: string): string {
  const u = new URL(url);
  u.password = PASSWORD;
  return u.toString();
}

function expectOk(result: CliResult): void {
  expect({ code: result.code, stderr: result.stderr }).toMatchObject({ code: 0 });
}

for (const kind of targetKinds())
  describe(`commands run from a subdirectory use the root .env and name the database [${kind}]`, () => {
    /** The server's scratch database; on PGlite the database is the copy's own ./.pglite, no scratch one. */
    let scratch: ScratchDatabase | undefined;
    const server = (): ScratchDatabase => {
      if (!scratch) throw new Error('database not created');
      return scratch;
    };
    let project: ProjectCopy;
    /**
     * The target line every command prints: a server's once connected, with what the server says (version,
     * encoding); the entrypoint's wait, before any connection, says what node-postgres will use (`before`).
     */
    let line: RegExp;
    let before: string;
    let env: Record<string, string | undefined>;

    beforeAll(async () => {
      project = copyProject();
      // The root .env is the only thing that points at the database: nothing in the environment does.
      env = { DOTENV_PATH: undefined };
      if (kind === 'postgres') {
        scratch = await createScratchDatabase(kind, 'commands run from a subdirectory use the root .env');
        const url = withPassword(server().env.DATABASE_URL);
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
        // Initialised already (a copy of the suite's template): the test is where the data goes, not an initdb.
        copyPGliteTemplate(path.join(project.root, '.pglite'));
        before = 'database: embedded PGlite at ./.pglite';
        line = /^database: embedded PGlite at \.\/\.pglite$/;
      }
    });
    afterAll(async () => {
      project?.remove();
      await scratch?.drop();
    });

    /** The embedded database in the copy's default ./.pglite. */
    const rootPGlite = (): DatabaseTarget => ({
      kind: 'pglite',
      dataDir: path.join(project.root, '.pglite'),
      lockTimeoutMs: 60_000,
      describe: 'the copy',
    });

    /** How many migrations the database the copy's .env names has applied. */
    const applied = (): Promise<number> =>
      kind === 'pglite' ? inspect(rootPGlite(), migrationsApplied) : migrationsApplied(server().knex());

    /** The postings in the database the copy's .env names (none before it is migrated). */
    const postingsIn = async (): Promise<number> => {
      const look = async (knex: Knex) => ((await knex.schema.hasTable('job_postings')) ? countRows(knex) : 0);
      return kind === 'pglite' ? inspect(rootPGlite(), look) : look(server().knex());
    };

    // One knex command as a process from test/: the knexfile (src/knex-cli.ts) is the same for every command, and
    // the entrypoint below runs knex seed:run. On one target (the server when TEST_TARGETS has it, where only the
    // root .env points at the database): the knex CLI changes to the knexfile's directory, the root, before it
    // loads it, so on the embedded database the run from test/ is the one from the root; the embedded database's
    // ./.pglite from the root with the knex CLI and from another directory is the entrypoint's boot below.
    if (kind === (targetKinds().includes('postgres') ? 'postgres' : targetKinds()[0]))
      test('knex migrate:latest from test/ uses the root .env, prints the target line first', async () => {
        const knexBin = path.join(project.root, 'node_modules', 'knex', 'bin', 'cli.js');
        const migrate = await run(process.execPath, [knexBin, 'migrate:latest'], env, {
          cwd: project.subdir,
        });
        expectOk(migrate);
        expect(migrate.target).toMatch(line);
        expect(migrate.stdout + migrate.stderr).not.toContain(PASSWORD);

        // Nothing was made under the working directory; the migrations are where the root .env says.
        expect(fs.readdirSync(project.subdir)).toEqual([]);
        expect(await applied()).toBe(migrationFiles().length);
      });

    // On one target (the embedded database when TEST_TARGETS has it): the entrypoint finding the project from
    // another directory and its first-run summary do not depend on the target, and the root .env read from test/ is
    // the knex CLI's above and a script's below on the server. On PGlite its three steps open the one ./.pglite in
    // turn, as processes, which no other test shows; the server's boot: test/entrypoint.test.ts.
    if (kind === (targetKinds().includes('pglite') ? 'pglite' : targetKinds()[0]))
      test('the entrypoint, run from test/, names the same database before and once connected', async () => {
        const boot = await run(
          'sh',
          [path.join('..', 'docker', 'entrypoint.sh'), 'echo', 'app started'],
          env,
          {
            cwd: project.subdir,
          },
        );
        expectOk(boot);
        expect(boot.target).toBe(before);
        // migrate and seed:run, once connected, say the same database with what the server said.
        expect(boot.stderr.split('\n').filter((l) => l.startsWith('database: '))).toEqual([
          expect.stringMatching(line),
          expect.stringMatching(line),
        ]);
        expect(boot.stdout).toContain('app started');
        // Its knex seed:run (from the root) is the first seed of this database, as a process: the first-run summary.
        expect(boot.stdout).toMatch(
          new RegExp(
            `✓ Created ${N} job postings across \\d+ tech stacks\n✓ Role categories: .*\n✓ Tech stacks: `,
          ),
        );
        expect(boot.stdout + boot.stderr).not.toContain(PASSWORD);
        expect(fs.readdirSync(project.subdir)).toEqual([]);
        expect(await postingsIn()).toBe(N);
      });

    // On the server only: a script reads the root .env as the knexfile does (src/project-env.ts, then the same
    // readAllConfig), and the embedded database's default ./.pglite from the root is the tests above.
    if (kind === 'postgres')
      test('a script run from test/ reads the root .env and names the same database', async () => {
        // The copy's own scripts/db-status.ts and src/ (its project root is the copy's), run as `npm run db:status`
        // runs it, with test/ as the working directory: nothing in the environment points at the database, only the
        // copy's .env. (A process: loading the copy's sources in-process costs jest a transform of every file.)
        const status = await run(
          process.execPath,
          ['-r', 'ts-node/register', path.join('..', 'scripts', 'db-status.ts')],
          env,
          { cwd: project.subdir },
        );
        expectOk(status);
        expect(status.target).toMatch(line);
        // The same database as the one looked at directly: as many migrations applied as it records (all of them
        // once the first test has run; none when this test runs alone).
        const done = await applied();
        expect(status.stdout).toMatch(
          new RegExp(`^Migrations: ${done} applied, ${migrationFiles().length - done} pending$`, 'm'),
        );
        expect(status.stdout + status.stderr).not.toContain(PASSWORD);
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

/**
 * knex's `--env production` through the CLI's own argv (src/knex-cli.ts; the `--env=NAME` spelling: test/unit/
 * knex-cli.test.ts). The production guard does not depend on the target: one target, the first of TEST_TARGETS.
 */
describe.each(targetKinds().slice(0, 1))('knex --env production [%s]', (kind) => {
  let db: ScratchDatabase;
  beforeAll(async () => {
    db = await createScratchDatabase(kind, 'env_production', { migrated: true });
  });
  afterAll(async () => {
    await db?.drop();
  });

  test('seed:run --env production gets the production guard: PRODUCTION_REFUSED, exit 1, nothing written', async () => {
    const result = await knexCli(['seed:run', '--env', 'production'], db.env);
    expectCleanFailure(result, /^PRODUCTION_REFUSED: .*SEED_ALLOW_PRODUCTION=true/m, PASSWORD);
    expect(result.stdout).not.toMatch(/Created|up to date/);
    expect(await countRows(db.knex())).toBe(0);
    await db.release();
  });

  // SEED_ALLOW_PRODUCTION=true lifting NODE_ENV=production (what --env production sets): test/cli.test.ts, in-process.
  test('--env development does not lift NODE_ENV=production', async () => {
    const lifted = await knexCli(['seed:run', '--env', 'development'], {
      ...db.env,
      NODE_ENV: 'production',
    });
    expectCleanFailure(lifted, /^PRODUCTION_REFUSED: /m, PASSWORD);
    expect(await countRows(db.knex())).toBe(0);
    await db.release();
  });
});
