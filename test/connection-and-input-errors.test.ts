import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main as seedExport } from '../scripts/seed-export';
import { readDatabaseTarget } from '../src/config';
import { CURATED_POSTINGS } from '../src/data/curated';
import { isSeedError } from '../src/errors';
import { SEED_LOCK_KEY } from '../src/seed/locks';
import { expectCleanFailure, knexCli, PASSWORD, run } from './support/cli';
import { createScratchDatabase } from './support/databases';
import { countRows, tableFingerprint } from './support/seeding';
import { describeServer } from './support/suites';
import { tcpProxy } from './support/tcp-proxy';
import { waitFor } from './support/wait';

/** Issue 8, item 8: a connection lost mid-run, a bad DB_CONNECT_TIMEOUT, an export path that cannot be written. */

describeServer('a server connection lost during the run [postgres]', () => {
  test('is DB_CONNECTION_LOST, "nothing was written", not "cannot reach"', async () => {
    const db = await createScratchDatabase('postgres', 'connection_lost');
    // The seed talks to the server through this proxy; cutting it is the server going away mid-run.
    const proxy = tcpProxy(db.env.DATABASE_URL);
    const port = await proxy.listen();
    try {
      const owner = db.knex();
      await owner.migrate.latest();
      const before = await tableFingerprint(owner);
      const viaProxy = new URL(db.env.DATABASE_URL);
      viaProxy.port = String(port);
      viaProxy.password = PASSWORD;
      const seeding = knexCli(['seed:run'], {
        DATABASE_URL: viaProxy.toString(),
        SEED_SYNTHETIC_JOB_POSTINGS: '200000',
      });
      // Cut once the seed holds its lock, i.e. is inside its transaction.
      let backend = 0;
      await waitFor('the seed to take its lock', async () => {
        const { rows } = await owner.raw(
          `SELECT l.pid FROM pg_locks l
           WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
             AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
             AND ((l.classid::bigint << 32) | l.objid::bigint) = ?::bigint`,
          [SEED_LOCK_KEY],
        );
        backend = rows[0]?.pid ?? 0;
        return backend !== 0;
      });
      proxy.cut();
      const result = await seeding;
      expectCleanFailure(
        result,
        new RegExp(
          `^DB_CONNECTION_LOST: the connection to PostgreSQL at 127\\.0\\.0\\.1:${viaProxy.port} was lost during the run \\(.*\\); nothing was written: `,
          'm',
        ),
        PASSWORD,
      );
      expect(result.stderr).not.toMatch(/cannot reach|DB_UNREACHABLE/);
      expect(result.stdout).not.toMatch(/created/);
      // The server rolls the transaction back when it notices; then the table is as it was.
      await waitFor('the cut backend to end', async () => {
        const { rows } = await owner.raw('SELECT count(*) AS n FROM pg_stat_activity WHERE pid = ?', [
          backend,
        ]);
        return Number(rows[0].n) === 0;
      });
      expect(await tableFingerprint(owner)).toBe(before);
      expect(await countRows(owner)).toBe(0);
    } finally {
      await proxy.close();
      await db.drop();
    }
  }, 120_000);
});

describeServer('a network path that stops relaying during the run [postgres] (issue 14, case 16)', () => {
  test('is DB_CONNECTION_LOST within DB_QUERY_TIMEOUT, then the process exits', async () => {
    const db = await createScratchDatabase('postgres', 'stalled');
    const proxy = tcpProxy(db.env.DATABASE_URL);
    const port = await proxy.listen();
    try {
      const owner = db.knex();
      await owner.migrate.latest();
      const viaProxy = new URL(db.env.DATABASE_URL);
      viaProxy.port = String(port);
      viaProxy.password = PASSWORD;
      // The bound: DB_QUERY_TIMEOUT raised to the longest lock wait + 5 s, here 6 s.
      const seeding = knexCli(['seed:run'], {
        DATABASE_URL: viaProxy.toString(),
        SEED_SYNTHETIC_JOB_POSTINGS: '200000',
        DB_QUERY_TIMEOUT: '1',
        SEED_LOCK_TIMEOUT: '1',
        DB_WAIT_TIMEOUT: '1',
      });
      await waitFor('the seed to take its lock', async () => {
        const { rows } = await owner.raw(
          `SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND granted
             AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
             AND ((classid::bigint << 32) | objid::bigint) = ?::bigint`,
          [SEED_LOCK_KEY],
        );
        return Number(rows[0].n) > 0;
      });
      proxy.stall();
      const result = await seeding;
      expectCleanFailure(
        result,
        new RegExp(
          `^DB_CONNECTION_LOST: no answer from PostgreSQL at 127\\.0\\.0\\.1:${port} for 6 s \\(DB_QUERY_TIMEOUT\\): .*nothing of it was written`,
          'm',
        ),
        PASSWORD,
      );
    } finally {
      await proxy.close();
      await db.drop();
    }
  }, 120_000);
});

