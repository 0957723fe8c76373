// Lock waits, seen from a connection of the watcher's own: the session holding the lock a backend waits for
// (pg_locks, pg_blocking_pids, pg_stat_activity), the lines that name it, and the one loop that looks and reports.
// The seed watches its transaction's backend (src/seed/locks.ts), every other command its pool's (src/command-watch.ts).

import type { Knex } from 'knex';
import { MIGRATE_LOCK_KEY } from './migrate-lock';

/** A session a run waits for, as pg_stat_activity shows it. */
export interface LockHolder {
  pid: number;
  applicationName: string;
  /** When the holder's transaction began (null: it holds the lock outside a transaction). */
  since: Date | null;
  /** When the holder connected. */
  connected: Date | null;
  /** What the run waits for: "the seed lock", "the migrate lock", "a row of job_postings", ... */
  lock: string;
}

/** The line that names a holder: pid, application_name and since when. */
export function describeHolder(holder: LockHolder): string {
  const app = holder.applicationName ? `application_name "${holder.applicationName}"` : 'no application_name';
  const since = holder.since
    ? `, in a transaction since ${holder.since.toISOString()}`
    : holder.connected
      ? `, connected since ${holder.connected.toISOString()}`
      : '';
  return `pid ${holder.pid} (${app}${since})`;
}

/**
 * The seed's own wait (the first lock its backend has asked for and not been granted) and the session holding
 * that lock. An advisory lock is the migrate lock (its bigint key is classid and objid, high and low halves) or
 * the seed lock. Sessions merely queued ahead of the seed for the same lock come after the holder.
 */
const HOLDER_SQL = `
  WITH w AS (SELECT * FROM pg_locks WHERE pid = ? AND NOT granted LIMIT 1)
  SELECT a.pid, a.application_name, a.xact_start AS since, a.backend_start AS connected,
    CASE w.locktype
      WHEN 'advisory' THEN CASE (w.classid::bigint << 32) | w.objid::bigint
        WHEN ?::bigint THEN 'the migrate lock' ELSE 'the seed lock' END
      WHEN 'relation' THEN 'table ' || w.relation::regclass::text
      WHEN 'tuple' THEN 'a row of ' || w.relation::regclass::text
      WHEN 'transactionid' THEN 'a row another transaction has locked'
      ELSE 'a ' || w.locktype || ' lock'
    END AS lock
  FROM w
  CROSS JOIN unnest(pg_blocking_pids(?)) AS b(pid)
  JOIN pg_stat_activity a ON a.pid = b.pid
  ORDER BY EXISTS (
    SELECT 1 FROM pg_locks g
    WHERE g.pid = a.pid AND g.granted AND g.locktype = w.locktype
      AND (g.database, g.relation, g.page, g.tuple, g.virtualxid, g.transactionid, g.classid, g.objid, g.objsubid)
          IS NOT DISTINCT FROM
          (w.database, w.relation, w.page, w.tuple, w.virtualxid, w.transactionid, w.classid, w.objid, w.objsubid)
  ) DESC, a.xact_start NULLS LAST
  LIMIT 1`;

/** The session holding the lock backend `pid` waits for, or undefined when it waits for none. */
export async function lookForHolder(knex: Knex, pid: number): Promise<LockHolder | undefined> {
  const { rows } = await knex.raw(HOLDER_SQL, [pid, MIGRATE_LOCK_KEY, pid]);
  const row = rows[0];
  if (!row) return undefined;
  return {
    pid: Number(row.pid),
    applicationName: row.application_name ?? '',
    since: row.since ? new Date(row.since) : null,
    connected: row.connected ? new Date(row.connected) : null,
    lock: row.lock,
  };
}

/** The line a watcher prints while `label` waits for `holder`'s lock. */
export function waitingLine(
  label: string,
  holder: LockHolder,
  waitedMs: number,
  timeoutSeconds: number,
  setting: string,
): string {
  return (
    `${label}: waiting for ${holder.lock}, held by ${describeHolder(holder)} ` +
    `(${Math.round(waitedMs / 1000)} s so far; gives up after ${timeoutSeconds} s, ${setting})`
  );
}

/**
 * The fallback line when the watcher cannot get a connection of its own (a role's CONNECTION LIMIT, a full
 * server): what the run is known to wait for, if anything, and the bound, without the holder.
 */
