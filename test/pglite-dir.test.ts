import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expectCleanFailure, knexCli } from './support/cli';
import { targetKinds } from './support/databases';

/** Issue 8, scenario 7: the embedded database is never initialised over something. */

const describePGlite = targetKinds().includes('pglite') ? describe : describe.skip;

/** Every file under `dir` with its size and modification time: "nothing was written" is this, unchanged. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const file = path.join(entry.parentPath, entry.name);
    const stat = fs.statSync(file);
    files[path.relative(dir, file)] = entry.isDirectory() ? 'dir' : `${stat.size} ${stat.mtimeMs}`;
  }
  return files;
}

describePGlite('PGLITE_DIR that is not a complete PGlite database [pglite]', () => {
  let work: string;
  /** A migrated PGlite database, copied and damaged by each test. */
  let pristine: string;

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'jps-pglite-dir-'));
    pristine = path.join(work, 'pristine');
    const made = await knexCli(['migrate:latest'], { PGLITE_DIR: pristine });
    expect({ code: made.code, stderr: made.stderr }).toEqual({ code: 0, stderr: '' });
  });
  afterAll(() => {
    fs.rmSync(work, { recursive: true, force: true });
  });

  /** A copy of the migrated database with `damage` done to it. */
  function damagedCopy(name: string, damage: (dir: string) => void): string {
    const dir = path.join(work, name);
    fs.cpSync(pristine, dir, { recursive: true });
    damage(dir);
    return dir;
  }

  test.each([
    ['PG_VERSION deleted', 'PG_VERSION', (dir: string) => fs.rmSync(path.join(dir, 'PG_VERSION'))],
    [
      'global/pg_control deleted',
      'global/pg_control',
      (dir: string) => fs.rmSync(path.join(dir, 'global', 'pg_control')),
    ],
    ['base/ deleted', 'base/', (dir: string) => fs.rmSync(path.join(dir, 'base'), { recursive: true })],
  ])(
    '%s: migrate and seed say PGLITE_DAMAGED naming the path and the fix; nothing written',
    async (name, missing, damage) => {
      const dir = damagedCopy(name.replace(/\W+/g, '-'), damage);
      const before = snapshot(dir);
      for (const command of ['migrate:latest', 'seed:run']) {
        const result = await knexCli([command], { PGLITE_DIR: dir });
        expectCleanFailure(
          result,
          new RegExp(
            `^PGLITE_DAMAGED: the embedded database at ${dir} is damaged \\(missing ${missing}\\); nothing was written: ` +
              'restore the directory from a backup, or delete it to start over with an empty database$',
            'm',
          ),
          'never-printed',
        );
        expect(result.stdout).not.toMatch(/Batch|Created|up to date/);
      }
      expect(snapshot(dir)).toEqual(before);
    },
  );

  test('a data file PGlite cannot read: PGLITE_DAMAGED with its message, not a raw Aborted()', async () => {
    const dir = damagedCopy('truncated-pg-control', (d) =>
      fs.truncateSync(path.join(d, 'global', 'pg_control'), 0),
    );
    const result = await knexCli(['migrate:latest'], { PGLITE_DIR: dir });
    expectCleanFailure(
      result,
      new RegExp(
        `^PGLITE_DAMAGED: the embedded database at ${dir} is damaged \\(PGlite cannot open it: .*\\); nothing was written: restore`,
        'm',
      ),
      'never-printed',
    );
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  test('a non-empty directory of other files: PGLITE_DIR_INVALID naming it; the files are left as they were', async () => {
    const dir = path.join(work, 'my-notes');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'mine\n');
    const before = snapshot(dir);
    for (const command of ['migrate:latest', 'seed:run']) {
      const result = await knexCli([command], { PGLITE_DIR: dir });
      expectCleanFailure(
        result,
        new RegExp(
          `^PGLITE_DIR_INVALID: PGLITE_DIR ${dir} is not empty and is not a PGlite database .*: point PGLITE_DIR at a new or empty directory$`,
          'm',
        ),
        'never-printed',
      );
    }
    expect(snapshot(dir)).toEqual(before);
  });

  test('a file: PGLITE_DIR_INVALID', async () => {
    const file = path.join(work, 'a-file');
    fs.writeFileSync(file, 'x');
    const result = await knexCli(['migrate:latest'], { PGLITE_DIR: file });
    expectCleanFailure(
      result,
      /^PGLITE_DIR_INVALID: PGLITE_DIR .* is a file, not a directory/m,
      'never-printed',
    );
    expect(fs.readFileSync(file, 'utf8')).toBe('x');
  });

  test('an existing empty directory becomes a new database', async () => {
    const dir = path.join(work, 'empty');
    fs.mkdirSync(dir);
    const result = await knexCli(['migrate:latest'], { PGLITE_DIR: dir });
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    expect(fs.existsSync(path.join(dir, 'PG_VERSION'))).toBe(true);
  });
});
