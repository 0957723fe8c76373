/**
 * What a `knex seed:run` process loads: the synthetic generator only when synthetic postings are made,
 * PGlite only for the embedded database, and ts-node transpiling with swc. (How fast that is: `npm run bench`.)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { knexCli, ROOT } from './support/cli';
import { createScratchDatabase, type ScratchDatabase, targetKinds } from './support/databases';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jps-startup-'));
  // Preloaded into the child: on exit, writes the files it loaded (the require cache) to MODULES_OUT.
  fs.writeFileSync(
    path.join(dir, 'loaded-modules.js'),
    "process.on('exit', () => require('fs').writeFileSync(process.env.MODULES_OUT, Object.keys(require.cache).join('\\n')));\n",
  );
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Runs `knex seed:run` with `env`; returns the project-relative paths of every module it loaded. */
async function modulesLoadedBySeedRun(env: Record<string, string>): Promise<string[]> {
  const out = path.join(dir, `modules-${Math.random().toString(36).slice(2)}.txt`);
  const result = await knexCli(['seed:run'], {
    ...env,
    NODE_OPTIONS: `--require ${path.join(dir, 'loaded-modules.js')}`,
    MODULES_OUT: out,
  });
  expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
  return fs
    .readFileSync(out, 'utf8')
    .split('\n')
    .map((file) => path.relative(ROOT, file));
}

const GENERATOR = ['src/data/generate.ts', 'src/data/distributions.ts', 'src/data/descriptions.ts'];
const PGLITE = /^node_modules\/(@electric-sql\/pglite|knex-pglite)\//;
/** The write path (src/seed/step/run-step.ts `loadWritePath`) and the COPY streams it uses. */
const WRITE_PATH = /^(src\/seed\/(plan|write)\/|node_modules\/pg-copy-streams\/)/;

/**
 * One process, on the first of TEST_TARGETS: what a run does not load is what it shows (without synthetic
 * postings: not the generator; on the server: not PGlite). A run that needs either loads it, or could not work.
 */
describe.each(targetKinds().slice(0, 1))('what knex seed:run loads [%s]', (kind) => {
  let db: ScratchDatabase;
  beforeAll(async () => {
    db = await createScratchDatabase(kind, 'startup', { migrated: true });
    await db.release();
  });
  afterAll(async () => {
    await db?.drop();
  });

  test('the seed through swc; PGlite only for the embedded database; the generator only with synthetic postings', async () => {
    const loaded = await modulesLoadedBySeedRun(db.env);
    expect(loaded).toContain('src/seed/run/run-seed.ts');
    expect(loaded).toContain('src/data/curated.ts');
    expect(loaded.some((file) => file.startsWith('node_modules/@swc/core/'))).toBe(true);
    // PGlite only for the embedded database.
    expect(loaded.some((file) => PGLITE.test(file))).toBe(kind === 'pglite');
    expect(loaded.filter((file) => GENERATOR.includes(file))).toEqual([]);
  });

  test('with synthetic postings: the run that writes them loads the generator, a no-op rerun neither it nor the write path', async () => {
    const env = { ...db.env, SEED_SYNTHETIC_JOB_POSTINGS: '30' };
    expect((await modulesLoadedBySeedRun(env)).filter((file) => GENERATOR.includes(file)).sort()).toEqual(
      [...GENERATOR].sort(),
    );
    // Up to date: decided from the guard's checksum (GENERATOR_VERSION among it) and the table, no posting made,
    // nothing staged or COPYed.
    const noop = await modulesLoadedBySeedRun(env);
    expect(noop.filter((file) => GENERATOR.includes(file) || WRITE_PATH.test(file))).toEqual([]);
    expect(noop).toContain('src/seed/step/run-step.ts');
  });
});
