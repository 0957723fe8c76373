import fs from 'node:fs';
import knexFactory, { type Knex } from 'knex';
import { readAllConfig, type SeedOptions } from '../src/config';
import { CURATED_POSTINGS } from '../src/data/curated';
import { postingId } from '../src/data/posting-id';
import type { DatabaseTarget } from '../src/db/database-target';
import { knexConfig } from '../src/db/knex-config';
import { SEED_LOCK_KEY } from '../src/seed/locks';
import { formatOutcome } from '../src/seed/summary';
import { type CliResult, KNEX_BIN, run, seedErrorOf, startKnexCli } from './support/cli';
import { createScratchDatabase, inspect, type ScratchDatabase } from './support/databases';
import {
  countRows,
  resetTables,
  rowStates,
  type SeedFileOutput,
  seed,
  seedFile,
  tableFingerprint,
} from './support/seeding';
import { describePGlite, describeServer } from './support/suites';
import { waitFor } from './support/wait';

const N = CURATED_POSTINGS.length;
/** Seed runs at once on the server: each from a knex instance (a connection pool) of its own, as a process has. */
const RUNS = 8;

/** The lines a run prints while it waits for the embedded database's directory (PGlite). */
const WAITING = /^waiting for the embedded database .*pgdata: another process has it open/m;

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
const matching = (outputs: string[], pattern: RegExp) => outputs.filter((o) => pattern.test(o)).length;

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
 * Starts `RUNS` seed runs, each on its own knex instance, while this test holds the seed's advisory lock; waits
 * until every one of them is inside its transaction queued on that lock, then lets go: they really run at once,
 * on every machine. Returns what each printed (its summary, or "failed: <error>").
 */
