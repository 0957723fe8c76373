/**
 * TLS against a real TLS server: a throwaway cluster this file starts with `ssl = on` and a self-signed
 * certificate it makes (test/support/tls-cluster.ts), and stops. Its pg_hba.conf accepts TCP only over TLS.
 */
import { randomBytes } from 'node:crypto';
import knexFactory from 'knex';
import { readDatabaseTarget } from '../src/config';
import { CURATED_POSTINGS } from '../src/data/curated';
import type { DatabaseTarget } from '../src/db/database-target';
import { knexConfig } from '../src/db/knex-config';
import { isSeedError } from '../src/errors';
import { knexCli } from './support/cli';
import { SERVER_REQUIRED, targetKinds } from './support/databases';
import { type SeedFileOutput, seedFile } from './support/seeding';
import { serverBinDir, startTlsCluster, type TlsCluster } from './support/tls-cluster';

const PASSWORD = 'tls-hunter2-s3cret';
const WHERE = /127\.0\.0\.1:\d+/.source;
const UNTRUSTED = new RegExp(
  `^DB_TLS_UNAVAILABLE: the server at ${WHERE} presented a TLS certificate this machine does not trust ` +
    '\\(DEPTH_ZERO_SELF_SIGNED_CERT\\): give Node its CA \\(NODE_EXTRA_CA_CERTS=/path/to/ca\\.pem\\), or accept it ' +
    'unverified with DATABASE_SSL=no-verify \\(sslmode=no-verify in DATABASE_URL\\)$',
  'm',
);
const NO_TLS = new RegExp(
  `^DB_TLS_UNAVAILABLE: the server at ${WHERE} does not accept TLS: unset DATABASE_SSL, or enable ssl on the server$`,
  'm',
);

// The server binaries come with the PostgreSQL server the suites need; CI has them, so there this never skips.
const canRun = targetKinds().includes('postgres') && (SERVER_REQUIRED || serverBinDir() !== undefined);
const describeTls = canRun ? describe : describe.skip;

/** Whether a connection made from `env`, exactly as the seed makes it, is encrypted (pg_stat_ssl). */
async function connectionEncrypted(target: DatabaseTarget): Promise<boolean> {
  const knex = knexFactory(knexConfig(target));
  try {
    const { rows } = await knex.raw('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()');
    return rows[0].ssl;
  } finally {
    await knex.destroy();
  }
}

