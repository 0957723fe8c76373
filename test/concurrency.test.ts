import fs from 'node:fs';
import knexFactory, { type Knex } from 'knex';
import type { DatabaseTarget } from '../src/config';
import { CURATED_POSTINGS } from '../src/data/curated';
import { postingId } from '../src/data/posting-id';
import { knexConfig } from '../src/db/knex-config';
import { SEED_LOCK_KEY } from '../src/seed/locks';
import { type CliResult, KNEX_BIN, knexCli, run, startKnexCli } from './support/cli';
import { createScratchDatabase, inspect, type ScratchDatabase } from './support/databases';
import { countRows, resetTables, rowStates, seed, tableFingerprint } from './support/seeding';
import { describePGlite, describeServer } from './support/suites';
import { waitFor } from './support/wait';

const N = CURATED_POSTINGS.length;
const PROCESSES = 8;

/** The lines a run prints while it waits: for the seed lock (server), for the directory (PGlite). */
const WAITING =
  /^(seed: waiting for the seed lock, held by pid \d+ |waiting for the embedded database .*pgdata: another process has it open)/m;

/** Code and stderr of every run, for one readable comparison; the lines saying it waited are expected. */
const exits = (results: CliResult[]) =>
  results.map((r) => ({
    code: r.code,
    signal: r.signal,
    stderr: r.stderr
      .split('\n')
      .filter((line) => !WAITING.test(line))
      .join('\n'),
  }));
const allClean = (count: number) =>
  Array.from({ length: count }, () => ({ code: 0, signal: null, stderr: '' }));
const matching = (results: CliResult[], pattern: RegExp) =>
  results.filter((r) => pattern.test(r.stdout)).length;

/** pg_locks names a bigint advisory key by its high (classid) and low (objid) 32 bits, objsubid 1. */
const SEED_LOCK_ROWS = `
  FROM pg_locks l
  WHERE l.locktype = 'advisory' AND l.objsubid = 1
    AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
    AND ((l.classid::bigint << 32) | l.objid::bigint) = ?::bigint`;

async function waitingForSeedLock(knex: Knex): Promise<number> {
  const { rows } = await knex.raw(`SELECT count(*) AS n ${SEED_LOCK_ROWS} AND NOT l.granted`, [
    SEED_LOCK_KEY,
  ]);
  return Number(rows[0].n);
}

/**
 * Starts `PROCESSES` seed runs while this test holds the seed's advisory lock, waits until every one of them
 * is inside its transaction queued on that lock, then lets go: they really run at once, on every machine.
 */
async function seedAllAtOnce(db: ScratchDatabase, env: Record<string, string> = {}): Promise<CliResult[]> {
  const knex = db.knex();
  const gate = await knex.transaction();
  let runs: Promise<CliResult>[] = [];
  let failure: unknown;
  try {
    await gate.raw('SELECT pg_advisory_xact_lock(?::bigint)', [SEED_LOCK_KEY]);
    runs = Array.from({ length: PROCESSES }, () => knexCli(['seed:run'], { ...db.env, ...env }));
    await waitFor(
      `${PROCESSES} seed runs queued on the advisory lock`,
      async () => (await waitingForSeedLock(knex)) === PROCESSES,
      100_000, // 8 node processes starting at once on a loaded machine
    );
  } catch (error) {
    failure = error;
  } finally {
    await gate.commit();
  }
  const results = await Promise.all(runs);
  if (failure) throw failure;
  return results;
}

/** No posting twice: ids are the primary key, so "twice" means the same title, company and location. */
async function expectNoDuplicates(knex: Knex, expected: number) {
  const { rows } = await knex.raw(
    `SELECT count(*) AS n, count(DISTINCT (title, company, location, seed_name, description)) AS postings FROM job_postings`,
  );
  expect({ rows: Number(rows[0].n), postings: Number(rows[0].postings) }).toEqual({
    rows: expected,
    postings: expected,
  });
}

