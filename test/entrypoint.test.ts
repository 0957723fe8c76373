import fs from 'node:fs';
import path from 'node:path';
import knexFactory from 'knex';
import { CURATED_POSTINGS } from '../src/data/curated';
import { type CliResult, PASSWORD, ROOT, type Started, start } from './support/cli';
import { createScratchDatabase, type ScratchDatabase } from './support/databases';
import { freePort } from './support/free-port';
import { seedFile } from './support/seeding';
import { describeServer } from './support/suites';
import { tcpProxy } from './support/tcp-proxy';
import { waitFor } from './support/wait';

/** docker/entrypoint.sh, run directly (no Docker engine needed) with a stand-in for the app's command. */

const MIGRATIONS = fs.readdirSync(path.join(ROOT, 'migrations')).filter((f) => /\.(ts|js)$/.test(f)).length;
/** Its up creates triggers on job_postings: pending, it waits for a session writing the table. */
const WRITE_LOG_MIGRATION = '20261130170000_job_postings_write_log.ts';

function startEntrypoint(env: Record<string, string>): Started {
  return start('sh', ['docker/entrypoint.sh', 'node', '-e', "console.log('app started')"], env, {
    // A bound for a hung boot, not an expectation of speed: three node processes on a loaded machine.
    timeoutMs: 100_000,
  });
}

function entrypoint(env: Record<string, string>): Promise<CliResult> {
  return startEntrypoint(env).done;
}

/** Waits until the entrypoint has printed `line` on stderr; fails if it exits first. */
async function waitForStderr(booting: Started, line: string | RegExp): Promise<void> {
  let exited = false;
  booting.done.then(() => {
    exited = true;
  });
  const seen = () =>
    typeof line === 'string' ? booting.output().stderr.includes(line) : line.test(booting.output().stderr);
  // A deadline for failing loudly, not a guess at speed: the entrypoint starts two node processes first.
  await waitFor(
    `the entrypoint to print ${line} on stderr`,
    () => {
      if (seen()) return true;
      if (exited) throw new Error(`the entrypoint exited first:\n${booting.output().stderr}`);
      return false;
    },
    100_000,
  );
}

/** Exit 0 and the app started; on failure jest shows everything the entrypoint printed. */
function expectBooted(result: CliResult): void {
  if (result.code !== 0)
    throw new Error(`entrypoint exited ${result.code}:\n${result.stdout}${result.stderr}`);
  expect(result.stdout).toContain('app started');
}

/** Whether a boot has run on `db`: every migration applied and the curated postings there. */
async function booted(db: ScratchDatabase): Promise<boolean> {
  const knex = db.knex();
  if (!(await knex.schema.hasTable('knex_migrations'))) return false;
  const [{ n }] = await knex('knex_migrations').count({ n: '*' });
  if (Number(n) !== MIGRATIONS) return false;
  const [{ rows }] = await knex('job_postings').count({ rows: '*' });
  return Number(rows) === CURATED_POSTINGS.length;
}

/** `url` with another port and a password. */
function withPortAndPassword(url: string, port: number): string {
  const u = new URL(url);
  u.port = String(port);
  u.password = PASSWORD;
  return u.toString();
}

