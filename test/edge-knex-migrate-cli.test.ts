import knexFactory from 'knex';
import { KNEX_BIN, start } from './support/cli';
import { createScratchDatabase, type ScratchDatabase } from './support/databases';
import { describeServer } from './support/suites';
import { waitFor } from './support/wait';

jest.setTimeout(120_000);

/**
 * `npx knex migrate:latest` behind an open read transaction, as the README's "one runner" promises for the knex
 * CLI too: it names the holder while it waits, and SIGTERM cancels its statements, so no backend is left
 * waiting with knex_migrations_lock taken (before, the killed command's backend waited on for DB_WAIT_TIMEOUT
 * and the next migrate said MIGRATE_LOCKED). A process: the CLI's wiring and a signal are the subject.
 */
describeServer('knex migrate:latest behind a reader, then SIGTERM [postgres]', () => {
  let db: ScratchDatabase;
  beforeAll(async () => {
    db = await createScratchDatabase('postgres', 'edge_knex_migrate');
    // One migration applied: the next one ALTERs seed_guard, which a reader holds up.
    await db.knex().migrate.up();
  });
  afterAll(async () => {
    await db.drop();
  });

  test('a waiting line naming the holder at once; SIGTERM rolls it back; no backend left behind', async () => {
    const holder = knexFactory({
      client: 'pg',
      connection: { connectionString: db.env.DATABASE_URL, application_name: 'reader' },
    });
    const trx = await holder.transaction();
    try {
      await trx.raw('SELECT count(*) FROM seed_guard');
      const started = start(process.execPath, [KNEX_BIN, 'migrate:latest'], db.env);
      await waitFor(
        'the waiting line',
        () =>
          /migrate: waiting for table seed_guard, held by pid \d+ \(application_name "reader"/.test(
            started.output().stderr,
          ),
        60_000,
      );
      process.kill(started.pid, 'SIGTERM');
      const result = await started.done;
      expect(result.code).toBe(143);
      expect(result.stderr).toMatch(
        /\nmigrate: SIGTERM: cancelling its statements, so its transaction is rolled back\nmigrate: stopped by SIGTERM; what it had begun was rolled back\n$/,
      );
      // Its backend is gone at once (not waiting for seed_guard), and knex's lock is free.
      const waiting = await db
        .knex()
        .raw(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
        );
      expect(waiting.rows[0].n).toBe(0);
      expect((await db.knex()('knex_migrations_lock').first())?.is_locked).toBe(0);
    } finally {
      await trx.rollback();
      await holder.destroy();
    }
    expect((await db.knex()('knex_migrations').count({ n: '*' }))[0].n).toBe('1');
  });
});
