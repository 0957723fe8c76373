import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import ClientPGLite from 'knex-pglite';
import lockfile from 'proper-lockfile';
import { isSeedError, SeedError } from '../errors';
import { checkPgliteDirectory, damaged } from './pglite-dir';

/** Connection settings of {@link LockedPGliteClient}. */
export interface LockedPGliteConnection {
  /** The PGlite data directory. */
  filename: string;
  /** How long to wait for another process to let go of the directory before failing. Default 60 s. */
  lockTimeoutMs?: number;
}

/** Held by this process's client while it has the directory open. */
const POLL_MS = 250;

/**
 * knex-pglite's client, made safe across processes: PGlite is single-process, and two processes on one data
 * directory both "succeed" while one's writes are lost. This client takes an exclusive lock file
 * (`<dir>.lock`, via proper-lockfile, refreshed while held and stale after a crash) before it opens the
 * directory, waits up to `lockTimeoutMs` for another process to finish, and releases it when knex is destroyed.
 */
// biome-ignore lint/suspicious/noExplicitAny: knex's client classes are untyped JavaScript.
const Base = ClientPGLite as any;

export class LockedPGliteClient extends Base {
  private releaseLock?: () => Promise<void>;

  // knex-pglite creates the PGlite instance here; this client opens it only after taking the lock.
  _driver(): void {}

  async _acquireOnlyConnection(): Promise<PGlite> {
    const { filename, lockTimeoutMs = 60_000 } = this.config.connection as LockedPGliteConnection;
    if (!this.pglite) {
      this.releaseLock = await acquireDirectoryLock(filename, lockTimeoutMs);
      try {
        // Under the lock: another process may be creating the directory right now.
        checkPgliteDirectory(filename);
        this.pglite = new PGlite(filename);
        await this.pglite.waitReady;
      } catch (error) {
        this.pglite = undefined;
        await this.releaseLock().catch(() => undefined);
        this.releaseLock = undefined;
        throw isSeedError(error)
          ? error
          : damaged(filename, `PGlite cannot open it: ${firstLine(error)}`, error);
      }
    }
    await this.pglite.waitReady;
    return this.pglite;
  }

  async destroyRawConnection(connection: PGlite): Promise<void> {
    try {
      await connection.close();
    } finally {
      this.pglite = undefined;
      await this.releaseLock?.().catch(() => undefined);
      this.releaseLock = undefined;
    }
  }
}

async function acquireDirectoryLock(dataDir: string, timeoutMs: number): Promise<() => Promise<void>> {
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await lockfile.lock(dataDir, {
        realpath: false,
        stale: 10_000,
        update: 2_000,
        // A lost lock (the machine slept past `stale`) must not crash the process mid-transaction;
        // the next process to lock will see a stale lock and take over, which is the best left to do.
        onCompromised: () => undefined,
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
      if (Date.now() >= deadline) {
        throw new SeedError(
          'PGLITE_LOCKED',
          `the embedded database ${dataDir} is in use by another process (waited ${Math.round(timeoutMs / 1000)} s); ` +
            'let that process finish, or raise PGLITE_LOCK_TIMEOUT',
          { cause: error },
        );
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0];
}