export function blindLine(
  label: string,
  waitingFor: string | undefined,
  elapsedMs: number,
  timeoutSeconds: number,
  setting: string,
): string {
  const s = Math.round(elapsedMs / 1000);
  return waitingFor
    ? `${label}: waiting for ${waitingFor} (holder unknown: no spare connection to look; ${s} s so far; ` +
        `gives up after ${timeoutSeconds} s, ${setting})`
    : `${label}: still running after ${s} s (cannot look for a lock holder: no spare connection; ` +
        `a lock wait gives up after ${timeoutSeconds} s, ${setting})`;
}

/** How {@link watchWaits} looks and reports. */
export interface WaitWatchOptions {
  /** First word of each line: who waits ("seed", "migrate", "db:status"). */
  label: string;
  /** The bound of a lock wait, in seconds, and the setting it comes from. */
  timeoutSeconds: number;
  setting: string;
  /** Where the lines go. Default: nowhere. */
  log?: (line: string) => void;
  /** Time between two lines about the same wait. */
  reportEveryMs: number;
  /** How often the watcher looks. */
  pollMs: number;
  /** When it first looks: a run over by then never opens the watcher's connection. */
  firstLookMs: number;
  /** The connection to look from, asked for at each look (so it can be opened at the first). */
  connection(): Knex;
  /** The backends whose waits are watched, at each look: the first found waiting is reported. */
  pids(): readonly number[];
  /** What the run is known to wait for (undefined: nothing known), for the fallback line. */
  waitingFor?(): string | undefined;
  /** When the run started, for the fallback line's elapsed time (epoch ms). Default: now. */
  startedAt?: number;
}

/** What {@link watchWaits} hands back: the last holder seen, and how to stop it. */
export interface WaitWatch {
  lastHolder(): LockHolder | undefined;
  /** Stops looking (and waits for a look under way to end). */
  stop(): Promise<void>;
}

/**
 * Looks for a holder every `pollMs` from `firstLookMs` on: while a watched backend waits for a lock, a line names
 * the holder at once, then every `reportEveryMs` (at once again for another holder or lock). A look that fails
 * for want of a connection (a role's CONNECTION LIMIT, a full server) gets the fallback line, at once and then
 * every `reportEveryMs`; any other failed look is not the run's failure and says nothing.
 */
export function watchWaits(options: WaitWatchOptions): WaitWatch {
  const { label, timeoutSeconds, setting, log, reportEveryMs, pollMs, firstLookMs } = options;
  const started = options.startedAt ?? Date.now();
  let last: LockHolder | undefined;
  let stopped = false;
  let waitStarted = 0;
  let reportedAt = 0;
  let reportedKey = '';
  let blindAt = 0;
  let wake: (() => void) | undefined;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      wake = resolve;
      setTimeout(resolve, ms).unref();
    });
  const look = async () => {
    let holder: LockHolder | undefined;
    for (const pid of options.pids()) {
      holder = await lookForHolder(options.connection(), pid);
      if (holder) break;
    }
    const now = Date.now();
    if (!holder) {
      waitStarted = 0;
      reportedKey = '';
      return;
    }
    last = holder;
    if (waitStarted === 0) waitStarted = now;
    const key = `${holder.pid}/${holder.lock}`;
    if (key === reportedKey && now - reportedAt < reportEveryMs) return;
    reportedKey = key;
    reportedAt = now;
    log?.(waitingLine(label, holder, now - waitStarted, timeoutSeconds, setting));
  };
  const blind = () => {
    const now = Date.now();
    if (blindAt !== 0 && now - blindAt < reportEveryMs) return;
    blindAt = now;
    log?.(blindLine(label, options.waitingFor?.(), now - started, timeoutSeconds, setting));
  };
  const loop = (async () => {
    await pause(firstLookMs);
    while (!stopped) {
      await look().catch((error) => {
        if (!stopped && noSpareConnection(error)) blind();
      });
      if (!stopped) await pause(pollMs);
    }
  })();
  return {
    lastHolder: () => last,
    stop: async () => {
      stopped = true;
      wake?.();
      await loop;
    },
  };
}

/**
 * True when a look failed for want of a connection: too many connections (53300, for the role or the server),
 * no slot left (53300/57P03 messages), or knex's pool giving up on acquiring one.
 */
export function noSpareConnection(error: unknown): boolean {
  const e = (error ?? {}) as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const codes = [e.code, e.cause?.code];
  const text = `${e.message ?? ''} ${e.cause?.message ?? ''}`;
  return (
    codes.includes('53300') ||
    /too many connections|remaining connection slots|Timeout acquiring a connection/i.test(text)
  );
}
