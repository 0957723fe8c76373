import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { readAllConfig, readWaitTimeoutSeconds } from '../src/config';
import type { DatabaseTarget } from '../src/db/database-target';
import { describeError } from '../src/db/describe-error';
import { pgConnection } from '../src/db/knex-config';
import { isSeedError, SeedError } from '../src/errors';
import { loadProjectEnv } from '../src/project-env';
import { targetLine } from '../src/target-line';

/**
 * `node -r ts-node/register scripts/wait-for-db.ts` (docker/entrypoint.sh runs it before migrating): tries
 * `SELECT 1` on DATABASE_URL once a second until it answers (exit 0) or `DB_WAIT_TIMEOUT` seconds (default 60)
 * have passed (exit 1, `DB_UNREACHABLE: ... gave up after N s`). Each failed attempt prints one line naming
 * user@host:port/database, never the password or the URL.
 *
 * Waited for: the server refusing or dropping connections, timeouts, "starting up", and a missing database
 * (a compose or provisioning job may still be creating it; each attempt line says DB_MISSING). Fails at once:
 * bad configuration, failed authentication, TLS refused, no CONNECT permission; those never fix themselves.
 * With DATABASE_URL unset (embedded PGlite) there is no server to wait for: exit 0 at once.
 */

/** SeedError codes that waiting cannot fix. */
const PERMANENT = new Set(['CONFIG_INVALID', 'DB_AUTH_FAILED', 'DB_TLS_UNAVAILABLE', 'DB_PERMISSION_DENIED']);

/** Short reason for an attempt line: the socket error (ECONNREFUSED), "connect timeout", or a SeedError code. */
function reasonOf(error: unknown, described: SeedError): string {
  const code = String((error as { code?: unknown } | null)?.code ?? '');
  if (/^E[A-Z]+$/.test(code)) return code;
  if (described.code === 'DB_UNREACHABLE') return 'connect timeout';
  if (described.code === 'SEED_FAILED') return String((error as Error)?.message ?? error).split('\n')[0];
  return described.code;
}

async function tryOnce(
  target: Extract<DatabaseTarget, { kind: 'postgres' }>,
  timeoutMs: number,
): Promise<void> {
  const client = new Client(
    pgConnection(target, {
      connectionTimeoutMillis: timeoutMs,
      application_name: 'job-postings-seed wait-for-db',
    }),
  );
  // A connection dropped after connect emits 'error'; the failed query reports it.
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
  } finally {
    await client.end().catch(() => {});
  }
}

async function main(): Promise<number> {
  let target: DatabaseTarget;
  let timeoutS: number;
  try {
    const origin = loadProjectEnv();
    target = readAllConfig();
    timeoutS = readWaitTimeoutSeconds();
    console.error(targetLine(target, origin));
  } catch (error) {
    console.error(isSeedError(error) ? error.format() : String(error));
    return 1;
  }
  if (target.kind === 'pglite') {
    console.log(`${target.describe}: no server to wait for`);
    return 0;
  }

  const deadline = Date.now() + timeoutS * 1000;
  for (let attempt = 1; ; attempt++) {
    const started = Date.now();
    try {
      // Never let one attempt run far past the deadline (a blackholed host waits the full connect timeout).
      await tryOnce(target, Math.max(1000, Math.min(target.connectTimeoutMs, deadline - started)));
      console.log(`${target.describe}: accepting connections`);
      return 0;
    } catch (error) {
      const described = describeError(error, target, 'connect');
      if (PERMANENT.has(described.code)) {
        console.error(described.format());
        return 1;
      }
      console.error(
        `waiting for ${target.describe} (attempt ${attempt}, ${reasonOf(error, described)}; ` +
          `gives up after ${timeoutS} s, DB_WAIT_TIMEOUT)`,
      );
      if (Date.now() >= deadline) {
        const message =
          described.code === 'DB_UNREACHABLE' || described.code === 'DB_MISSING'
            ? described.message
            : `PostgreSQL at ${target.host}:${target.port} did not accept connections (${reasonOf(error, described)})`;
        const code = described.code === 'DB_MISSING' ? 'DB_MISSING' : 'DB_UNREACHABLE';
        console.error(
          new SeedError(code, `${message}; gave up after ${timeoutS} s (DB_WAIT_TIMEOUT)`).format(),
        );
        return 1;
      }
      await sleep(Math.max(0, Math.min(started + 1000, deadline) - Date.now()));
    }
  }
}

let verdict: number | undefined;
main().then(
  (code) => {
    verdict = code;
    process.exitCode = code;
  },
  (error) => {
    verdict = 1;
    console.error(isSeedError(error) ? error.format() : String(error));
    process.exitCode = 1;
  },
);
// Nothing left to wait on and no answer (a connect that never settles): a failure, never a silent exit 0.
process.on('beforeExit', () => {
  if (verdict !== undefined) return;
  verdict = 1;
  console.error('DB_UNREACHABLE: the connection attempt ended without an answer; the server was not reached');
  process.exitCode = 1;
});
