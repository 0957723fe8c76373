/** Unit tests of src/project-env.ts: which env file is read (`<root>/.env` or DOTENV_PATH), and how. No database. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isSeedError } from '../../src/errors';
import { displayPath, loadProjectEnv, PROJECT_ROOT } from '../../src/project-env';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'project-env-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function envFile(text: string): string {
  const file = path.join(dir, 'custom.env');
  fs.writeFileSync(file, text);
  return file;
}

describe('loadProjectEnv (DOTENV_PATH)', () => {
  test('DOTENV_PATH names the file read; its variables are loaded and reported', () => {
    const file = envFile('SEED_LOCK_TIMEOUT=7\nPGLITE_DIR=data/pg\n');
    const env: NodeJS.ProcessEnv = { DOTENV_PATH: file };
    const origin = loadProjectEnv(env);
    expect(origin.file).toBe(file);
    expect([...origin.fromFile].sort()).toEqual(['PGLITE_DIR', 'SEED_LOCK_TIMEOUT']);
    expect(env).toEqual({ DOTENV_PATH: file, SEED_LOCK_TIMEOUT: '7', PGLITE_DIR: 'data/pg' });
  });

  test("the environment's own values win over the file's", () => {
    const file = envFile('SEED_LOCK_TIMEOUT=7\nSEED_FORCE=true\n');
    const env: NodeJS.ProcessEnv = { DOTENV_PATH: `  ${file}  `, SEED_LOCK_TIMEOUT: '90' };
    const origin = loadProjectEnv(env);
    expect(origin.file).toBe(file);
    expect([...origin.fromFile]).toEqual(['SEED_FORCE']);
    expect(env.SEED_LOCK_TIMEOUT).toBe('90');
    expect(env.SEED_FORCE).toBe('true');
  });

  test('a relative DOTENV_PATH is resolved from the project root, not the working directory', () => {
    const relative = path.relative(PROJECT_ROOT, envFile('SEED_RANDOM_SEED=from-relative\n'));
    const env: NodeJS.ProcessEnv = { DOTENV_PATH: relative };
    expect(loadProjectEnv(env).file).toBe(path.resolve(PROJECT_ROOT, relative));
    expect(env.SEED_RANDOM_SEED).toBe('from-relative');
  });

  test.each([undefined, '', '   '])('DOTENV_PATH %p: the root .env', (value) => {
    // Loads into a fresh object: whatever a developer's root .env holds never reaches process.env here.
    expect(loadProjectEnv({ DOTENV_PATH: value }).file).toBe(path.join(PROJECT_ROOT, '.env'));
  });

  test('a file that does not exist is no error and loads nothing', () => {
    const missing = path.join(dir, 'nope.env');
    const env: NodeJS.ProcessEnv = { DOTENV_PATH: missing };
    const origin = loadProjectEnv(env);
    expect(origin).toEqual({ file: missing, fromFile: new Set() });
    expect(env).toEqual({ DOTENV_PATH: missing });
  });

  test('a path that cannot be read as a file is CONFIG_INVALID naming it and DOTENV_PATH', () => {
    let error: unknown;
    try {
      loadProjectEnv({ DOTENV_PATH: dir });
    } catch (caught) {
      error = caught;
    }
    expect(isSeedError(error) && error.format()).toBe(
      `CONFIG_INVALID: cannot read the env file ${displayPath(dir)} (EISDIR): make it a readable file, or point DOTENV_PATH elsewhere`,
    );
  });
});
