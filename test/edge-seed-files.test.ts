import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrationFiles } from '../src/db/migrate-latest';
import { reportSeedErrorsAsOneLine } from '../src/db/seed-errors';
import { expectCleanFailure, ROOT, run } from './support/cli';
import {
  createScratchDatabase,
  describeEachTarget,
  inspect,
  type ScratchDatabase,
  targetKinds,
} from './support/databases';
import { copyProject } from './support/project-copy';
import { APP_POSTING, countRows } from './support/seeding';

jest.setTimeout(120_000);

/** Issue 14 item 2's neighbours: a plain knex seed file that throws, and a broken seed file under db:reset. */
describeEachTarget('seed files beside the engine seed', (db) => {
  test('a plain seed file throwing after 01_job_postings committed says that job_postings stays', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jps-seeds-'));
    fs.writeFileSync(
      path.join(dir, '01_job_postings.js'),
      `module.exports = require(${JSON.stringify(path.join(ROOT, 'seeds', '01_job_postings.ts'))});\n`,
    );
    fs.writeFileSync(
      path.join(dir, '02_throws.js'),
      "exports.seed = async () => { throw new Error('boom at run'); };\n",
    );
    const knex = db().knex();
    await knex.migrate.latest();
    reportSeedErrorsAsOneLine(db().target);
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      await expect(knex.seed.run({ directory: dir })).rejects.toMatchObject({
        code: 'SEED_FAILED',
        message:
          `${path.relative(ROOT, path.join(dir, '02_throws.js'))} failed: boom at run; what that file wrote in its ` +
          'own transactions stays, the seed files after it did not run; job_postings, committed before it by ' +
          'this `knex seed:run`, stays (DEBUG=1 shows the stack)',
      });
      expect(await countRows(knex)).toBeGreaterThan(0);
    } finally {
      log.mockRestore();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

/**
 * db:reset judges the seed files before it drops anything, whatever the target: one target, the first of
 * TEST_TARGETS (a process on a copy of the project).
 */
describe.each(targetKinds().slice(0, 1))('db:reset beside a broken seed file [%s]', (kind) => {
  let db: ScratchDatabase;
  beforeAll(async () => {
    db = await createScratchDatabase(kind, 'edge_seed_files');
  });
  afterAll(async () => {
    await db?.drop();
  });

  test('db:reset with an unedited seed:make stub drops nothing', async () => {
    const knex = db.knex();
    await knex.migrate.latest();
    await knex('job_postings').del();
    await knex('job_postings').insert(APP_POSTING);
    await db.release();
    const project = copyProject();
    try {
      fs.copyFileSync(
        path.join(ROOT, 'stubs', 'seed.ts.stub'),
        path.join(project.root, 'seeds', '02_courses.ts'),
      );
      const result = await run(
        process.execPath,
        ['-r', 'ts-node/register', path.join('scripts', 'db-reset.ts')],
        db.env,
        { cwd: project.root },
      );
      expect(result.code).toBe(1);
      expectCleanFailure(
        result,
        /^SEED_FAILED: seeds\/02_courses\.ts is an unedited `knex seed:make` stub: fill in its TODOs .*; no seed file was run\n$/,
        'never',
      );
      expect(result.stdout).toBe('');
      // Nothing dropped: the app's row is there, the migrations still applied.
      expect(await inspect(db.target, countRows)).toBe(1);
      expect(
        await inspect(db.target, async (k) => (await k('knex_migrations').count({ n: '*' }))[0].n),
      ).toEqual(db.kind === 'postgres' ? String(migrationFiles().length) : migrationFiles().length);
    } finally {
      project.remove();
    }
  });
});
