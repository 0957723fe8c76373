import type { Knex } from 'knex';
import { SeedError } from '../errors';
import type { DatabaseTarget } from './database-target';
import { abandonedTransaction, backendPidOf, describeError } from './describe-error';
import { learnServerFacts } from './server-facts';

// biome-ignore lint/suspicious/noExplicitAny: knex's dialect classes are untyped JavaScript.
const ClientPG: any = require('knex/lib/dialects/postgres/index.js');

/** A node-postgres connection as knex holds it: its backend pid and its socket. */
interface RawConnection {
  processID?: number;
  connection?: { stream?: { destroy(): void } };
  query(...args: unknown[]): unknown;
}

/** True for node-postgres's query_timeout error, as knex passes it on ("select 1 - Query read timeout") or not. */
export function isQueryTimeout(error: unknown): boolean {
  return /(^| - )Query read timeout$/.test(String((error as Error | null)?.message ?? ''));
}

/**
 * A DB_QUERY_TIMEOUT error as one line for a knex instance of {@link pgClientFor}, or undefined for any other
 * error: for errors that do not pass through knex's query (a COPY stream's).
 */
export function queryTimeoutOf(knex: Knex, error: unknown): SeedError | undefined {
  const target = (knex.client as { serverTarget?: Extract<DatabaseTarget, { kind: 'postgres' }> })
    .serverTarget;
  const cause = (error as { original?: unknown; cause?: unknown } | null)?.original ?? error;
  return target && isQueryTimeout(cause) ? queryTimeoutError(target, cause) : undefined;
}

/** Marks a query's error with the backend pid of its connection (describe-error.ts's backendPidOf reads it). */
function tagBackend(error: unknown, connection: RawConnection): void {
  if (!connection.processID || !error || typeof error !== 'object' || 'backendPid' in error) return;
  Object.defineProperty(error, 'backendPid', { value: connection.processID, configurable: true });
}

/** The backend pids of the connections a knex instance holds open now (a server target; PGlite has none). */
export function backendPids(knex: Knex): number[] {
  const pids = (knex.client as { backendPids?: Set<number> }).backendPids;
  return pids ? [...pids] : [];
}

/**
 * knex's `pg` client with the project's connection rules, for every command:
 * - connection errors are already one actionable line (unreachable, auth, missing database, TLS), so
 *   `migrate:latest` prints them as clearly as `seed:run` does;
 * - a statement unanswered for `DB_QUERY_TIMEOUT` (pg's `query_timeout`: a stalled network path, TCP keepalive
 *   catches a dead peer) is DB_CONNECTION_LOST, and its socket is destroyed so that nothing waits on it after;
 * - the backend pid of every open connection is known (`backendPids`), for the lock watcher.
 */
export function pgClientFor(target: Extract<DatabaseTarget, { kind: 'postgres' }>): typeof Knex.Client {
  return class PgClient extends ClientPG {
    /** The target this client connects to: what the server said once connected (knex-target.ts reads it). */
    readonly serverTarget = target;
    readonly backendPids = new Set<number>();

    async acquireRawConnection(): Promise<unknown> {
      let connection: RawConnection | undefined;
      try {
        connection = (await super.acquireRawConnection()) as RawConnection;
        // Once per target: what the server says the target is (the target line, the names in errors).
        await learnServerFacts(target, connection as unknown as Parameters<typeof learnServerFacts>[1]);
      } catch (error) {
        if (connection) await this.destroyRawConnection(connection).catch(() => undefined);
        throw describeError(error, target, 'connect');
      }
      if (connection.processID) this.backendPids.add(connection.processID);
      // A stream query (COPY) times out outside knex's query(): its socket is closed all the same.
      const query = connection.query;
      connection.query = (...args: unknown[]) => {
        const submitted = query.apply(connection, args) as {
          on?: (e: string, f: (x: unknown) => void) => void;
        };
        submitted?.on?.('error', (error) => {
          tagBackend(error, connection);
          if (isQueryTimeout(error)) connection.connection?.stream?.destroy();
        });
        return submitted;
      };
      return connection;
    }

    async destroyRawConnection(connection: RawConnection): Promise<void> {
      if (connection.processID) this.backendPids.delete(connection.processID);
      return super.destroyRawConnection(connection);
    }

    async query(connection: RawConnection, obj: unknown): Promise<unknown> {
      try {
        return await super.query(connection, obj);
      } catch (error) {
        tagBackend(error, connection);
        // knex prefixes the SQL to the driver's message ("select 1 - Query read timeout").
        if (!isQueryTimeout(error)) throw error;
        // The path is stalled: end the socket here, so a rollback or end() fails at once instead of waiting.
        connection.connection?.stream?.destroy();
        throw queryTimeoutError(target, error);
      }
    }
  } as unknown as typeof Knex.Client;
}

/** A statement unanswered for DB_QUERY_TIMEOUT, as one line. */
export function queryTimeoutError(
  target: Extract<DatabaseTarget, { kind: 'postgres' }>,
  cause: unknown,
): SeedError {
  const seconds = Math.round((target.queryTimeoutMs ?? 0) / 1000);
  // The client closed its socket; the server may not know yet (a stalled path): the transaction is not rolled
  // back until it does.
  return new SeedError(
    'DB_CONNECTION_LOST',
    `no answer from PostgreSQL at ${target.host}:${target.port} for ${seconds} s (DB_QUERY_TIMEOUT): the network ` +
      'path or the server stalled, and the connection was closed; nothing of it was written: ' +
      `${abandonedTransaction(backendPidOf(cause))}; check the network and the server, then run again`,
    { cause },
  );
}
