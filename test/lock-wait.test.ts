import type { Knex } from 'knex';
import type { SeedOptions } from '../src/config';
import { CURATED_POSTINGS } from '../src/data/curated';
import { postingId } from '../src/data/posting-id';
import { isSeedError, type SeedError } from '../src/errors';
import { SEED_LOCK_KEY } from '../src/seed/locks';
import { formatOutcome } from '../src/seed/summary';
import { createScratchDatabase, type ScratchDatabase } from './support/databases';
import {
  countRows,
  resetTables,
  type SeedFileOutput,
  seed,
  seedFile,
  tableFingerprint,
} from './support/seeding';
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

/**
 * The run's lock watcher on a short clock: it looks every 50 ms and repeats a line every 300 ms (the default is
 * a first look after 1 s and a line every 5 s), so a test sees two reports without waiting 5 s.
 */
const FAST_WATCH = { firstLookMs: 50, pollMs: 50, reportEveryMs: 300 };

/** A seed run in-process with the fast watcher; its "waiting" lines, each with the time it came. */
function seedWatched(knex: Knex, overrides: Partial<SeedOptions> = {}) {
  const lines: { line: string; at: number }[] = [];
  const outcome = seed(knex, overrides, CURATED_POSTINGS, {
    onWait: (line) => lines.push({ line, at: Date.now() }),
    waitTiming: FAST_WATCH,
  });
  outcome.catch(() => {}); // awaited by the test; a rejection before that is not unhandled
  return { outcome, lines };
}

/** The error a run rejects with (fails if it resolves). */
async function rejection(run: Promise<unknown>): Promise<SeedError> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isSeedError(error)) throw new Error(`expected the run to fail with a SeedError, got ${String(error)}`);
  return error;
}

const holderText = (h: Holder, app: string) =>
  `held by pid ${h.pid} (application_name "${app}", in a transaction since ${h.since})`;

describeServer('waiting for locks [postgres]', () => {
  let db: ScratchDatabase;
  beforeAll(async () => {
    db = await createScratchDatabase('postgres', 'lock_wait', { migrated: true });
  });
  beforeEach(async () => {
    await resetTables(db.knex());
  });
  afterAll(async () => {
    await db?.drop();
  });

  test('a run queued behind the seed lock names the holder at once and every report interval, then proceeds when it is released', async () => {
    const holder = await openHolder(db.knex(), 'other-seed-run');
    let run: ReturnType<typeof seedWatched> | undefined;
    try {
      await holder.trx.raw('SELECT pg_advisory_xact_lock(?::bigint)', [SEED_LOCK_KEY]);
      run = seedWatched(db.knex());
      const { lines, outcome } = run;
      let settled = false;
      outcome.finally(() => {
        settled = true;
      });
      await waitFor('two "seed: waiting" lines', () => {
        if (settled) throw new Error(`the run ended before printing two waiting lines: ${lines.length}`);
        return lines.length >= 2;
      });
      for (const { line } of lines.slice(0, 2))
        expect(line).toContain(`seed: waiting for the seed lock, ${holderText(holder, 'other-seed-run')}`);
      expect(lines[0].line).toMatch(/\(\d+ s so far; gives up after 60 s, SEED_LOCK_TIMEOUT\)$/);
      // the second line comes a report interval after the first, not at every look
      expect(lines[1].at - lines[0].at).toBeGreaterThanOrEqual(FAST_WATCH.reportEveryMs - 20);
    } finally {
      await holder.trx.commit();
    }
    const outcome = await run.outcome;
    expect(formatOutcome(outcome).join('\n')).toContain(`✓ Created ${N} job postings`);
    expect(await countRows(db.knex())).toBe(N);
  });

  test('through the seed file, with SEED_LOCK_TIMEOUT=2 a run queued behind the seed lock prints a waiting line, then fails with SEED_LOCKED naming the holder; nothing is written', async () => {
    const knex = db.knex();
    const before = await tableFingerprint(knex);
    const holder = await openHolder(knex, 'other-seed-run');
    // The seed file's own wiring (runSeedFile: SEED_LOCK_TIMEOUT read, waiting lines to stderr, the error it
    // gives knex's CLI) at the default watcher timing: a first look after 1 s, before the 2 s run out.
    const printed: SeedFileOutput = { out: [], err: '' };
    let error: SeedError;
    try {
      await holder.trx.raw('SELECT pg_advisory_xact_lock(?::bigint)', [SEED_LOCK_KEY]);
      error = await rejection(seedFile(knex, { SEED_LOCK_TIMEOUT: '2' }, CURATED_POSTINGS, printed));
    } finally {
      await holder.trx.commit();
    }
    expect(printed.err).toMatch(
      new RegExp(
        `^seed: waiting for the seed lock, ${literal(holderText(holder, 'other-seed-run'))} \\(\\d+ s so far; gives up after 2 s, SEED_LOCK_TIMEOUT\\)$`,
        'm',
      ),
    );
    expect(printed.out).toEqual([]);
    expect(error.format()).toBe(
      `SEED_LOCKED: waited 2 s (SEED_LOCK_TIMEOUT) for the seed lock, ${holderText(holder, 'other-seed-run')}; nothing was written: let that session finish and run the seed again, or raise SEED_LOCK_TIMEOUT`,
    );
    expect(await tableFingerprint(knex)).toBe(before);
  });

  test('a run blocked on a row the app holds locked names the holder, and with SEED_LOCK_TIMEOUT=1 fails with SEED_LOCKED, nothing written', async () => {
    const knex = db.knex();
    await seed(knex);
    // The app paused a posting: SEED_FORCE resets it, so the seed must write that very row.
    const posting = CURATED_POSTINGS.find((p) => (p.status ?? 'active') === 'active');
    if (!posting) throw new Error('no active posting in the data set');
    const id = postingId(posting.key);
    await knex('job_postings').where({ id }).update({ status: 'paused' });
    const before = await tableFingerprint(knex);

    const holder = await openHolder(knex, 'app-editing-a-posting');
    let error: SeedError;
    let lines: { line: string }[];
    try {
      await holder.trx('job_postings').where({ id }).forUpdate().first();
      const run = seedWatched(knex, { force: true, lockTimeoutSeconds: 1 });
      error = await rejection(run.outcome);
      lines = run.lines;
    } finally {
      await holder.trx.rollback();
    }
    const row = '(a row of job_postings|a row another transaction has locked)';
    const held = literal(holderText(holder, 'app-editing-a-posting'));
    expect(lines[0]?.line).toMatch(
      new RegExp(`^seed: waiting for ${row}, ${held} \\(\\d+ s so far; gives up after 1 s`),
    );
    expect(error.format()).toMatch(
      new RegExp(
        `^SEED_LOCKED: waited 1 s \\(SEED_LOCK_TIMEOUT\\) for ${row}, ${held}; nothing was written: `,
      ),
    );
    expect(await tableFingerprint(knex)).toBe(before);
    expect((await knex('job_postings').where({ id }).first())?.status).toBe('paused');
  });
});

/** `text` as a literal inside a RegExp. */
function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