describeServer('concurrent seed runs [postgres]', () => {
  let db: ScratchDatabase;
  beforeAll(async () => {
    db = await createScratchDatabase('postgres', 'concurrency');
    expect((await knexCli(['migrate:latest'], db.env)).code).toBe(0);
  });
  beforeEach(async () => {
    await resetTables(db.knex());
  });
  afterAll(async () => {
    await db?.drop();
  });

  test(`${PROCESSES} at once on an empty table: one creates, the rest are up to date, no duplicates`, async () => {
    const results = await seedAllAtOnce(db);
    // stderr empty: no deadlock (40P01), no unique violation, no warning
    expect(exits(results)).toEqual(allClean(PROCESSES));
    expect(matching(results, new RegExp(`^✓ Created ${N} job postings across`, 'm'))).toBe(1);
    expect(matching(results, /^job_postings: up to date$/m)).toBe(PROCESSES - 1);
    const knex = db.knex();
    await expectNoDuplicates(knex, N);
    expect((await knex('job_postings').pluck('id')).sort()).toEqual(
      CURATED_POSTINGS.map((p) => postingId(p.key)).sort(),
    );
    expect(await knex('seed_guard').select('seed_name', 'row_count')).toEqual([
      { seed_name: 'job_postings', row_count: N },
    ]);
  });

  test(`${PROCESSES} at once with SEED_FORCE=true rewrite nothing and leave the count as it was`, async () => {
    const knex = db.knex();
    await seed(knex);
    const before = await rowStates(knex);
    const results = await seedAllAtOnce(db, { SEED_FORCE: 'true' });
    expect(exits(results)).toEqual(allClean(PROCESSES));
    expect(matching(results, new RegExp(`^job_postings: 0 created, 0 updated, ${N} unchanged`, 'm'))).toBe(
      PROCESSES,
    );
    await expectNoDuplicates(knex, N);
    expect(await rowStates(knex)).toEqual(before); // created_at and updated_at untouched
  });

  test(`${PROCESSES} at once with SEED_SYNTHETIC_JOB_POSTINGS=2000: 2000 created once`, async () => {
    await seed(db.knex());
    const results = await seedAllAtOnce(db, { SEED_SYNTHETIC_JOB_POSTINGS: '2000' });
    expect(exits(results)).toEqual(allClean(PROCESSES));
    expect(matching(results, /^job_postings_synthetic: 2000 created, 0 updated, 0 unchanged/m)).toBe(1);
    expect(matching(results, /^job_postings_synthetic: up to date$/m)).toBe(PROCESSES - 1);
    const knex = db.knex();
    await expectNoDuplicates(knex, N + 2000);
    expect(await countRows(knex, { seed_name: 'job_postings_synthetic' })).toBe(2000);
  });

  test('a seed run killed with SIGKILL mid-transaction leaves nothing behind; the next run completes', async () => {
    const knex = db.knex();
    await seed(knex, { syntheticCount: 2000 });
    const before = await tableFingerprint(knex);
    const countBefore = await countRows(knex);
    let pid = 0;
    const env = { ...db.env, SEED_SYNTHETIC_JOB_POSTINGS: '200000' };
    const killed = run(process.execPath, [KNEX_BIN, 'seed:run'], env, {
      onSpawn: (p) => {
        pid = p;
      },
    });
    // Its backend holds the seed lock, has been in its transaction for 0.5 s and has COPYed rows into
    // job_postings that are not committed yet: the kill lands in the middle of the write.
    let backend = 0;
    await waitFor('the seed backend to be half-way through its COPY', async () => {
      const { rows } = await knex.raw(
        `SELECT a.pid, a.application_name, now() - a.xact_start >= interval '0.5 s' AS long_enough,
                coalesce((SELECT c.tuples_processed FROM pg_stat_progress_copy c
                          WHERE c.pid = a.pid AND c.relid = 'job_postings'::regclass), 0) AS copied
         FROM pg_stat_activity a
         WHERE a.pid IN (SELECT l.pid ${SEED_LOCK_ROWS} AND l.granted)`,
        [SEED_LOCK_KEY],
      );
      const r = rows[0];
      if (!r) return false;
      expect(r.application_name).toBe('job-postings-seed');
      backend = r.pid;
      return r.long_enough && Number(r.copied) > 0;
    });
    process.kill(pid, 'SIGKILL');
    const result = await killed;
    expect(result.signal).toBe('SIGKILL');
    expect(result.stdout).not.toMatch(/created/);

    // The server notices the closed connection and rolls the transaction back; the lock goes with it.
    await waitFor('the killed backend to end', async () => {
      const { rows } = await knex.raw('SELECT count(*) AS n FROM pg_stat_activity WHERE pid = ?', [backend]);
      return Number(rows[0].n) === 0;
    });
    expect(await tableFingerprint(knex)).toBe(before);
    expect(await countRows(knex)).toBe(countBefore);
    const { rows: held } = await knex.raw(`SELECT count(*) AS n ${SEED_LOCK_ROWS}`, [SEED_LOCK_KEY]);
    expect(Number(held[0].n)).toBe(0);

    const next = await knexCli(['seed:run'], env);
    expect({
      code: next.code,
      stderr: next.stderr.replace(/^job_postings_synthetic: [\d,]+\/.*\n/gm, ''),
    }).toEqual({ code: 0, stderr: '' });
    expect(next.stdout).toMatch(/^job_postings_synthetic: 198000 created, 0 updated, 2000 unchanged/m);
    await expectNoDuplicates(knex, N + 200_000);
  });
});