describeTls('TLS to a server with a self-signed certificate [postgres]', () => {
  let cluster: TlsCluster;

  beforeAll(async () => {
    cluster = await startTlsCluster(PASSWORD);
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  /** A fresh migrated database of this test's own on the TLS server. */
  async function freshDatabase(): Promise<string> {
    const name = `jps_tls_${randomBytes(4).toString('hex')}`;
    await cluster.createMigratedDatabase(name);
    return name;
  }

  async function countPostings(database: string): Promise<number> {
    const [{ count }] = await cluster.admin(database)('job_postings').count({ count: '*' });
    return Number(count);
  }

  /** What `knex seed:run` printed (a process) or what its seed file printed in-process, and its exit code. */
  type Printed = { code: number | null; stdout: string; stderr: string };

  /**
   * The seed file as `knex seed:run` runs it, in-process on a connection made from `env` as the knexfile makes
   * it; a failure is the line the CLI prints, exit code 1. (The CLI's own wiring: the process tests.)
   */
  async function seedInProcess(env: Record<string, string>): Promise<Printed> {
    const knex = knexFactory(knexConfig(readDatabaseTarget(env)));
    const printed: SeedFileOutput = { out: [], err: '' };
    try {
      await seedFile(knex, {}, CURATED_POSTINGS, printed);
      return { code: 0, stdout: printed.out.map((l) => `${l}\n`).join(''), stderr: printed.err };
    } catch (error) {
      if (!isSeedError(error)) throw error;
      return { code: 1, stdout: printed.out.join('\n'), stderr: `${printed.err}${error.format()}\n` };
    } finally {
      await knex.destroy();
    }
  }

  /** Runs `seeder` against a fresh database; asserts it created the curated set over TLS. */
  async function expectSeededOverTls(
    env: (database: string) => Record<string, string>,
    seeder: (env: Record<string, string>) => Promise<Printed> = (e) => knexCli(['seed:run'], e),
  ): Promise<void> {
    const database = await freshDatabase();
    const result = await seeder(env(database));
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    expect(result.stdout).toContain(`✓ Created ${CURATED_POSTINGS.length} job postings`);
    expect(result.stdout + result.stderr).not.toContain(PASSWORD);
    expect(await countPostings(database)).toBe(CURATED_POSTINGS.length);
    // The server's word on the seed's own connections (log_connections): every one of them was TLS.
    const connections = cluster.connectionsLogged(database, 'job-postings-seed');
    expect(connections.length).toBeGreaterThan(0);
    for (const line of connections) expect(line).toMatch(/ SSL enabled \(protocol=TLS/);
  }

  describe('certificate verification', () => {
    // In-process, through the seed file, as the knex CLI prints it: the refusal is the configuration's and the
    // error describer's, the same in a process (the knexfile's one-line errors as a process: test/target.test.ts;
    // the CLI over TLS: NODE_EXTRA_CA_CERTS's test below, what only a process reads).
    test.each([
      ['DATABASE_SSL=true', (db: string) => ({ DATABASE_URL: cluster.url(db), DATABASE_SSL: 'true' })],
      [
        '?sslmode=require (verify-full in pg 8)',
        (db: string) => ({ DATABASE_URL: cluster.url(db, '?sslmode=require') }),
      ],
    ])('%s refuses the untrusted certificate: DB_TLS_UNAVAILABLE, nothing written', async (_name, env) => {
      const database = await freshDatabase();
      const result = await seedInProcess(env(database));
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(UNTRUSTED);
      expect(result.stdout + result.stderr).not.toContain(PASSWORD);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(await countPostings(database)).toBe(0);
    });

    test('the refusal is the certificate check: the same target with verification off connects', async () => {
      const database = await freshDatabase();
      const verified = readDatabaseTarget({ DATABASE_URL: cluster.url(database), DATABASE_SSL: 'true' });
      expect(verified.kind === 'postgres' && verified.ssl).toEqual({ rejectUnauthorized: true });
      const refusal = await connectionEncrypted(verified).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect((refusal as { code?: string } | undefined)?.code).toBe('DB_TLS_UNAVAILABLE');
      // The driver's own error under it: Node's verdict on the certificate, nothing else.
      expect((refusal as { cause?: { code?: string } }).cause?.code).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
      // Only verification switched off: the very same connection succeeds, encrypted.
      expect(
        await connectionEncrypted({ ...verified, ssl: { rejectUnauthorized: false } } as DatabaseTarget),
      ).toBe(true);
    });

    test('NODE_EXTRA_CA_CERTS trusts the certificate: DATABASE_SSL=true verifies it and seeds', async () => {
      await expectSeededOverTls((db) => ({
        DATABASE_URL: cluster.url(db),
        DATABASE_SSL: 'true',
        NODE_EXTRA_CA_CERTS: cluster.certFile,
      }));
    });
  });

  describe('encryption without verification', () => {
    // In-process: the seed over TLS as a process is NODE_EXTRA_CA_CERTS's test above (what only a process reads).
    test('DATABASE_SSL=no-verify seeds over TLS', async () => {
      await expectSeededOverTls(
        (db) => ({ DATABASE_URL: cluster.url(db), DATABASE_SSL: 'no-verify' }),
        seedInProcess,
      );
    });

    test('?sslmode=no-verify seeds over TLS', async () => {
      await expectSeededOverTls(
        (db) => ({ DATABASE_URL: cluster.url(db, '?sslmode=no-verify') }),
        seedInProcess,
      );
    });
  });

  describe('a server with TLS off', () => {
    beforeAll(async () => {
      await cluster.setSsl(false);
    });
    afterAll(async () => {
      await cluster.setSsl(true);
    });

    // In-process, as the knex CLI prints it (the knex CLI over TLS: NODE_EXTRA_CA_CERTS's test above).
    test('DATABASE_SSL=true says the server does not accept TLS', async () => {
      const database = await freshDatabase();
      const result = await seedInProcess({
        DATABASE_URL: cluster.url(database),
        DATABASE_SSL: 'true',
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(NO_TLS);
      expect(result.stdout + result.stderr).not.toContain(PASSWORD);
      expect(await countPostings(database)).toBe(0);
    });

    // node-postgres asks for TLS for ?ssl=true and ?ssl=1 too (pg-connection-string), and reads PGSSLMODE only
    // when the URL says nothing of TLS: the fix is the URL's (it was "unset PGSSLMODE", set nowhere).
    test.each(['ssl=true', 'ssl=1'])('?%s in DATABASE_URL is named as what asked for TLS', async (query) => {
      const database = await freshDatabase();
      const result = await seedInProcess({ DATABASE_URL: cluster.url(database, `?${query}`) });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        new RegExp(
          `^DB_TLS_UNAVAILABLE: the server at ${WHERE} does not accept TLS: remove ${query} from DATABASE_URL, ` +
            'or enable ssl on the server$',
          'm',
        ),
      );
      expect(result.stdout + result.stderr).not.toContain(PASSWORD);
      expect(await countPostings(database)).toBe(0);
    });
  });
});