describe('DB_CONNECT_TIMEOUT', () => {
  test.each(['0', '-1', '1.5', 'soon', '601'])('%j is refused by the configuration', (value) => {
    let error: unknown;
    try {
      readDatabaseTarget({ DATABASE_URL: 'postgres://me@127.0.0.1:5432/app', DB_CONNECT_TIMEOUT: value });
    } catch (e) {
      error = e;
    }
    expect(isSeedError(error) && error.code).toBe('CONFIG_INVALID');
    expect(isSeedError(error) && error.details).toEqual([
      `DB_CONNECT_TIMEOUT must be a whole number from 1 to 600, got "${value}"`,
    ]);
  });

  // The knexfile checks every setting before knex runs any command: one command shows it (seed:run's
  // CONFIG_INVALID as a process: test/cli.test.ts, bad values listed together).
  test('=0 makes migrate fail at once with one CONFIG_INVALID, before any connection', async () => {
    for (const command of ['migrate:latest']) {
      const result = await knexCli([command], {
        DATABASE_URL: `postgres://me:${PASSWORD}@127.0.0.1:1/app`,
        DB_CONNECT_TIMEOUT: '0',
      });
      expectCleanFailure(
        result,
        /^CONFIG_INVALID: 1 configuration problem\(s\).*\n\s+- DB_CONNECT_TIMEOUT must be a whole number from 1 to 600, got "0"\n?$/,
        PASSWORD,
      );
      expect(result.target).toBeUndefined();
    }
  });
});

describe('npm run seed:export -- --out (in-process, through its main)', () => {
  /** scripts/seed-export.ts's main with `args`: its exit code and what it printed on stderr. */
  async function exportTo(...args: string[]): Promise<{ code: number; stderr: string }> {
    const err: string[] = [];
    const code = await seedExport({
      argv: ['node', 'seed-export.ts', ...args],
      io: { out: () => undefined, err: (l) => err.push(l) },
    });
    return { code, stderr: err.map((l) => `${l}\n`).join('') };
  }

  test('a path in a directory that does not exist: one EXPORT_FAILED line naming it, exit 1', async () => {
    expect(await exportTo('--out', '/nonexistent/dir/x.json')).toEqual({
      code: 1,
      stderr:
        'EXPORT_FAILED: cannot write /nonexistent/dir/x.json (ENOENT): the directory /nonexistent/dir does not exist: create it, or choose another --out path\n',
    });
  });

  test('a directory: EXPORT_FAILED asking for a file name; a writable path still works', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jps-export-'));
    try {
      const result = await exportTo('--out', dir);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        /^EXPORT_FAILED: cannot write .* \(EISDIR\): that is a directory: give a file name/,
      );
      const file = path.join(dir, 'postings.json');
      expect(await exportTo('--out', file)).toEqual({
        code: 0,
        stderr: `Wrote ${CURATED_POSTINGS.length} postings to ${file}\n`,
      });
      expect(JSON.parse(fs.readFileSync(file, 'utf8')).length).toBe(CURATED_POSTINGS.length);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('--out without a file name is one CONFIG_INVALID line', async () => {
    expect(await exportTo('--out')).toEqual({
      code: 1,
      stderr:
        'CONFIG_INVALID: --out needs a file name (npm run seed:export -- --out fixtures/postings.json)\n',
    });
  });
});

describe('npm run seed:export as a process', () => {
  test('exit code 1 on a failed write', async () => {
    const result = await run(process.execPath, [
      '-r',
      'ts-node/register',
      'scripts/seed-export.ts',
      '--out',
      '/nonexistent/dir/x.json',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^EXPORT_FAILED: cannot write \/nonexistent\/dir\/x\.json/);
  });
});