describeServer('docker/entrypoint.sh [postgres]', () => {
  let db: ScratchDatabase;
  beforeAll(async () => {
    db = await createScratchDatabase('postgres', 'entrypoint');
  });
  afterAll(async () => {
    await db?.drop();
  });

  // Two replicas are a race (each boot is three node processes: a third and fourth would repeat the loser's path).
  test('replicas booting at once on an empty database: all start, one migration, one set of rows', async () => {
    const results = await Promise.all([1, 2].map(() => entrypoint(db.env)));
    for (const result of results) expectBooted(result);

    const knex = db.knex();
    const [{ n: migrations }] = await knex('knex_migrations').count({ n: '*' });
    // each migration applied once, not once per replica
    expect(Number(migrations)).toBe(MIGRATIONS);
    const { rows } = await knex.raw(
      'SELECT count(*)::int AS n, count(DISTINCT id)::int AS ids FROM job_postings',
    );
    const [{ n, ids }] = rows;
    expect(n).toBe(CURATED_POSTINGS.length);
    expect(ids).toBe(n);
  });

  test('docker stop (SIGTERM to the entrypoint) in a migrate lock wait: the step is cancelled, exit 143, lock free', async () => {
    const knex = db.knex();
    await knex.migrate.latest();
    // The write log's migration (triggers on job_postings) and those after it pending again.
    while ((await knex('knex_migrations').pluck('name')).includes(WRITE_LOG_MIGRATION))
      await knex.migrate.down();
    const pending = MIGRATIONS - Number((await knex('knex_migrations').count({ n: '*' }))[0].n);
    // A session writing job_postings: the pending CREATE TRIGGER waits for it.
    const holder = knexFactory({ client: 'pg', connection: db.env.DATABASE_URL });
    const trx = await holder.transaction();
    try {
      await trx.raw('LOCK TABLE job_postings IN ROW EXCLUSIVE MODE');
      const booting = startEntrypoint(db.env);
      await waitForStderr(booting, /migrate: waiting for table job_postings, held by pid /);
      process.kill(booting.pid, 'SIGTERM');
      const result = await booting.done;
      expect({ code: result.code, stderr: result.stderr }).toMatchObject({ code: 143 });
      expect(result.stderr).toMatch(/migrate: stopped by SIGTERM; what it had begun was rolled back\n$/);
      expect(result.stdout).not.toContain('app started');
      expect((await knex('knex_migrations_lock').first())?.is_locked).toBe(0);
      const [{ n }] = await knex('knex_migrations').count({ n: '*' });
      expect(Number(n)).toBe(MIGRATIONS - pending);
    } finally {
      await trx.rollback().catch(() => undefined);
      await holder.destroy();
    }
  });

  // A later boot on a database as a boot leaves it (migrated and seeded, in-process here), with the last migration
  // pending (an index: the seed's step stays as cheap as on a booted database) and the migration lock taken: one boot
  // shows the wait for a late server, then the wait for the lock (on an up-to-date database the migrate step would
  // not take the lock), then a seed with nothing to do. (Its migrate step's "Already up to date" when nothing is
  // pending: scripts/migrate.ts in test/migrate.test.ts.)
  test('a server that comes up late is waited for, then a taken migration lock; the boot succeeds, the seed a no-op', async () => {
    const knex = db.knex();
    await knex.migrate.latest();
    if (!(await booted(db))) await seedFile(knex);
    expect(await booted(db)).toBe(true);
    await knex.migrate.down();
    await knex('knex_migrations_lock').update({ is_locked: 1 });
    const upstream = new URL(db.env.DATABASE_URL);
    const port = await freePort();
    const proxy = tcpProxy(db.env.DATABASE_URL);
    const database = upstream.pathname.slice(1);
    try {
      const booting = startEntrypoint({
        DATABASE_URL: withPortAndPassword(db.env.DATABASE_URL, port),
        DB_WAIT_TIMEOUT: '30',
      });
      // The server "comes up" once the entrypoint has been refused twice.
      await waitForStderr(
        booting,
        `waiting for postgres@127.0.0.1:${port}/${database} (attempt 2, ECONNREFUSED; gives up after 30 s, DB_WAIT_TIMEOUT)`,
      );
      await proxy.listen(port);
      // The lock is released only once the entrypoint has found it taken and said it will retry.
      await waitForStderr(booting, /migrate: the migration lock is taken .*; retry 1 in 1 s/);
      await knex('knex_migrations_lock').update({ is_locked: 0 });
      const result = await booting.done;
      expectBooted(result);
      expect(await booted(db)).toBe(true);
      expect(result.stdout).toContain('job_postings: up to date');
      expect(result.stdout).toContain(`postgres@127.0.0.1:${port}/`);
      expect(result.stdout + result.stderr).not.toContain(PASSWORD);
    } finally {
      await knex('knex_migrations_lock').update({ is_locked: 0 });
      await proxy.close();
    }
  });

  test('a server that never comes up: a clear message and exit 1 once DB_WAIT_TIMEOUT passes', async () => {
    const port = await freePort();
    const started = Date.now();
    const result = await entrypoint({
      DATABASE_URL: `postgres://me:${PASSWORD}@127.0.0.1:${port}/app`,
      DB_WAIT_TIMEOUT: '1',
    });
    const elapsed = Date.now() - started;
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `waiting for me@127.0.0.1:${port}/app (attempt 1, ECONNREFUSED; gives up after 1 s, DB_WAIT_TIMEOUT)`,
    );
    expect(result.stderr).toMatch(
      new RegExp(
        `DB_UNREACHABLE: cannot reach PostgreSQL at 127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\).*gave up after 1 s`,
      ),
    );
    expect(result.stdout).not.toContain('app started');
    expect(result.stdout + result.stderr).not.toContain(PASSWORD);
    expect(elapsed).toBeGreaterThanOrEqual(1000);
    expect(elapsed).toBeLessThan(15_000);
  });
});