async function seedAllAtOnce(db: ScratchDatabase, overrides: Partial<SeedOptions> = {}): Promise<string[]> {
  const knex = db.knex();
  const sessions = Array.from({ length: RUNS }, () => knexFactory(knexConfig(db.target)));
  const gate = await knex.transaction();
  let runs: Promise<string>[] = [];
  let failure: unknown;
  try {
    await gate.raw('SELECT pg_advisory_xact_lock(?::bigint)', [SEED_LOCK_KEY]);
    runs = sessions.map((session) =>
      seed(session, overrides).then(
        (outcome) => formatOutcome(outcome).join('\n'),
        (error: unknown) => `failed: ${error}`,
      ),
    );
    await waitFor(
      `${RUNS} seed runs queued on the advisory lock`,
      async () => (await waitingForSeedLock(knex)) === RUNS,
    );
  } catch (error) {
    failure = error;
  } finally {
    await gate.commit();
  }
  const outputs = await Promise.all(runs);
  await Promise.all(sessions.map((session) => session.destroy()));
  if (failure) throw failure;
  return outputs;
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
    db = await createScratchDatabase('postgres', 'concurrency', { migrated: true });
  });
  beforeEach(async () => {
    await resetTables(db.knex());
  });
  afterAll(async () => {
    await db?.drop();
  });

  /** Runs that failed (a deadlock, 40P01; a unique violation): none may. */
  const failures = (outputs: string[]) => outputs.filter((o) => o.startsWith('failed: '));

  test(`${RUNS} at once on an empty table: one creates, the rest are up to date, no duplicates`, async () => {
    const outputs = await seedAllAtOnce(db);
    expect(failures(outputs)).toEqual([]);
    expect(matching(outputs, new RegExp(`^✓ Created ${N} job postings across`, 'm'))).toBe(1);
    expect(matching(outputs, /^job_postings: up to date$/m)).toBe(RUNS - 1);
    const knex = db.knex();
    await expectNoDuplicates(knex, N);
    expect((await knex('job_postings').pluck('id')).sort()).toEqual(
      CURATED_POSTINGS.map((p) => postingId(p.key)).sort(),
    );
    expect(await knex('seed_guard').select('seed_name', 'row_count')).toEqual([
      { seed_name: 'job_postings', row_count: N },
    ]);
  });

  test(`${RUNS} at once with SEED_FORCE=true rewrite nothing and leave the count as it was`, async () => {
    const knex = db.knex();
    await seed(knex);
    const before = await rowStates(knex);
    const outputs = await seedAllAtOnce(db, { force: true });
    expect(failures(outputs)).toEqual([]);
    expect(matching(outputs, new RegExp(`^job_postings: 0 created, 0 updated, ${N} unchanged`, 'm'))).toBe(
      RUNS,
    );
    await expectNoDuplicates(knex, N);
    expect(await rowStates(knex)).toEqual(before); // created_at and updated_at untouched
  });

  // Synthetic sets sized to what the property needs (one run writes them, the rest find them up to date).
  test(`${RUNS} at once with SEED_SYNTHETIC_JOB_POSTINGS=200: 200 created once`, async () => {
    await seed(db.knex());
    const outputs = await seedAllAtOnce(db, { syntheticCount: 200 });
    expect(failures(outputs)).toEqual([]);
    expect(matching(outputs, /^job_postings_synthetic: 200 created, 0 updated, 0 unchanged/m)).toBe(1);
    expect(matching(outputs, /^job_postings_synthetic: up to date \(200 postings present, /m)).toBe(RUNS - 1);
    const knex = db.knex();
    await expectNoDuplicates(knex, N + 200);
    expect(await countRows(knex, { seed_name: 'job_postings_synthetic' })).toBe(200);
  });

  // Only a process shows this one: what the server does when a seed's process dies in its transaction.
  test('a seed run killed with SIGKILL mid-transaction leaves nothing behind; the next run completes', async () => {
    const knex = db.knex();
    await seed(knex, { syntheticCount: 20 });
    // A no-op after the load: the curated set counts its rows once (the synthetic seed wrote after its mark) and
    // keeps the count's mark, so the run below writes seed_guard only after its 30 rows.
    await seed(knex, { syntheticCount: 20 });
    const before = await tableFingerprint(knex);
    const countBefore = await countRows(knex);
    const sizeBefore = await heapBytes(knex);
    const env = { ...db.env, SEED_SYNTHETIC_JOB_POSTINGS: '50' };
    // The app holds seed_guard in SHARE mode: the seed reads its guard row, writes its 30 new rows, then
    // queues to record the guard, still in its transaction. The kill lands there, after the write.
    const app = await knex.transaction();
    let pid = 0;
    let killed: Promise<CliResult> | undefined;
    let backend = 0;
    try {
      await app.raw('LOCK TABLE seed_guard IN SHARE MODE');
      killed = run(process.execPath, [KNEX_BIN, 'seed:run'], env, {
        onSpawn: (p) => {
          pid = p;
        },
      });
      await waitFor('the seed backend to have written its rows and to wait for seed_guard', async () => {
        const { rows } = await knex.raw(
          `SELECT a.pid, a.application_name
           FROM pg_stat_activity a
           WHERE a.pid IN (SELECT l.pid ${SEED_LOCK_ROWS} AND l.granted)
             AND EXISTS (SELECT FROM pg_locks w WHERE w.pid = a.pid AND NOT w.granted
                         AND w.relation = 'seed_guard'::regclass)`,
          [SEED_LOCK_KEY],
        );
        const r = rows[0];
        if (!r) return false;
        expect(r.application_name).toBe('job-postings-seed');
        backend = r.pid;
        return true;
      });
      // The 30 rows are in job_postings' heap, not committed.
      expect(await heapBytes(knex)).toBeGreaterThan(sizeBefore);
      process.kill(pid, 'SIGKILL');
    } finally {
      await app.commit();
    }
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

    const outcome = await seed(knex, { syntheticCount: 50 });
    expect(formatOutcome(outcome).join('\n')).toMatch(
      /^job_postings_synthetic: 30 created, 0 updated, 20 unchanged/m,
    );
    await expectNoDuplicates(knex, N + 50);
  });
});

/** The size of job_postings' heap: it grows with rows written, committed or not. */
async function heapBytes(knex: Knex): Promise<number> {
  const { rows } = await knex.raw(`SELECT pg_relation_size('job_postings') AS n`);
  return Number(rows[0].n);
}

