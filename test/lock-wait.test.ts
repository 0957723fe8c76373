import type { Knex } from 'knex';
import { CURATED_POSTINGS } from '../src/data/curated';
import { postingId } from '../src/data/posting-id';
import { SEED_LOCK_KEY } from '../src/seed/locks';
import { type Started, startKnexCli } from './support/cli';
import { createScratchDatabase, type ScratchDatabase } from './support/databases';
import { countRows, resetTables, seed, tableFingerprint } from './support/seeding';
import { describeServer } from './support/suites';
import { waitFor } from './support/wait';

const N = CURATED_POSTINGS.length;

/** A transaction of the "app", named in pg_stat_activity, that holds a lock the seed will want. */
interface Holder {
  trx: Knex.Transaction;
  pid: number;
  /** Its transaction's start as the seed's line prints it. */
  since: string;
}

async function openHolder(knex: Knex, applicationName: string): Promise<Holder> {
  const trx = await knex.transaction();
  await trx.raw(`SET LOCAL application_name = '${applicationName}'`);
  const { rows } = await trx.raw('SELECT pid, xact_start FROM pg_stat_activity WHERE pid = pg_backend_pid()');
  return { trx, pid: rows[0].pid, since: new Date(rows[0].xact_start).toISOString() };
}

/** The "waiting" lines a run printed so far. */
const waitLines = (run: Started) =>
  run
    .output()
    .stderr.split('\n')
    .filter((line) => line.startsWith('seed: waiting for '));

/** Waits until the run has printed `count` waiting lines (fails if it exits first). */
async function waitForLines(run: Started, count: number) {
  let exited = false;
  run.done.then(() => {
    exited = true;
  });
  await waitFor(
    `${count} "seed: waiting" line(s) on stderr`,
    () => {
      if (exited)
        throw new Error(`the run exited before printing ${count} waiting line(s):\n${run.output().stderr}`);
      return waitLines(run).length >= count;
    },
    100_000,
  );
  return waitLines(run);
}

const holderText = (h: Holder, app: string) =>
  `held by pid ${h.pid} (application_name "${app}", in a transaction since ${h.since})`;

describeServer('waiting for locks [postgres]', () => {
  let db: ScratchDatabase;
  beforeAll(async () => {
    db = await createScratchDatabase('postgres', 'lock_wait');
    await db.knex().migrate.latest();
  });
  beforeEach(async () => {
    await resetTables(db.knex());
  });
  afterAll(async () => {
    await db?.drop();
  });

  test('a run queued behind the seed lock names the holder at once and every 5 s, then proceeds when it is released', async () => {
    const holder = await openHolder(db.knex(), 'other-seed-run');
    let run: Started | undefined;
    try {
      await holder.trx.raw('SELECT pg_advisory_xact_lock(?::bigint)', [SEED_LOCK_KEY]);
      run = startKnexCli(['seed:run'], db.env);
      const lines = await waitForLines(run, 2);
      for (const line of lines.slice(0, 2))
        expect(line).toContain(`seed: waiting for the seed lock, ${holderText(holder, 'other-seed-run')}`);
      expect(lines[0]).toMatch(/\(\d+ s so far; gives up after 60 s, SEED_LOCK_TIMEOUT\)$/);
      // the second line comes a report interval (5 s) after the first
      const seconds = lines.map((l) => Number(/\((\d+) s so far/.exec(l)?.[1]));
      expect(seconds[1] - seconds[0]).toBeGreaterThanOrEqual(4);
    } finally {
      await holder.trx.commit();
    }
    const result = await run.done;
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`✓ Created ${N} job postings`);
    expect(await countRows(db.knex())).toBe(N);
  }, 120_000);

  test('with SEED_LOCK_TIMEOUT=3 a run queued behind the seed lock fails with SEED_LOCKED naming the holder; nothing is written', async () => {
    const knex = db.knex();
    const before = await tableFingerprint(knex);
    const holder = await openHolder(knex, 'other-seed-run');
    let result: Awaited<Started['done']>;
    try {
      await holder.trx.raw('SELECT pg_advisory_xact_lock(?::bigint)', [SEED_LOCK_KEY]);
      const run = startKnexCli(['seed:run'], { ...db.env, SEED_LOCK_TIMEOUT: '3' });
      await waitForLines(run, 1);
      result = await run.done;
    } finally {
      await holder.trx.commit();
    }
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(
        `^SEED_LOCKED: waited 3 s \\(SEED_LOCK_TIMEOUT\\) for the seed lock, ${literal(holderText(holder, 'other-seed-run'))}; nothing was written: let that session finish and run the seed again, or raise SEED_LOCK_TIMEOUT$`,
        'm',
      ),
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stdout).not.toMatch(/created|up to date/);
    expect(await tableFingerprint(knex)).toBe(before);
  }, 120_000);

  test('a run blocked on a row the app holds locked names the holder, and with SEED_LOCK_TIMEOUT=3 fails with SEED_LOCKED, nothing written', async () => {
    const knex = db.knex();
    await seed(knex);
    // The app paused a posting: SEED_FORCE resets it, so the seed must write that very row.
    const posting = CURATED_POSTINGS.find((p) => (p.status ?? 'active') === 'active');
    if (!posting) throw new Error('no active posting in the data set');
    const id = postingId(posting.key);
    await knex('job_postings').where({ id }).update({ status: 'paused' });
    const before = await tableFingerprint(knex);

    const holder = await openHolder(knex, 'app-editing-a-posting');
    let result: Awaited<Started['done']>;
    let lines: string[];
    try {
      await holder.trx('job_postings').where({ id }).forUpdate().first();
      const run = startKnexCli(['seed:run'], { ...db.env, SEED_FORCE: 'true', SEED_LOCK_TIMEOUT: '3' });
      lines = await waitForLines(run, 1);
      result = await run.done;
    } finally {
      await holder.trx.rollback();
    }
    const row = '(a row of job_postings|a row another transaction has locked)';
    const held = literal(holderText(holder, 'app-editing-a-posting'));
    expect(lines[0]).toMatch(
      new RegExp(`^seed: waiting for ${row}, ${held} \\(\\d+ s so far; gives up after 3 s`),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(
        `^SEED_LOCKED: waited 3 s \\(SEED_LOCK_TIMEOUT\\) for ${row}, ${held}; nothing was written: `,
        'm',
      ),
    );
    expect(await tableFingerprint(knex)).toBe(before);
    expect((await knex('job_postings').where({ id }).first())?.status).toBe('paused');
  }, 120_000);
});

/** `text` as a literal inside a RegExp. */
function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
