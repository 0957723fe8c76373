import knexFactory, { type Knex } from 'knex';
import { main as dbReset } from '../scripts/db-reset';
import { main as migrate } from '../scripts/migrate';
import type { CommandIo } from '../src/command';
import { migrationFiles } from '../src/db/migrate-latest';
import {
  keepOneLockRowSql,
  lockTableStateSql,
  MIGRATE_LOCK_KEY,
  withMigrateLock,
} from '../src/db/migrate-lock';
import { knexCli, PASSWORD } from './support/cli';
import { createScratchDatabase, describeEachTarget, type ScratchDatabase } from './support/databases';
import { describeServer } from './support/suites';
import { waitFor } from './support/wait';

/**
 * Issue 14, "nothing hangs": migrates starting at once on an empty database (replicas on first boot) could leave
 * knex_migrations_lock with two rows, and every later migrate "already locked" until DB_WAIT_TIMEOUT. Every
 * migrate of the runner holds the migrate lock (an advisory lock) and repairs that leftover.
 */

jest.setTimeout(120_000);

/** Every migration of the project, applied by one successful migrate. */
const MIGRATIONS = migrationFiles().length;

/** An io capture for a command's main. */
function capture(): CommandIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l) };
}

/** The environment a command gets in-process: only `vars`, and no developer `.env`. */
const envOf = (vars: Record<string, string>): NodeJS.ProcessEnv => ({ DOTENV_PATH: '/dev/null', ...vars });

/** knex_migrations_lock's rows, in order. */
const lockRows = async (knex: Knex) =>
  (await knex('knex_migrations_lock').orderBy('index')).map((r) => Number(r.is_locked));

/** The race's leftover, made directly: knex's tables, nothing migrated, two unlocked lock rows. */
async function leaveTwoLockRows(knex: Knex): Promise<void> {
  await knex.migrate.latest();
  await knex.migrate.rollback(undefined, true);
  await knex('knex_migrations_lock').insert({ is_locked: 0 });
}

const REPAIRED =
  'migrate: knex_migrations_lock had 2 rows, none locked (left by migrates that raced on an empty database, ' +
  'before the migrate lock): kept one, unlocked; migrating';

test('the lock table SQL: identifiers through ??, every value bound', () => {
  expect(lockTableStateSql()).toEqual({
    sql: 'SELECT count(*)::int AS rows, count(*) FILTER (WHERE ?? <> 0)::int AS locked FROM ??',
    bindings: ['is_locked', 'knex_migrations_lock'],
  });
  expect(keepOneLockRowSql()).toEqual([
    { sql: 'LOCK TABLE ?? IN ACCESS EXCLUSIVE MODE', bindings: ['knex_migrations_lock'] },
    {
      sql: 'DELETE FROM ?? WHERE ?? <> (SELECT min(??) FROM ??)',
      bindings: ['knex_migrations_lock', 'index', 'index', 'knex_migrations_lock'],
    },
    { sql: 'UPDATE ?? SET ?? = ?', bindings: ['knex_migrations_lock', 'is_locked', 0] },
  ]);
});

describeEachTarget('a lock table left with two unlocked rows', (db) => {
  test('is what knex cannot lock; npm run migrate repairs it in one line and migrates', async () => {
    const knex = db().knex();
    await leaveTwoLockRows(knex);
    // The state this is about: knex alone fails on it however long it waits.
    await expect(knex.migrate.latest()).rejects.toThrow(/Migration table is already locked/);
    // On the server the migrate opens its own knex, as a user's does; on PGlite it runs on this one (each open
    // of PGlite costs about a second of CPU, and a second instance would wait for this one's lock).
    const shared = db().kind === 'pglite' ? knex : undefined;
    if (!shared) await db().release();

    const io = capture();
    const code = await migrate({ io, env: envOf({ ...db().env, DB_WAIT_TIMEOUT: '1' }), knex: shared });
    expect({ code, stderr: io.stderr.slice(1) }).toEqual({ code: 0, stderr: [REPAIRED] });
    expect(io.stdout).toEqual([expect.stringMatching(new RegExp(`^Applied ${MIGRATIONS} migration\\(s\\)`))]);
    expect(await lockRows(db().knex())).toEqual([0]);
    const [{ n }] = await db().knex()('knex_migrations').count({ n: '*' });
    expect(Number(n)).toBe(MIGRATIONS);
    await db().release();
  });
});

