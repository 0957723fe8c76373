import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main as seedReport } from '../scripts/seed-report';
import { readDatabaseTarget } from '../src/config';
import { inProcess } from './support/cli';

/**
 * Issue 14 case 4's neighbours: a URL without a host, which node-postgres completes from PGHOST or `?host=`
 * (a host, or a Unix socket directory). It is not a bad URL, and a socket no server listens on is unreachable.
 */
describe('a DATABASE_URL without a host', () => {
  test.each([
    ['postgres://app@/jobs', { PGHOST: 'db.internal' }, 'app@db.internal:5432/jobs'],
    ['postgres://app:pw@/jobs?host=/run/pg', {}, 'app@socket /run/pg/.s.PGSQL.5432/jobs'],
    [
      'postgresql://app@/jobs',
      { PGHOST: '/var/run/postgresql', PGPORT: '5433' },
      'app@socket /var/run/postgresql/.s.PGSQL.5433/jobs',
    ],
  ])('%s is accepted and resolved as node-postgres will', (url, pg, describe) => {
    expect(readDatabaseTarget({ DATABASE_URL: url, ...pg })).toMatchObject({ kind: 'postgres', describe });
  });

  test('a socket directory no server listens in is DB_UNREACHABLE naming the socket', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jps-nosock-'));
    try {
      const result = await inProcess(seedReport, { DATABASE_URL: `postgres://app@/jobs?host=${dir}` });
      expect(result.code).toBe(1);
      expect(result.stderr.trim()).toBe(
        `DB_UNREACHABLE: cannot reach PostgreSQL at socket ${dir}/.s.PGSQL.5432 (ENOENT): start the server, ` +
          'or fix the host and port in DATABASE_URL',
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
