import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import knexFactory, { type Knex } from 'knex';
import type { DatabaseTarget } from '../src/db/database-target';
import { knexConfig } from '../src/db/knex-config';
import { checkPgliteDirectory, describeThrown } from '../src/db/pglite-dir';
import { acquirePgliteLock } from '../src/db/pglite-lock';
import { isSeedError } from '../src/errors';
import { knexCli, ROOT } from './support/cli';
import { copyPGliteTemplate, createScratchDatabase, type ScratchDatabase } from './support/databases';
import { removeScratchDirectory, scratchDirectory } from './support/scratch-dirs';
import { describePGlite } from './support/suites';
import { waitFor } from './support/wait';

/** Issue 8 scenario 7, issue 14 item 3: the embedded database is never initialised over something. */

/**
 * Every file under `dir` with its size and modification time, or with `bytes` the hash of its bytes (a directory:
 * 'dir'): "nothing was touched" is this, unchanged.
 */
function snapshot(dir: string, bytes = false): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const file = path.join(entry.parentPath, entry.name);
    const stat = fs.statSync(file);
    files[path.relative(dir, file)] = entry.isDirectory()
      ? 'dir'
      : bytes
        ? createHash('sha256').update(fs.readFileSync(file)).digest('hex')
        : `${stat.size} ${stat.mtimeMs}`;
  }
  return files;
}

const target = (dataDir: string, lockTimeoutMs = 60_000): DatabaseTarget => ({
  kind: 'pglite',
  dataDir,
  lockTimeoutMs,
  describe: dataDir,
});

/** The SeedError a knex on `dir` fails with when it first connects (what every command would print). */
async function openFailure(dir: string): Promise<{ code: string; message: string }> {
  const knex = knexFactory(knexConfig(target(dir)));
  try {
    await knex.raw('SELECT 1');
  } catch (error) {
    if (isSeedError(error)) return { code: error.code, message: error.message };
    throw error;
  } finally {
    await knex.destroy();
  }
  throw new Error(`expected ${dir} to be refused`);
}

let work: string;
beforeAll(() => {
  work = scratchDirectory('jps-pglite-dir-');
});
afterAll(() => {
  removeScratchDirectory(work);
});

describe('a PGLITE_DIR that cannot hold a database fails at once, and nothing is written', () => {
  test("a non-empty folder of the user's files: PGLITE_DIR_INVALID; its files byte for byte as they were, no lock beside it", async () => {
    const dir = path.join(work, 'my-notes');
    fs.mkdirSync(path.join(dir, 'docs'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'global'));
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'mine\n');
    fs.writeFileSync(path.join(dir, 'docs', 'a.md'), '# a\n');
    fs.writeFileSync(path.join(dir, 'global', 'settings.json'), '{"theme":"dark"}\n');
    const before = snapshot(dir, true);
    const around = fs.readdirSync(work);
    expect(await openFailure(dir)).toEqual({
      code: 'PGLITE_DIR_INVALID',
      message:
        `PGLITE_DIR ${dir} is not empty and is not a PGlite database (no PG_VERSION, global/pg_control or other ` +
        'PostgreSQL files); nothing was written there: point PGLITE_DIR at a new or empty directory',
    });
    expect(snapshot(dir, true)).toEqual(before);
    expect(fs.readdirSync(work)).toEqual(around);
  });

  test('a file: PGLITE_DIR_INVALID, the file unchanged', async () => {
    const file = path.join(work, 'a-file');
    fs.writeFileSync(file, 'x');
    expect(await openFailure(file)).toEqual({
      code: 'PGLITE_DIR_INVALID',
      message: `PGLITE_DIR ${file} is a file, not a directory: point PGLITE_DIR at a new or empty directory`,
    });
    expect(fs.readFileSync(file, 'utf8')).toBe('x');
  });

  test('a path through a file: PGLITE_DIR_INVALID, nothing created', () => {
    const file = path.join(work, 'parent-file');
    fs.writeFileSync(file, 'x');
    expect(() => checkPgliteDirectory(path.join(file, 'sub', 'db'))).toThrow(
      expect.objectContaining({
        code: 'PGLITE_DIR_INVALID',
        message: expect.stringMatching(/a part of its path is a file/),
      }),
    );
    expect(fs.readFileSync(file, 'utf8')).toBe('x');
  });

  test.each(['/proc/1/x/db', '/sys/kernel/db', '/dev/shm-db/x'])(
    '%s: PGLITE_DIR_INVALID naming the kernel file system',
    (dir) => {
      expect(() => checkPgliteDirectory(dir)).toThrow(
        expect.objectContaining({
          code: 'PGLITE_DIR_INVALID',
          message: `PGLITE_DIR ${dir} is under /${dir.split('/')[1]}, a kernel file system, not a place for a database: point PGLITE_DIR at a directory on disk`,
        }),
      );
    },
  );

  test('a symlink into /proc is judged by where it leads', () => {
    const link = path.join(work, 'to-proc');
    fs.symlinkSync('/proc/1', link);
    expect(() => checkPgliteDirectory(path.join(link, 'x', 'db'))).toThrow(
      expect.objectContaining({ code: 'PGLITE_DIR_INVALID' }),
    );
  });

  test('the knex CLI on /proc/1/x/db: one line and exit 1 at once, not a mkdir spinning forever', async () => {
    // A process: a synchronous spin would hang this test's own process beyond any timeout.
    const result = await knexCli(['migrate:latest'], { PGLITE_DIR: '/proc/1/x/db' }, 30_000);
    expect({ code: result.code, signal: result.signal, stderr: result.stderr }).toEqual({
      code: 1,
      signal: null,
      stderr:
        'PGLITE_DIR_INVALID: PGLITE_DIR /proc/1/x/db is under /proc, a kernel file system, not a place for a database: ' +
        'point PGLITE_DIR at a directory on disk\n',
    });
  });

  test('a place this user cannot write: PGLITE_DIR_INVALID naming it', () => {
    const parent = path.join(work, 'read-only');
    fs.mkdirSync(parent, { mode: 0o755 });
    const dir = path.join(parent, 'db');
    let message: string;
    if (process.getuid?.() === 0) {
      // root may write anywhere: ask as nobody (a process: only it can have another uid).
      fs.chmodSync(work, 0o755);
      const script = `try { require('./src/db/pglite-dir').checkPgliteDirectory(${JSON.stringify(dir)}) } catch (e) { console.log(e.code + ': ' + e.message) }`;
      const result = spawnSync(process.execPath, ['-r', 'ts-node/register', '-e', script], {
        cwd: ROOT,
        uid: 65534,
        gid: 65534,
        encoding: 'utf8',
      });
      message = result.stdout.trim();
    } else {
      fs.chmodSync(parent, 0o555);
      try {
        checkPgliteDirectory(dir);
        message = 'accepted';
      } catch (error) {
        message = `${(error as { code: string }).code}: ${(error as Error).message}`;
      }
    }
    expect(message).toBe(
      `PGLITE_DIR_INVALID: PGLITE_DIR ${dir} cannot be created: ${parent} is not writable (EACCES); point PGLITE_DIR elsewhere`,
    );
    expect(fs.readdirSync(parent)).toEqual([]);
  });

  test('what PGlite throws is one line, never [object Object]', () => {
    expect(describeThrown({ name: 'ExitStatus', status: 1 })).toBe("{ name: 'ExitStatus', status: 1 }");
    expect(describeThrown(new Error('Aborted(). Build with -sASSERTIONS for more info.\nstack'))).toBe(
      'Aborted(). Build with -sASSERTIONS for more info.',
    );
    expect(describeThrown('plain')).toBe('plain');
  });
});