describePGlite('several processes on one embedded data directory [pglite]', () => {
  let db: ScratchDatabase;
  let target: DatabaseTarget;
  let lockDir: string;
  beforeAll(async () => {
    db = await createScratchDatabase('pglite', 'concurrency');
    target = db.target;
    if (target.kind !== 'pglite') throw new Error('expected a PGlite target');
    lockDir = `${target.dataDir}.lock`; // the lock file, see src/db/pglite-lock.ts
    expect((await knexCli(['migrate:latest'], db.env)).code).toBe(0);
  });
  beforeEach(async () => {
    await inspect(target, resetTables);
  });
  afterAll(async () => {
    await db?.drop();
  });

  /** Every "N created" a run reported: over all runs, their sum must equal the rows in the table. */
  function createdBy(result: CliResult): number {
    const curated = /^✓ Created (\d+) job postings/m.exec(result.stdout);
    const synthetic = /^job_postings_synthetic: (\d+) created/m.exec(result.stdout);
    return Number(curated?.[1] ?? 0) + Number(synthetic?.[1] ?? 0);
  }

  test('two seed runs at once: the second waits for the first, and no write is lost', async () => {
    // This test holds the directory until both runs say they are waiting for it: then they really compete.
    const holder = knexFactory(knexConfig(target));
    let runs: ReturnType<typeof startKnexCli>[] = [];
    try {
      await holder.raw('SELECT 1');
      expect(fs.existsSync(lockDir)).toBe(true);
      runs = [
        startKnexCli(['seed:run'], { ...db.env, SEED_SYNTHETIC_JOB_POSTINGS: '300' }),
        startKnexCli(['seed:run'], { ...db.env, SEED_SYNTHETIC_JOB_POSTINGS: '600' }),
      ];
      await waitFor('both runs to wait for the embedded database', () =>
        runs.every((r) => WAITING.test(r.output().stderr)),
      );
    } finally {
      await holder.destroy();
    }
    const results = await Promise.all(runs.map((r) => r.done));
    // PGLITE_LOCK_TIMEOUT defaults to 60 s: the second one waits rather than failing with PGLITE_LOCKED.
    expect(exits(results)).toEqual(allClean(2));
    expect(matching(results, new RegExp(`^✓ Created ${N} job postings`, 'm'))).toBe(1);
    expect(matching(results, /^job_postings: up to date$/m)).toBe(1);
    // Two processes writing one directory unlocked would each report creating the curated set.
    const total = await inspect(target, countRows);
    expect(total).toBe(N + 600);
    expect(createdBy(results[0]) + createdBy(results[1])).toBe(total);
  });

  test('a third process with PGLITE_LOCK_TIMEOUT=1 fails with PGLITE_LOCKED while another holds the directory', async () => {
    // This test's knex holds the directory (and seeds through it) until the third process has given up.
    const holder = knexFactory(knexConfig(target));
    try {
      await seed(holder, { syntheticCount: 600 });
      const third = await knexCli(['seed:run'], {
        ...db.env,
        PGLITE_LOCK_TIMEOUT: '1',
        SEED_SYNTHETIC_JOB_POSTINGS: '150010',
      });
      expect(third.code).toBe(1);
      expect(third.stderr).toMatch(WAITING);
      expect(third.stderr).toMatch(
        /^PGLITE_LOCKED: the embedded database .*pgdata is in use by another process \(waited 1 s\): pid \d+ \(.+\), holding it since \S+; let that process finish, or raise PGLITE_LOCK_TIMEOUT$/m,
      );
      expect(third.stderr).not.toMatch(/\n\s+at /);
      expect(third.stdout).not.toMatch(/created|up to date/);
      // Had the third one written, there would be 150,010 synthetic postings and its count in the guard.
      expect(await countRows(holder)).toBe(N + 600);
      const guard = await holder('seed_guard').where({ seed_name: 'job_postings_synthetic' }).first();
      expect(guard?.params).toMatchObject({ count: 600, ownedCount: 600 });
    } finally {
      await holder.destroy();
    }
    expect(fs.existsSync(lockDir)).toBe(false);
  });
});