describeServer('the migrate lock [postgres]', () => {
  let db: ScratchDatabase;
  // A fresh database per test: each starts empty (or sets up its own state).
  beforeEach(async () => {
    db = await createScratchDatabase('postgres', 'migrate_race');
  });
  afterEach(async () => {
    await db?.drop();
  });

  /** A second session holding the migrate lock (as another replica's migrate does) until `release()`. */
  async function holdMigrateLock(): Promise<{ pid: number; release(): Promise<void> }> {
    const holder = knexFactory({
      client: 'pg',
      connection: { connectionString: db.env.DATABASE_URL, application_name: 'other-replica' },
      pool: { min: 1, max: 1 },
    });
    const { rows } = await holder.raw('SELECT pg_backend_pid() AS pid, pg_advisory_lock(?::bigint)', [
      MIGRATE_LOCK_KEY,
    ]);
    return { pid: Number(rows[0].pid), release: () => holder.destroy() };
  }

  test('four migrates at once on an empty database: they queue on the migrate lock, one applies, one lock row', async () => {
    // Held until all four wait for it, then let go: they start together, as replicas booting at once.
    const holder = await holdMigrateLock();
    const ios = [1, 2, 3, 4].map(() => capture());
    let running: Promise<number[]> | undefined;
    try {
      running = Promise.all(
        ios.map((io) => migrate({ io, env: envOf({ ...db.env, DB_WAIT_TIMEOUT: '60' }) })),
      );
      await waitFor('four migrates waiting for the migrate lock', async () => {
        const { rows } = await db.knex().raw(
          `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted
             AND (classid::bigint << 32) | objid::bigint = ?::bigint`,
          [MIGRATE_LOCK_KEY],
        );
        return rows[0].n === 4;
      });
    } finally {
      await holder.release();
    }
    const codes = await running;
    expect(codes).toEqual([0, 0, 0, 0]);
    const results = ios.map((io) => io.stdout.join('\n')).sort();
    expect(results.slice(0, 3)).toEqual(['Already up to date', 'Already up to date', 'Already up to date']);
    expect(results[3]).toMatch(new RegExp(`^Applied ${MIGRATIONS} migration\\(s\\)`));
    // Serialized, not raced: no migrate met another creating knex's tables, or found knex's lock taken.
    for (const io of ios) expect(io.stderr.filter((l) => /retry|kept one/.test(l))).toEqual([]);
    expect(await lockRows(db.knex())).toEqual([0]);
    const [{ n }] = await db.knex()('knex_migrations').count({ n: '*' });
    expect(Number(n)).toBe(MIGRATIONS);
  });

  test('a migrate behind the migrate lock names its holder, then migrates once it is released', async () => {
    const holder = await holdMigrateLock();
    let released: Promise<void> | undefined;
    const stderr: string[] = [];
    const io: CommandIo = {
      out: () => undefined,
      err: (line) => {
        stderr.push(line);
        if (!released && line.startsWith('migrate: waiting for the migrate lock'))
          released = holder.release();
      },
    };
    try {
      const code = await migrate({ io, env: envOf({ ...db.env, DB_WAIT_TIMEOUT: '60' }), firstLookMs: 50 });
      expect(code).toBe(0);
      expect(stderr[1]).toMatch(
        new RegExp(
          `^migrate: waiting for the migrate lock, held by pid ${holder.pid} \\(application_name "other-replica", ` +
            'connected since [^)]+\\) \\(\\d+ s so far; gives up after 60 s, DB_WAIT_TIMEOUT\\)$',
        ),
      );
      const [{ n }] = await db.knex()('knex_migrations').count({ n: '*' });
      expect(Number(n)).toBe(MIGRATIONS);
    } finally {
      await (released ?? holder.release());
    }
  });

  test('the wait for the migrate lock is bounded by DB_WAIT_TIMEOUT: MIGRATE_LOCKED names the holder, nothing applied', async () => {
    const holder = await holdMigrateLock();
    try {
      const io = capture();
      const code = await migrate({
        io,
        env: envOf({ ...db.env, DB_WAIT_TIMEOUT: '1' }),
        firstLookMs: 50,
        reportEveryMs: 200,
      });
      expect(code).toBe(1);
      const waiting = io.stderr.slice(1, -1);
      expect(waiting.length).toBeGreaterThan(0);
      for (const line of waiting)
        expect(line).toMatch(
          new RegExp(
            `^migrate: waiting for the migrate lock, held by pid ${holder.pid} .*gives up after 1 s`,
          ),
        );
      expect(io.stderr.at(-1)).toMatch(
        new RegExp(
          `^MIGRATE_LOCKED: migrate waited 1 s \\(DB_WAIT_TIMEOUT\\) for the migrate lock, held by pid ${holder.pid} ` +
            '\\(application_name "other-replica", .*nothing was applied',
        ),
      );
      const { rows } = await db.knex().raw(`SELECT to_regclass('knex_migrations') AS t`);
      expect(rows[0].t).toBeNull();
    } finally {
      await holder.release();
    }
  });

  test('a locked row is not repaired: the retries end in MIGRATE_LOCKED naming the fix, the table untouched', async () => {
    await leaveTwoLockRows(db.knex());
    // Locked rows are migrations' (running, or killed while they ran): with one row unlocked knex would lock that.
    await db.knex()('knex_migrations_lock').update({ is_locked: 1 });
    const io = capture();
    const code = await migrate({ io, env: envOf({ ...db.env, DB_WAIT_TIMEOUT: '1' }) });
    expect(code).toBe(1);
    expect(io.stderr.slice(1)).toEqual([
      'migrate: the migration lock is taken (another replica migrating?); retry 1 in 1 s',
      'MIGRATE_LOCKED: the migration lock is taken (another replica migrating?); gave up after 1 s ' +
        '(DB_WAIT_TIMEOUT): knex_migrations_lock has 2 rows (2 locked) where knex expects one: if no other ' +
        'migration is running, run `npx knex migrate:unlock` (it leaves one unlocked row), then migrate again',
    ]);
    expect(await lockRows(db.knex())).toEqual([1, 1]);
  });

  test('a role with CONNECTION LIMIT 1 migrates: no lock connection beside the one the migrate needs', async () => {
    const role = `jps_race_one_${Date.now().toString(36)}`;
    const admin = db.knex();
    await admin.raw('CREATE ROLE ?? LOGIN CONNECTION LIMIT 1', [role]);
    await admin.raw('GRANT CREATE, USAGE ON SCHEMA public TO ??', [role]);
    const url = new URL(db.env.DATABASE_URL);
    url.username = role;
    const io = capture();
    try {
      const code = await migrate({
        io,
        env: envOf({ ...db.env, DATABASE_URL: url.toString(), DB_WAIT_TIMEOUT: '5' }),
      });
      expect({ code, stderr: io.stderr }).toMatchObject({ code: 0 });
      expect(Number((await admin('knex_migrations').count({ n: '*' }))[0].n)).toBe(MIGRATIONS);
      expect(await lockRows(admin)).toEqual([0]);
    } finally {
      await admin.raw('DROP OWNED BY ??', [role]);
      await admin.raw('DROP ROLE ??', [role]);
    }
  });

  test('the lock outlives idle_in_transaction_session_timeout: its session idles while another migrates', async () => {
    // Every session of this knex ends a transaction left idle for 100 ms, as a hardened server may.
    const strict = knexFactory({
      client: 'pg',
      connection: db.env.DATABASE_URL,
      pool: {
        min: 0,
        max: 4,
        afterCreate: (conn: { query(q: string, cb: (e?: Error) => void): void }, done: (e?: Error) => void) =>
          conn.query("SET idle_in_transaction_session_timeout = '100ms'", done),
      },
    });
    try {
      // A migrate that takes longer than the timeout: the lock's session idles in its transaction all along.
      const lockFreeAfterTheTimeout = await withMigrateLock(strict, async () => {
        await strict.raw('SELECT pg_sleep(0.5)');
        // Another replica asks for the lock now: it must still be held.
        const { rows } = await db
          .knex()
          .raw('SELECT pg_try_advisory_xact_lock(?::bigint) AS got', [MIGRATE_LOCK_KEY]);
        return rows[0].got;
      });
      expect(lockFreeAfterTheTimeout).toBe(false);
    } finally {
      await strict.destroy();
    }
  });

  test('db:reset repairs the leftover under the migrate lock, and resets', async () => {
    await leaveTwoLockRows(db.knex());
    const io = capture();
    // The seed it runs prints its summary with console.log.
    const seedLines = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    const code = await dbReset({ io, env: envOf({ ...db.env, DB_WAIT_TIMEOUT: '1' }) }).finally(() =>
      seedLines.mockRestore(),
    );
    expect({ code, stderr: io.stderr.slice(1) }).toEqual({
      code: 0,
      stderr: [REPAIRED.replace(/^migrate:/, 'db:reset:')],
    });
    expect(io.stdout).toEqual(expect.arrayContaining([`Applied ${MIGRATIONS} migration(s)`]));
    expect(await lockRows(db.knex())).toEqual([0]);
  });

  test('knex migrate:latest repairs the leftover too, and says so', async () => {
    await leaveTwoLockRows(db.knex());
    const result = await knexCli(['migrate:latest'], db.env);
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: `${REPAIRED}\n` });
    expect(result.stdout + result.stderr).not.toContain(PASSWORD);
    expect(await lockRows(db.knex())).toEqual([0]);
  });
});
