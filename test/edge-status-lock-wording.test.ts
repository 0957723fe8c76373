import { lockWaitTimeoutError } from '../src/command-watch';

/**
 * db:status prints its migrations before it waits for job_postings behind a lock: its SEED_LOCKED line must not
 * say "nothing was read" (it had read and printed them); a migrate's says nothing was applied.
 */
describe('the line of a lock wait that reached its bound', () => {
  const holder = {
    pid: 4242,
    applicationName: 'psql',
    since: new Date('2026-11-30T10:00:00Z'),
    connected: null,
    lock: 'table job_postings',
  };

  test('a command that reads: it read no further', () => {
    expect(
      lockWaitTimeoutError(
        { name: 'db:status', lockTimeout: 'SEED_LOCK_TIMEOUT' },
        3,
        new Error('x'),
        holder,
      ).format(),
    ).toMatch(
      /^SEED_LOCKED: db:status waited 3 s \(SEED_LOCK_TIMEOUT\) for table job_postings, held by pid 4242 .*; it read no further: let that session finish and run it again, or raise SEED_LOCK_TIMEOUT$/,
    );
  });

  test('a command that migrates: nothing was applied', () => {
    expect(
      lockWaitTimeoutError({ name: 'migrate', lockTimeout: 'DB_WAIT_TIMEOUT' }, 3, new Error('x')).format(),
    ).toBe(
      'MIGRATE_LOCKED: migrate waited 3 s (DB_WAIT_TIMEOUT) for a lock another session holds; nothing was applied ' +
        '(its transaction was rolled back): let that session finish and run it again, or raise DB_WAIT_TIMEOUT',
    );
  });
});
