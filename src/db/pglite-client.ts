import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import ClientPGLite from 'knex-pglite';
import { isSeedError, SeedError } from '../errors';
import { checkPgliteDirectory, damaged, describeThrown, makeParents } from './pglite-dir';
import { acquirePgliteLock, type ReleaseLock } from './pglite-lock';

/** Connection settings of {@link LockedPGliteClient}. */
export interface LockedPGliteConnection {
  /** The PGlite data directory. */
  filename: string;
  /** How long to wait for another process to let go of the directory before failing. Default 60 s. */
  lockTimeoutMs?: number;
  /** Time between two "waiting for the embedded database" lines. Default 5000 ms. */
  lockReportEveryMs?: number;
}

/**
 * knex-pglite's client, made safe across processes: PGlite is single-process, and two processes on one data
 * directory both "succeed" while one's writes are lost. Before it opens the directory this client judges it
 * (src/db/pglite-dir.ts: nothing is written to a place that cannot or must not hold a database) and takes its
 * lock (src/db/pglite-lock.ts: `<real dir>.lock`, owned by a live process however busy, waited for visibly up to
 * `lockTimeoutMs`); it releases the lock when knex is destroyed.
 */
/** Time PGlite may take to open (or create) a database once the lock is held. */
export const OPEN_MS = 30_000;

// biome-ignore lint/suspicious/noExplicitAny: knex's client classes are untyped JavaScript.
const Base = ClientPGLite as any;

/** Removes everything in `dir`, keeping `dir` (it may be a mount point, or the user's). */
function emptyDirectory(dir: string): void {
  for (const entry of fs.readdirSync(dir)) fs.rmSync(`${dir}/${entry}`, { recursive: true, force: true });
}

export class LockedPGliteClient extends Base {
  private releaseLock?: ReleaseLock;

  // knex-pglite creates the PGlite instance here; this client opens it only after taking the lock.
  _driver(): void {}

  // The lock wait happens inside the pool's "create": tarn's default bound on a create (30 s) would end a wait
  // PGLITE_LOCK_TIMEOUT allows with a "connect timeout", so it is the lock timeout plus time to open PGlite.
  getPoolSettings(poolConfig: object): object {
    const { lockTimeoutMs = 60_000 } = (this.config.connection ?? {}) as LockedPGliteConnection;
    return { ...super.getPoolSettings(poolConfig), createTimeoutMillis: lockTimeoutMs + OPEN_MS };
  }

  async _acquireOnlyConnection(): Promise<PGlite> {
    if (!this.pglite) this.pglite = await this.open(this.config.connection as LockedPGliteConnection);
    await this.pglite.waitReady;
    return this.pglite;
  }

  private async open(connection: LockedPGliteConnection): Promise<PGlite> {
    const { filename, lockTimeoutMs = 60_000, lockReportEveryMs } = connection;
    // The place only: what is in it is judged under the lock (another process may be creating the database).
    const { shown, real, lockPath } = checkPgliteDirectory(filename, false);
    makeParents(real);
    this.releaseLock = await acquirePgliteLock(lockPath, {
      timeoutMs: lockTimeoutMs,
      reportEveryMs: lockReportEveryMs,
      shown,
      log: (line) => this.logger.warn(line),
    });
    let exists = false;
    let existedEmpty = false;
    let pglite: PGlite | undefined;
    // Beside the directory while this process creates a database in it; gone once the database is ready.
    const creating = `${real}.creating`;
    try {
      // A creation whose process was killed (its marker is left, and its lock was this process's to take): the
      // directory was missing or empty when it began, and holds at most a new, empty database now. It starts over.
      if (fs.existsSync(creating)) {
        if (fs.existsSync(real)) emptyDirectory(real);
        fs.rmSync(creating, { force: true });
      }
      // Under the lock: what is there now is what this process opens.
      exists = checkPgliteDirectory(filename).exists;
      existedEmpty = !exists && fs.existsSync(real);
      if (!exists) fs.writeFileSync(creating, `${process.pid}\n`);
      pglite = new PGlite(real);
      await pglite.waitReady;
      fs.rmSync(creating, { force: true });
      return pglite;
    } catch (error) {
      await pglite?.close().catch(() => undefined);
      if (!exists && !isSeedError(error) && fs.existsSync(real)) {
        // A new database that failed half-way would read as a damaged one next time: the directory was missing
        // or empty when this process took the lock, so all in it is from this attempt.
        emptyDirectory(real);
        if (!existedEmpty) fs.rmdirSync(real);
      }
      if (!exists) fs.rmSync(creating, { force: true });
      this.release();
      if (isSeedError(error)) throw error;
      throw exists
        ? damaged(shown, `PGlite cannot open it: ${describeThrown(error)}`, error)
        : new SeedError(
            'PGLITE_DIR_INVALID',
            `PGLITE_DIR ${shown}: PGlite cannot create a database there (${describeThrown(error)}); ` +
              'point PGLITE_DIR at a new or empty directory on a local disk',
            { cause: error },
          );
    }
  }

  private release(): void {
    this.releaseLock?.();
    this.releaseLock = undefined;
  }

  async destroyRawConnection(connection: PGlite): Promise<void> {
    try {
      await connection.close();
    } finally {
      this.pglite = undefined;
      this.release();
    }
  }
}
