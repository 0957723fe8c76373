import knexFactory from 'knex';
import { readDatabaseTarget } from '../src/config';
import { CURATED_POSTINGS } from '../src/data/curated';
import { knexConfig } from '../src/db/knex-config';
import { expectCleanFailure, knexCli } from './support/cli';
import { createScratchDatabase, type ScratchDatabase, targetKinds } from './support/databases';
import { countRows } from './support/seeding';

const PASSWORD = 'tls-hunter2-s3cret';
const describeServer = targetKinds().includes('postgres') ? describe : describe.skip;

describeServer('TLS to the server [postgres]', () => {
  let db: ScratchDatabase;
  /** The server's `ssl` setting: the expectations below follow it. */
  let serverSsl: boolean;
  let where: string;
  /** DATABASE_URL with a password (never printed) and the given query string. */
  let url: (query?: string) => string;

  beforeAll(async () => {
    db = await createScratchDatabase('postgres', 'tls');
    expect((await knexCli(['migrate:latest'], db.env)).code).toBe(0);
    const { rows } = await db.knex().raw('SHOW ssl');
    serverSsl = rows[0].ssl === 'on';
    const base = new URL(db.env.DATABASE_URL);
    base.password = PASSWORD;
    where = `${base.hostname}:${base.port || 5432}`;
    url = (query = '') => `${base}${query}`;
  });
  afterAll(async () => {
    await db?.drop();
  });

  /** Whether a connection made from these settings, as the seed makes it, is encrypted (pg_stat_ssl). */
  async function encrypted(env: Record<string, string>): Promise<boolean> {
    const knex = knexFactory(knexConfig(readDatabaseTarget(env)));
    try {
      const { rows } = await knex.raw('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()');
      return rows[0].ssl;
    } finally {
      await knex.destroy();
    }
  }

  const escaped = () => where.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const tlsOff = () =>
    new RegExp(
      `^DB_TLS_UNAVAILABLE: the server at ${escaped()} does not accept TLS: remove sslmode from DATABASE_URL and unset DATABASE_SSL, or enable ssl on the server$`,
      'm',
    );
  const untrustedCertificate = () =>
    new RegExp(
      `^DB_TLS_UNAVAILABLE: the server at ${escaped()} presented a TLS certificate this machine does not trust \\([A-Z_]+\\): .*DATABASE_SSL=no-verify`,
      'm',
    );

  test('?sslmode=disable connects without TLS and seeds', async () => {
    const env = { DATABASE_URL: url('?sslmode=disable') };
    const result = await knexCli(['seed:run'], env);
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    expect(result.stdout).toContain(`✓ Created ${CURATED_POSTINGS.length} job postings`);
    expect(await encrypted(env)).toBe(false);
    expect(await countRows(db.knex())).toBe(CURATED_POSTINGS.length);
  });

  // Verified TLS: with ssl off the server refuses it; with ssl on, a self-signed or unknown-CA certificate
  // must come out as one line naming the fix, and a certificate this machine trusts simply works.
  test.each([
    ['DATABASE_SSL=true', { DATABASE_SSL: 'true' }, ''],
    ['?sslmode=require (verify-full in pg 8)', {}, '?sslmode=require'],
  ])('%s', async (_name, extra: Record<string, string>, query) => {
    const env = { DATABASE_URL: url(query), ...extra };
    const result = await knexCli(['seed:run'], env);
    if (!serverSsl) {
      expectCleanFailure(result, tlsOff(), PASSWORD);
    } else if (result.code !== 0) {
      expectCleanFailure(result, untrustedCertificate(), PASSWORD);
    } else {
      expect(await encrypted(env)).toBe(true);
    }
  });

  test.each([
    ['DATABASE_SSL=no-verify', { DATABASE_SSL: 'no-verify' }, ''],
    ['?sslmode=no-verify', {}, '?sslmode=no-verify'],
  ])(
    '%s: encrypted without verifying the certificate',
    async (_name, extra: Record<string, string>, query) => {
      const env = { DATABASE_URL: url(query), ...extra };
      const result = await knexCli(['seed:run'], env);
      if (!serverSsl) {
        expectCleanFailure(result, tlsOff(), PASSWORD);
        return;
      }
      expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
      expect(result.stdout).toMatch(/^job_postings: up to date$/m);
      expect(await encrypted(env)).toBe(true);
    },
  );
});
