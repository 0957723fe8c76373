import fs from 'node:fs';
import path from 'node:path';
import { ROOT, run } from './support/cli';
import { describeEachTarget } from './support/databases';

const BIOME = path.join(ROOT, 'node_modules', '.bin', 'biome');

/** What `knex seed:make` / `migrate:make` write (from stubs/), in a directory of the test's own, then filled in. */
describeEachTarget('knex generators', (db) => {
  // Inside the project (biome checks it with the project's settings), one directory per target, removed after.
  let dir = '';
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(ROOT, 'test', '.generated-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('seed:make and migrate:make write files that pass biome; filled in, the seed runs twice, then is a no-op', async () => {
    const knex = db().knex();
    const migration = await knex.migrate.make('create_probe', { directory: path.join(dir, 'migrations') });
    const seedFile = await knex.seed.make('02_probe', { directory: path.join(dir, 'seeds') });
    expect(path.extname(seedFile)).toBe('.ts');
    const lint = await run(BIOME, ['check', migration, seedFile]);
    expect(lint.stderr + lint.stdout).not.toMatch(/error|Found \d+ (error|warning)/i);
    expect(lint.code).toBe(0);
    expect(lint.stdout + lint.stderr).toContain('Checked 2 files');

    // Fill in the placeholder; the seed imports the engine by the package's name, wherever the file is.
    for (const file of [migration, seedFile]) {
      const text = fs.readFileSync(file, 'utf8');
      expect(text).toContain('TODO_table_name');
      fs.writeFileSync(file, text.replaceAll('TODO_table_name', 'probe'));
    }
    expect(fs.readFileSync(seedFile, 'utf8')).toContain("from 'job-postings-seed/engine'");
    await knex.migrate.latest({ directory: [path.join(ROOT, 'migrations'), path.dirname(migration)] });
    const lines = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const seedRun = async () => {
        lines.mockClear();
        await knex.seed.run({ directory: path.dirname(seedFile) });
        return lines.mock.calls.map((call) => String(call[0]));
      };
      expect(await seedRun()).toEqual(['probe: 1 created, 0 updated, 0 unchanged']);
      const rows = await knex('probe').select('*');
      const guard = await knex('seed_guard').where({ seed_name: 'probe' }).first();
      expect(rows).toMatchObject([{ name: 'Example', seed_name: 'probe' }]);
      expect(await seedRun()).toEqual(['probe: up to date']);
      expect(await knex('probe').select('*')).toEqual(rows);
      expect(await knex('seed_guard').where({ seed_name: 'probe' }).first()).toEqual(guard);
    } finally {
      lines.mockRestore();
    }
  });
});
