import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { main as seedExport } from '../scripts/seed-export';
import { readDatabaseTarget } from '../src/config';
import { CURATED_POSTINGS } from '../src/data/curated';
import { knexConfig } from '../src/db/knex-config';
import { isSeedError } from '../src/errors';
import { SEED_LOCK_KEY } from '../src/seed/locks';
import { PASSWORD, run } from './support/cli';
import { createScratchDatabase, type ScratchDatabase } from './support/databases';
import { countRows, type SeedFileOutput, seedFile, tableFingerprint } from './support/seeding';
import { describeServer } from './support/suites';
import { tcpProxy } from './support/tcp-proxy';
import { waitFor } from './support/wait';

/** Issue 8, item 8: a connection lost mid-run, a bad DB_CONNECT_TIMEOUT, an export path that cannot be written. */

/**
 * The seed file run in-process (as `knex seed:run` runs it: test/support/seeding.ts's seedFile) through a proxy to
 * the scratch database, with 200,000 synthetic postings so that it is still running when the path fails. What
 * only a process shows (the exit code, the one line on stderr) is the same for every SeedError: test/cli.test.ts.
 */
async function seedThroughProxy(
  db: ScratchDatabase,
  port: number,
  queryTimeoutMs: number | undefined,
  whileRunning: (owner: Knex) => Promise<void>,
): Promise<unknown> {
  const viaProxy = new URL(db.env.DATABASE_URL);
  viaProxy.port = String(port);
  viaProxy.password = PASSWORD;
  const target = readDatabaseTarget({ DATABASE_URL: viaProxy.toString() });
  if (target.kind !== 'postgres') throw new Error('expected a server target');
  // Bounds smaller than a user can set (whole seconds; DB_QUERY_TIMEOUT at least the longest lock wait + 5 s):
  // the same code path. The connect bound too: a connection the run opens after the stall waits for it.
  const knex = knexFactory(
    knexConfig(queryTimeoutMs ? { ...target, queryTimeoutMs, connectTimeoutMs: queryTimeoutMs } : target),
  );
  const output: SeedFileOutput = { out: [], err: '' };
  // What knex's logger prints beside the one line (console.warn; its default logger, console.log).
  const printed: string[] = [];
  const spies = (['log', 'warn'] as const).map((method) =>
    jest.spyOn(console, method).mockImplementation((...line: unknown[]) => {
      printed.push(line.map(String).join(' '));
    }),
  );
  try {
    const seeding = seedFile(knex, { SEED_SYNTHETIC_JOB_POSTINGS: '200000' }, undefined, output).then(
      () => undefined,
      (error: unknown) => error,
    );
    await whileRunning(db.knex());
    const error = await seeding;
    await knex.destroy();
    expect(output.out.join('\n')).not.toMatch(/[Cc]reated/);
    expect(String(isSeedError(error) && error.format())).not.toContain(PASSWORD);
    // The one line is all: no "Connection Error: Connection ended unexpectedly" from knex's pool beside it.
    expect(printed).toEqual([]);
    return error;
  } finally {
    for (const spy of spies) spy.mockRestore();
    await knex.destroy();
  }
}

/** The pid of the session holding the seed's advisory lock in `owner`'s database, or 0. */
async function seedLockHolder(owner: Knex): Promise<number> {
  const { rows } = await owner.raw(
    `SELECT l.pid FROM pg_locks l
     WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
       AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
       AND ((l.classid::bigint << 32) | l.objid::bigint) = ?::bigint`,
    [SEED_LOCK_KEY],
  );
  return rows[0]?.pid ?? 0;
}

describeServer('a server connection lost during the run [postgres]', () => {
  test('is DB_CONNECTION_LOST, "nothing was written", not "cannot reach"', async () => {
    const db = await createScratchDatabase('postgres', 'connection_lost', { migrated: true });
    // The seed talks to the server through this proxy; cutting it is the server going away mid-run.
    const proxy = tcpProxy(db.env.DATABASE_URL);
    const port = await proxy.listen();
    try {
      const owner = db.knex();
      const before = await tableFingerprint(owner);
      let backend = 0;
      const error = await seedThroughProxy(db, port, undefined, async () => {
        // Cut once the seed holds its lock, i.e. is inside its transaction.
        await waitFor('the seed to take its lock', async () => {
          backend = await seedLockHolder(owner);
          return backend !== 0;
        });
        proxy.cut();
      });
      expect(isSeedError(error) && error.format()).toMatch(
        new RegExp(
          `^DB_CONNECTION_LOST: the connection to PostgreSQL at 127\\.0\\.0\\.1:${port} was lost during the run \\(.*\\); nothing was written: ` +
            'the server rolls back its open transaction once it notices the connection is gone; until then its ' +
            `session keeps the locks it took, and a rerun waits for them \\(SELECT pg_terminate_backend\\(${backend}\\) ` +
            'ends it now\\); ',
        ),
      );
      expect(String(isSeedError(error) && error.format())).not.toMatch(/cannot reach|DB_UNREACHABLE/);
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
  test('is DB_CONNECTION_LOST within DB_QUERY_TIMEOUT', async () => {
    const db = await createScratchDatabase('postgres', 'stalled', { migrated: true });
    const proxy = tcpProxy(db.env.DATABASE_URL);
    const port = await proxy.listen();
    try {
      const owner = db.knex();
      // The bound: 1 s here, set on the target (a user's DB_QUERY_TIMEOUT is at least the longest lock wait + 5 s:
      // test/unit's config tests); the path is the same.
      let backend = 0;
      const error = await seedThroughProxy(db, port, 1000, async () => {
        await waitFor('the seed to take its lock', async () => {
          backend = await seedLockHolder(owner);
          return backend !== 0;
        });
        proxy.stall();
      });
      expect(isSeedError(error) && error.format()).toBe(
        `DB_CONNECTION_LOST: no answer from PostgreSQL at 127.0.0.1:${port} for 1 s (DB_QUERY_TIMEOUT): the network ` +
          'path or the server stalled, and the connection was closed; nothing of it was written: the server rolls ' +
          'back its open transaction once it notices the connection is gone; until then its session keeps the ' +
          `locks it took, and a rerun waits for them (SELECT pg_terminate_backend(${backend}) ends it now); check ` +
          'the network and the server, then run again',
      );
      // The server has not noticed (the stalled path keeps its socket open): the backend still holds the seed
      // lock, as the line says; the advised statement frees it.
      expect(await seedLockHolder(owner)).toBe(backend);
      await owner.raw(`SELECT pg_terminate_backend(${backend})`);
      await waitFor('the seed lock to come free', async () => (await seedLockHolder(owner)) === 0);
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

  // The knexfile checks every setting before knex runs any command, and prints CONFIG_INVALID before any target
  // line or connection: one command as a process shows it (test/cli.test.ts, bad values listed together).
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