describePGlite('several processes on one embedded data directory [pglite]', () => {
  let db: ScratchDatabase;
  let target: DatabaseTarget;
  let lockDir: string;
  beforeAll(async () => {
    // A migrated copy; its knex lets go of the directory, which each test's holder and processes take.
    db = await createScratchDatabase('pglite', 'concurrency', { migrated: true });
    await db.release();
    target = db.target;
    if (target.kind !== 'pglite') throw new Error('expected a PGlite target');
    lockDir = `${target.dataDir}.lock`; // the lock file, see src/db/pglite-lock.ts
  });
  // Each test empties the tables through the knex that holds the directory for it (one PGlite open fewer each).
  afterAll(async () => {
    await db?.drop();
  });

  /** Every "N created" a run reported: over all runs, their sum must equal the rows in the table. */
  function createdBy(result: CliResult): number {
    const curated = /^✓ Created (\d+) job postings/m.exec(result.stdout);
    const synthetic = /^job_postings_synthetic: (\d+) created/m.exec(result.stdout);
    return Number(curated?.[1] ?? 0) + Number(synthetic?.[1] ?? 0);
  }

  // Only processes show these: the directory lock is between processes (PGlite is one connection per process).
  test('two seed runs at once: the second waits for the first, and no write is lost', async () => {
    // This test holds the directory until both runs say they are waiting for it: then they really compete.
    const holder = knexFactory(knexConfig(target));
    let runs: ReturnType<typeof startKnexCli>[] = [];
    try {
      await resetTables(holder);
      expect(fs.existsSync(lockDir)).toBe(true);
      runs = [
        startKnexCli(['seed:run'], { ...db.env, SEED_SYNTHETIC_JOB_POSTINGS: '30' }),
        startKnexCli(['seed:run'], { ...db.env, SEED_SYNTHETIC_JOB_POSTINGS: '60' }),
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
    const outputs = results.map((r) => r.stdout);
    expect(matching(outputs, new RegExp(`^✓ Created ${N} job postings`, 'm'))).toBe(1);
    expect(matching(outputs, /^job_postings: up to date$/m)).toBe(1);
    // Two processes writing one directory unlocked would each report creating the curated set.
    const total = await inspect(target, countRows);
    expect(total).toBe(N + 60);
    expect(createdBy(results[0]) + createdBy(results[1])).toBe(total);
  });

  // In-process: the directory lock between processes is the test above (and test/pglite-lock.test.ts); the lock
  // file's owner is this process here, which a second knex waits for as for another one (test/pglite-dir.test.ts).
  // What this adds: PGLITE_LOCK_TIMEOUT read as the knexfile reads it, the waiting line and the one error line,
  // and nothing written.
  test('a third run with PGLITE_LOCK_TIMEOUT=1 fails with PGLITE_LOCKED while another holds the directory', async () => {
    // This test's knex holds the directory (and seeds through it) until the third run has given up.
    const holder = knexFactory(knexConfig(target));
    const warned: string[] = [];
    const warn = jest.spyOn(console, 'warn').mockImplementation((line: unknown) => {
      warned.push(String(line));
    });
    try {
      await resetTables(holder);
      await seed(holder, { syntheticCount: 60 });
      const third = knexFactory(knexConfig(readAllConfig({ ...db.env, PGLITE_LOCK_TIMEOUT: '1' })));
      const printed: SeedFileOutput = { out: [], err: '' };
      const error = await seedErrorOf(
        seedFile(third, { SEED_SYNTHETIC_JOB_POSTINGS: '90' }, CURATED_POSTINGS, printed),
      ).finally(() => third.destroy());
      expect(warned.join('\n')).toMatch(WAITING);
      expect(error.format()).toMatch(
        /^PGLITE_LOCKED: the embedded database .*pgdata is in use by another process \(waited 1 s\): pid \d+ \(.+\), holding it since \S+; let that process finish, or raise PGLITE_LOCK_TIMEOUT$/,
      );
      expect(printed.out.join('\n')).not.toMatch(/created|up to date/);
      // Had the third one written, there would be 90 synthetic postings and its count in the guard.
      expect(await countRows(holder)).toBe(N + 60);
      const guard = await holder('seed_guard').where({ seed_name: 'job_postings_synthetic' }).first();
      expect(guard?.params).toMatchObject({ count: 60, ownedCount: 60 });
    } finally {
      warn.mockRestore();
      await holder.destroy();
    }
    expect(fs.existsSync(lockDir)).toBe(false);
  });
});
