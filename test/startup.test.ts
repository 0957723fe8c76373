/**
 * What a `knex seed:run` process loads: the synthetic generator only when synthetic postings are asked for,
 * PGlite only for the embedded database, and ts-node transpiling with swc. (How fast that is: `npm run bench`.)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { knexCli, ROOT } from './support/cli';
import { describeEachTarget, type TargetKind } from './support/databases';

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

/**
 * One process per target, each showing what the other's does not: the server's without synthetic postings (not
 * the generator, not PGlite), the embedded database's with them (the generator, and PGlite). Both: the seed
 * itself through swc.
 */
const RUNS: Record<TargetKind, { synthetic: boolean }> = {
  postgres: { synthetic: false },
  pglite: { synthetic: true },
};

describeEachTarget('what knex seed:run loads', (db) => {
  beforeAll(async () => {
    await db().knex().migrate.latest();
    await db().release();
  });

  test('the seed through swc; PGlite only for the embedded database; the generator only with synthetic postings', async () => {
    const { synthetic } = RUNS[db().kind];
    const loaded = await modulesLoadedBySeedRun(
      synthetic ? { ...db().env, SEED_SYNTHETIC_JOB_POSTINGS: '3' } : db().env,
    );
    expect(loaded).toContain('src/seed/run/run-seed.ts');
    expect(loaded).toContain('src/data/curated.ts');
    expect(loaded.some((file) => file.startsWith('node_modules/@swc/core/'))).toBe(true);
    // PGlite only for the embedded database.
    expect(loaded.some((file) => PGLITE.test(file))).toBe(db().kind === 'pglite');
    if (synthetic) expect(loaded).toEqual(expect.arrayContaining(GENERATOR));
    else expect(loaded.filter((file) => GENERATOR.includes(file))).toEqual([]);
  });
});
