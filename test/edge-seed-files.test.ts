import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knexFactory from 'knex';
import { main as dbReset } from '../scripts/db-reset';
import { knexConfig, seedsConfig } from '../src/db/knex-config';
import { migrationFiles } from '../src/db/migrate-latest';
import { reportSeedErrorsAsOneLine } from '../src/db/seed-errors';
import { expectCleanFailure, inProcess, ROOT } from './support/cli';
import {
  createScratchDatabase,
  describeEachMigratedTarget,
  type ScratchDatabase,
  targetKinds,
} from './support/databases';
import { APP_POSTING, countRows } from './support/seeding';

jest.setTimeout(120_000);

/** Issue 14 item 2's neighbours: a plain knex seed file that throws, and a broken seed file under db:reset. */
describeEachMigratedTarget('seed files beside the engine seed', (db) => {
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

/** A seed file describing names the engine does not take (found by a probe): what it takes and what to change. */
describeEachMigratedTarget('seed files naming what the engine cannot seed', (db) => {
  test.each([
    [
      'a camelCase column',
      "{ table: 'tags', content: { label: text(), displayName: text() }, noun: { one: 'tag', many: 'tags' } }",
      `seed table tags: column "displayName" is not a name the engine takes (a-z, 0-9 and _, not starting with a ` +
        "digit): rename it in a migration (t.renameColumn('displayName', 'display_name')) and describe it as " +
        "display_name, with the items' field of that name",
    ],
    [
      'a schema-qualified table',
      "{ table: 'crm.accounts', content: { label: text() }, noun: { one: 'account', many: 'accounts' } }",
      'seed table crm.accounts: the table is named with its schema, and the engine finds a table by its plain name ' +
        "along the connection's search_path: write table: 'accounts' and put crm on the search_path (knex's " +
        "searchPath: ['crm', 'public'], or ALTER ROLE ... SET search_path = crm, public)",
    ],
  ])(
    '%s is SCHEMA_INCOMPATIBLE saying which names it takes and what to change; no seed file was run',
    async (_, spec, words) => {
      // Inside the project: the file imports the engine by the package's name, as a seed in seeds/ does.
      const dir = fs.mkdtempSync(path.join(ROOT, 'test', '.seeds-'));
      const file = path.join(dir, '01_described.js');
      fs.writeFileSync(
        file,
        "const { defineSeedTable, runSeedFile, text } = require('job-postings-seed/engine');\n" +
          `const table = defineSeedTable(${spec});\n` +
          "exports.sources = () => [{ kind: 'curated', name: 'described', table, items: [] }];\n" +
          'exports.seed = (knex) => runSeedFile(knex, exports.sources);\n',
      );
      const knex = db().knex();
      reportSeedErrorsAsOneLine(db().target);
      try {
        await expect(knex.seed.run({ directory: dir })).rejects.toMatchObject({
          code: 'SCHEMA_INCOMPATIBLE',
          message: `${path.relative(ROOT, file)}: ${words}; no seed file was run`,
        });
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
      expect(await knex('seed_guard').pluck('seed_name')).toEqual([]);
    },
  );
});

/**
 * db:reset judges the seed files before it drops anything, whatever the target: one target, the first of
 * TEST_TARGETS. In-process through its main, with a knex whose seed directory holds the engine seed and an
 * unedited stub (the runner's exit code as a process: test/command-runner.test.ts, case 14's SIGTERM).
 */
describe.each(targetKinds().slice(0, 1))('db:reset beside a broken seed file [%s]', (kind) => {
  let db: ScratchDatabase;
  beforeAll(async () => {
    db = await createScratchDatabase(kind, 'edge_seed_files', { migrated: true });
  });
  afterAll(async () => {
    await db?.drop();
  });

  test('db:reset with an unedited seed:make stub drops nothing', async () => {
    const knex = db.knex();
    await knex('job_postings').del();
    await knex('job_postings').insert(APP_POSTING);
    // Inside the project: the stub imports the engine by the package's name, as a seed in seeds/ does.
    const dir = fs.mkdtempSync(path.join(ROOT, 'test', '.seeds-'));
    fs.writeFileSync(
      path.join(dir, '01_job_postings.js'),
      `module.exports = require(${JSON.stringify(path.join(ROOT, 'seeds', '01_job_postings.ts'))});\n`,
    );
    fs.copyFileSync(path.join(ROOT, 'stubs', 'seed.ts.stub'), path.join(dir, '02_courses.ts'));
    const withStub = knexFactory({ ...knexConfig(db.target), seeds: { ...seedsConfig(), directory: dir } });
    try {
      const result = await inProcess(dbReset, db.env, { knex: withStub, console: true });
      expectCleanFailure(
        result,
        /^SEED_FAILED: \S*02_courses\.ts is an unedited `knex seed:make` stub: fill in its TODOs .*; no seed file was run\n$/,
        'never',
      );
      expect(result.stdout).toBe('');
    } finally {
      await withStub.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    }
    // Nothing dropped: the app's row is there, the migrations still applied.
    expect(await countRows(knex)).toBe(1);
    expect(Number((await knex('knex_migrations').count({ n: '*' }))[0].n)).toBe(migrationFiles().length);
  });
});
