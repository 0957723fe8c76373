import fs from 'node:fs';
import path from 'node:path';
import { SeedError } from '../errors';
import { displayPath } from '../project-env';

/** What a complete PGlite (PostgreSQL) data directory has; without any of them PGlite would initdb over it. */
const REQUIRED: readonly { name: string; kind: 'file' | 'directory' }[] = [
  { name: 'PG_VERSION', kind: 'file' },
  { name: path.join('global', 'pg_control'), kind: 'file' },
  { name: 'base', kind: 'directory' },
];

/** Entries only a PostgreSQL data directory has: with one of them, a directory is a damaged database. */
const MARKERS = ['PG_VERSION', 'global', 'base', 'pg_wal', 'pg_xact', 'postgresql.conf', 'pg_hba.conf'];

function hasEntry(dataDir: string, entry: (typeof REQUIRED)[number]): boolean {
  try {
    const stat = fs.statSync(path.join(dataDir, entry.name));
    return entry.kind === 'file' ? stat.isFile() : stat.isDirectory();
  } catch {
    return false;
  }
}

/**
 * Refuses a `PGLITE_DIR` that PGlite would initialise over something: a path that is not a directory, a
 * non-empty directory that is not a PGlite database (the user's files), or a damaged PGlite database (PGlite
 * would initialise a new cluster in place and the data would be gone from view). A missing or empty directory
 * is a new database. Reads only: nothing is written before the check passes.
 */
export function checkPgliteDirectory(dataDir: string): void {
  const shown = displayPath(dataDir);
  let entries: string[];
  try {
    if (!fs.statSync(dataDir).isDirectory()) {
      throw new SeedError(
        'PGLITE_DIR_INVALID',
        `PGLITE_DIR ${shown} is a file, not a directory: point PGLITE_DIR at a new or empty directory`,
      );
    }
    entries = fs.readdirSync(dataDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (entries.length === 0) return;
  const missing = REQUIRED.filter((entry) => !hasEntry(dataDir, entry));
  if (missing.length === 0) return;
  if (!entries.some((entry) => MARKERS.includes(entry))) {
    throw new SeedError(
      'PGLITE_DIR_INVALID',
      `PGLITE_DIR ${shown} is not empty and is not a PGlite database (no PG_VERSION, base/ or global/); ` +
        'nothing was written there: point PGLITE_DIR at a new or empty directory',
    );
  }
  throw damaged(
    dataDir,
    `missing ${missing.map((m) => (m.kind === 'directory' ? `${m.name}/` : m.name)).join(', ')}`,
  );
}

/** The error for a PGlite directory that is there but cannot be used as it is. */
export function damaged(dataDir: string, what: string, cause?: unknown): SeedError {
  return new SeedError(
    'PGLITE_DAMAGED',
    `the embedded database at ${displayPath(dataDir)} is damaged (${what}); nothing was written: restore the ` +
      'directory from a backup, or delete it to start over with an empty database',
    { cause },
  );
}
