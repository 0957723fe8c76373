// Parallel workers for the seed's own queries when the server shares this machine's cores: the seed's process
// waits while they run, so a query may use every core, but not more processes than there are cores.

import { availableParallelism } from 'node:os';
import type { Knex } from 'knex';
import { query, type Sql, sql } from '../../db/sql';

/**
 * The server's per-query worker limits as the seed's connection sees them, and whether that server runs on this
 * machine: the connection came over a Unix socket (no server address) or a loopback address (IPv4, IPv6, or
 * IPv4 as an IPv6 dual-stack socket sees it).
 */
export function parallelWorkerSettingsSql(): Sql {
  return sql`SELECT (inet_server_addr() IS NULL
          OR inet_server_addr() <<= inet '127.0.0.0/8'
          OR inet_server_addr() <<= inet '::ffff:127.0.0.0/104'
          OR inet_server_addr() = inet '::1') AS local,
         current_setting('max_parallel_workers_per_gather')::int AS gather,
         current_setting('max_parallel_maintenance_workers')::int AS maintenance`;
}

/** What {@link parallelWorkerSettingsSql} reads. */
export interface ParallelWorkerSettings {
  local: boolean;
  gather: number;
  maintenance: number;
}

/**
 * The limits for the seed's transaction: the server's own, but at most `cores - 1` workers beside the leader
 * when the server is on this machine (the leader works too; on two cores a leader and two workers took turns:
 * a rebuild of three indexes 20% and the count after a load 25% slower than with one, docs/benchmarks.md).
 * Undefined when nothing needs to change (a remote server, or enough cores for the server's limits).
 */
export function cappedParallelWorkers(
  settings: ParallelWorkerSettings,
  cores: number,
): Pick<ParallelWorkerSettings, 'gather' | 'maintenance'> | undefined {
  if (!settings.local) return undefined;
  const cap = Math.max(0, cores - 1);
  if (settings.gather <= cap && settings.maintenance <= cap) return undefined;
  return { gather: Math.min(settings.gather, cap), maintenance: Math.min(settings.maintenance, cap) };
}

/** SET LOCAL of both limits (set_config with the values bound). */
export function setParallelWorkersSql(limits: Pick<ParallelWorkerSettings, 'gather' | 'maintenance'>): Sql {
  return sql`SELECT set_config('max_parallel_workers_per_gather', ${String(limits.gather)}, true),
         set_config('max_parallel_maintenance_workers', ${String(limits.maintenance)}, true)`;
}

/**
 * Whether this process reached the server at a loopback address or over a Unix socket (no address): the
 * client's end of the connection, which the server's end alone cannot tell (a pooler or relay on the database's
 * host sees the server at loopback while this process is elsewhere).
 */
export function isLoopbackPeer(address: string | undefined): boolean {
  if (address === undefined || address === '') return true;
  return /^127\./.test(address) || address === '::1' || /^::ffff:127\./i.test(address);
}

/** The address this process's connection reached, from its socket (undefined: a Unix socket, or PGlite). */
function peerAddress(connection: unknown): string | undefined {
  const stream = (connection as { connection?: { stream?: { remoteAddress?: string } } }).connection?.stream;
  return stream?.remoteAddress;
}

/**
 * Caps the parallel workers of the seed's transaction to this machine's cores when the server runs on it, as
 * both ends of the connection say ({@link cappedParallelWorkers}, {@link isLoopbackPeer}); leaves a remote
 * server's settings alone. (A relay that reaches a remote server at its loopback, such as an SSH tunnel, looks
 * local from both ends: the cap then follows this machine's cores, for the seed's transaction only.)
 */
export async function fitParallelWorkers(
  trx: Knex.Transaction,
  cores = availableParallelism(),
): Promise<void> {
  // This process's end first: reached at another address, the server is elsewhere and nothing is read.
  if (!isLoopbackPeer(peerAddress(await trx.client.acquireConnection()))) return;
  const { rows } = await query<ParallelWorkerSettings>(trx, parallelWorkerSettingsSql());
  const limits = cappedParallelWorkers(rows[0], cores);
  if (limits) await query(trx, setParallelWorkersSql(limits));
}