describePGlite('PGlite data directories [pglite]', () => {
  /** A migrated PGlite database, damaged by each test and restored after it. */
  let pristine: string;

  let scratch: ScratchDatabase;

  beforeAll(async () => {
    // A copy of the suite's migrated template (test/support/pglite-template.ts), not an initdb of its own.
    scratch = await createScratchDatabase('pglite', 'pglite_dir', { migrated: true });
    if (scratch.target.kind !== 'pglite') throw new Error('expected an embedded target');
    pristine = scratch.target.dataDir;
    await scratch.release();
  });
  afterAll(async () => {
    await scratch?.drop();
  });

  /**
   * The migrated database with `parts` moved out of it (and, with `stand-in`, an empty file where each was) while
   * `test` runs, then put back: each test sees the whole database but for what it damages, without a copy of
   * its own (0.2 s of CPU each).
   */
  async function withPartsAside(
    parts: string[],
    test: (dir: string) => Promise<void>,
    standIn: 'stand-in' | 'gone' = 'gone',
  ): Promise<void> {
    const aside = fs.mkdtempSync(path.join(work, 'aside-'));
    const moved: string[] = [];
    try {
      for (const [i, part] of parts.entries()) {
        fs.renameSync(path.join(pristine, part), path.join(aside, String(i)));
        moved.push(part);
        if (standIn === 'stand-in') fs.writeFileSync(path.join(pristine, part), '');
      }
      await test(pristine);
    } finally {
      for (const [i, part] of moved.entries()) {
        fs.rmSync(path.join(pristine, part), { recursive: true, force: true });
        fs.renameSync(path.join(aside, String(i)), path.join(pristine, part));
      }
    }
  }

  test.each([
    ['PG_VERSION', ['PG_VERSION']],
    ['global/pg_control', [path.join('global', 'pg_control')]],
    ['base/', ['base']],
    ['pg_wal/, pg_xact/', ['pg_wal', 'pg_xact']],
  ])('missing %s: PGLITE_DAMAGED naming it and saying to move it aside; nothing written', (missing, parts) =>
    withPartsAside(parts, async (dir) => {
      const before = snapshot(dir);
      const error = await openFailure(dir);
      expect(error).toEqual({
        code: 'PGLITE_DAMAGED',
        message:
          `the embedded database at ${dir} is damaged (missing ${missing}); nothing was written: move the directory ` +
          `aside (e.g. mv ${dir} ${dir}.damaged) and restore it from a backup, or run again to start an empty database`,
      });
      expect(error.message).not.toMatch(/delete/i);
      expect(snapshot(dir)).toEqual(before);
      expect(fs.existsSync(`${dir}.lock`)).toBe(false);
    }),
  );

  test('a second process that starts while the first creates the database waits for it, then opens it', async () => {
    const dir = path.join(work, 'being-created');
    // The first process: it holds the lock, and the directory is half made.
    const release = await acquirePgliteLock(`${dir}.lock`, { timeoutMs: 5_000, shown: dir, log: () => {} });
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'PG_VERSION'), '17\n');
    const lines: string[] = [];
    const config = knexConfig(target(dir));
    const knex = knexFactory({
      ...config,
      connection: { ...(config.connection as object), lockReportEveryMs: 20 } as Knex.StaticConnectionConfig,
      log: { ...config.log, warn: (line: string) => lines.push(line) },
    });
    try {
      // (A knex query runs once something asks for its result.)
      let refused: unknown;
      const opened = knex.raw('SELECT 1 AS one').then(
        (result) => result,
        (error) => {
          refused = error;
          throw error;
        },
      );
      await waitFor('the second to wait for the lock', () => {
        if (refused) throw refused; // judged the half-made directory without waiting
        return lines.some((l) => /waiting/.test(l));
      });
      // The first finishes creating it, and lets go.
      fs.rmSync(path.join(dir, 'PG_VERSION'));
      const first = new PGlite(dir);
      await first.waitReady;
      await first.close();
      release();
      expect((await opened).rows).toEqual([{ one: 1 }]);
    } finally {
      release();
      await knex.destroy();
    }
  });

  test('a creation whose process was killed (its marker left beside the directory): the next run starts it over', async () => {
    const dir = path.join(work, 'killed-while-creating');
    fs.mkdirSync(path.join(dir, 'base'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'PG_VERSION'), '17\n');
    // Without the marker, what the killed creation left reads as damaged, and is left alone.
    expect(await openFailure(dir)).toMatchObject({ code: 'PGLITE_DAMAGED' });
    fs.writeFileSync(`${dir}.creating`, '4194000\n');
    const knex = knexFactory(knexConfig(target(dir)));
    try {
      expect((await knex.raw('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await knex.destroy();
    }
    expect(fs.existsSync(`${dir}.creating`)).toBe(false);
    expect(fs.readFileSync(path.join(dir, 'PG_VERSION'), 'utf8')).not.toBe('17\n');
    expect(checkPgliteDirectory(dir).exists).toBe(true);
  });

  test('a data file PGlite cannot read: PGLITE_DAMAGED with its message, one line, not [object Object]', () =>
    withPartsAside(
      [path.join('global', 'pg_control')],
      async (dir) => {
        const error = await openFailure(dir);
        expect(error.code).toBe('PGLITE_DAMAGED');
        expect(error.message).toMatch(
          new RegExp(
            `^the embedded database at ${dir} is damaged \\(PGlite cannot open it: .+\\); nothing was written: move`,
          ),
        );
        expect(error.message).not.toMatch(/\[object Object\]|\n|delete/);
        expect(fs.existsSync(`${dir}.lock`)).toBe(false);
      },
      'stand-in',
    ));

  test('a symlink to an empty directory is judged at the real path; to a database, opened and locked as the real path', async () => {
    const real = path.join(work, 'empty');
    const link = path.join(work, 'link-to-empty');
    fs.mkdirSync(real);
    fs.symlinkSync(real, link);
    expect(checkPgliteDirectory(link)).toMatchObject({ real, lockPath: `${real}.lock`, exists: false });
    // What a first open through the link would leave at the real path, not an initdb (5 s of CPU): a copy of the
    // suite's template (without one, a run outside the global setup, the open below makes the database).
    copyPGliteTemplate(real);
    const viaLink = knexFactory(knexConfig(target(link)));
    const lines: string[] = [];
    let viaReal: Knex | undefined;
    try {
      await viaLink.raw('SELECT 1');
      expect(checkPgliteDirectory(link)).toMatchObject({ real, lockPath: `${real}.lock`, exists: true });
      viaReal = knexFactory({
        ...knexConfig(target(real, 100)),
        log: { warn: (line: string) => lines.push(line) },
      });
      const error = await viaReal.raw('SELECT 1').catch((e: Error) => e);
      expect(error).toMatchObject({ code: 'PGLITE_LOCKED' });
      expect((error as Error).message).toContain(`: pid ${process.pid} (`);
      expect(lines[0]).toMatch(
        /^waiting for the embedded database .*empty: another process has it open: pid \d+ \(.*this process\)/,
      );
    } finally {
      await viaLink.destroy();
      await viaReal?.destroy();
    }
    expect(fs.existsSync(`${real}.lock`)).toBe(false);
  });
});
