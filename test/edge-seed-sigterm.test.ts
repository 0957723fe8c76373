import knexFactory from 'knex';
import { SEED_LOCK_KEY } from '../src/seed/locks';
import { KNEX_BIN, start } from './support/cli';
import { createScratchDatabase, type ScratchDatabase } from './support/databases';
import { countRows } from './support/seeding';
import { describeServer } from './support/suites';
import { waitFor } from './support/wait';

jest.setTimeout(120_000);

/**
 * README, "One runner": SIGINT/SIGTERM cancel the command's statements, `knex seed:run` too. Before, a killed
 * seed:run left its backend waiting for the seed lock up to SEED_LOCK_TIMEOUT after the process was gone.
 * A process: a signal and the knex CLI's wiring are the subject.
 */
describeServer('SIGTERM while knex seed:run waits for the seed lock [postgres]', () => {
  let db: ScratchDatabase;
  beforeAll(async () => {
    db = await createScratchDatabase('postgres', 'edge_seed_sigterm', { migrated: true });
  });
  afterAll(async () => {
    await db.drop();
  });

  test('exit 143, the stop said, its backend gone at once, nothing written', async () => {
    const holder = knexFactory({
      client: 'pg',
      connection: { connectionString: db.env.DATABASE_URL, application_name: 'other seed' },
    });
    const trx = await holder.transaction();
    try {
      await trx.raw('SELECT pg_advisory_xact_lock(?::bigint)', [SEED_LOCK_KEY]);
      const started = start(process.execPath, [KNEX_BIN, 'seed:run'], db.env);
      await waitFor(
        'the waiting line',
        () => /seed: waiting for the seed lock, held by/.test(started.output().stderr),
        60_000,
      );
      process.kill(started.pid, 'SIGTERM');
      const result = await started.done;
      expect(result.code).toBe(143);
      expect(result.stderr).toMatch(
        /\nseed:run: SIGTERM: cancelling its statements, so its transaction is rolled back\nseed:run: stopped by SIGTERM; what it had begun was rolled back\n$/,
      );
      const waiting = await db
        .knex()
        .raw(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
        );
      expect(waiting.rows[0].n).toBe(0);
    } finally {
      await trx.rollback();
      await holder.destroy();
    }
    expect(await countRows(db.knex())).toBe(0);
  });
});
