import { randomBytes } from 'node:crypto';
import knexFactory from 'knex';
import { main as seedReport } from '../scripts/seed-report';
import type { CommandIo } from '../src/command';
import { createScratchDatabase, type ScratchDatabase } from './support/databases';
import { describeServer } from './support/suites';

jest.setTimeout(60_000);

/**
 * Issue 14 case 18's neighbour: a command (not the seed) behind a table lock, as a role with CONNECTION LIMIT 1.
 * Its watcher cannot connect: it says so in its fallback line, and knex's "Acquire connection error" with a
 * stack for every attempt of the watcher's pool is not printed.
 */
describeServer('a command watcher without a spare connection [postgres]', () => {
  const role = `jps_edge_one_${randomBytes(4).toString('hex')}`;
  let db: ScratchDatabase;

  beforeAll(async () => {
    db = await createScratchDatabase('postgres', 'edge_watch', { migrated: true });
    await db.knex().raw('CREATE ROLE ?? LOGIN CONNECTION LIMIT 1', [role]);
    await db.knex().raw('GRANT SELECT ON job_postings TO ??', [role]);
  });

  afterAll(async () => {
    await db.knex().raw('DROP OWNED BY ??', [role]);
    await db.knex().raw('DROP ROLE ??', [role]);
    await db.drop();
  });

  test('seed:report behind LOCK TABLE: the fallback line, SEED_LOCKED, no knex warnings', async () => {
    const holder = knexFactory({ client: 'pg', connection: db.env.DATABASE_URL });
    const trx = await holder.transaction();
    await trx.raw('LOCK TABLE job_postings IN ACCESS EXCLUSIVE MODE');
    const warnings: string[] = [];
    // knex's default logger writes its warnings with console.log.
    const spies = (['log', 'warn'] as const).map((method) =>
      jest.spyOn(console, method).mockImplementation((...line: unknown[]) => {
        warnings.push(line.map(String).join(' '));
      }),
    );
    const stderr: string[] = [];
    const io: CommandIo = { out: () => undefined, err: (l) => stderr.push(l) };
    const url = new URL(db.env.DATABASE_URL);
    url.username = role;
    try {
      const code = await seedReport({
        io,
        env: { DOTENV_PATH: '/dev/null', DATABASE_URL: url.toString(), SEED_LOCK_TIMEOUT: '1' },
        firstLookMs: 50,
        reportEveryMs: 200,
      });
      expect(code).toBe(1);
      expect(stderr.slice(1, -1).length).toBeGreaterThan(0);
      for (const line of stderr.slice(1, -1)) {
        expect(line).toMatch(
          /^seed:report: still running after \d+ s \(cannot look for a lock holder: no spare connection; a lock wait gives up after 1 s, SEED_LOCK_TIMEOUT\)$/,
        );
      }
      expect(stderr.at(-1)).toMatch(/^SEED_LOCKED: seed:report waited 1 s \(SEED_LOCK_TIMEOUT\) for a lock/);
      expect(warnings).toEqual([]);
    } finally {
      for (const spy of spies) spy.mockRestore();
      await trx.rollback();
      await holder.destroy();
    }
  });
});
