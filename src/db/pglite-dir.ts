import fs from 'node:fs';
import path from 'node:path';
import { inspect } from 'node:util';
import { SeedError } from '../errors';
import { displayPath } from '../project-env';

/** What PGlite needs of a data directory to open it rather than initialise a new cluster or abort. */
const REQUIRED: readonly { name: string; kind: 'file' | 'directory' }[] = [
  { name: 'PG_VERSION', kind: 'file' },
  { name: path.join('global', 'pg_control'), kind: 'file' },
  { name: 'base', kind: 'directory' },
  { name: 'pg_wal', kind: 'directory' },
  { name: 'pg_xact', kind: 'directory' },
];

/** Directories only PostgreSQL's initdb makes: two of them mark a data directory even with its key files gone. */
const PG_DIRECTORIES = [
  'pg_wal',
  'pg_xact',
  'pg_multixact',
  'pg_subtrans',
  'pg_commit_ts',
  'pg_logical',
  'pg_tblspc',
  'pg_twophase',
  'pg_notify',
  'pg_serial',
  'pg_snapshots',
  'pg_stat',
  'pg_stat_tmp',
  'pg_dynshmem',
  'pg_replslot',
];

/** Kernel file systems: nothing there is a place for a database, and mkdir on them can fail in odd ways. */
const VIRTUAL_ROOTS = ['/proc', '/sys', '/dev'];

/** A PGlite data directory as found on disk, before anything is written. */
export interface PgliteDirectory {
  /** The path as the user gave it, for messages. */
  shown: string;
  /** The real path (symlinks resolved), where the database is opened and the lock taken. */
  real: string;
  /** `<real>.lock`: one lock per real directory, whatever path leads to it. */
  lockPath: string;
  /** True when the directory exists and holds a database; false: a new one is created there. */
  exists: boolean;
}

function invalid(shown: string, what: string, cause?: unknown): SeedError {
  return new SeedError('PGLITE_DIR_INVALID', `PGLITE_DIR ${shown} ${what}`, { cause });
}

function statOrUndefined(file: string): fs.Stats | undefined {
  return fs.statSync(file, { throwIfNoEntry: false });
}

/**
 * The real path of `dataDir`: symlinks resolved, also in a path that does not exist yet (its nearest existing
 * ancestor is resolved, the rest appended) or ends in a symlink to nothing.
 */
function realPath(dataDir: string, shown: string, depth = 0): string {
  if (depth > 40)
    throw invalid(shown, 'leads through too many symbolic links: point PGLITE_DIR at a real directory');
  try {
    return fs.realpathSync(dataDir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR') {
      throw invalid(
        shown,
        'cannot be a directory: a part of its path is a file; point PGLITE_DIR elsewhere',
        error,
      );
    }
    if (code !== 'ENOENT')
      throw invalid(shown, `cannot be resolved (${code}): point PGLITE_DIR elsewhere`, error);
    const link = fs.lstatSync(dataDir, { throwIfNoEntry: false });
    if (link?.isSymbolicLink()) {
      return realPath(path.resolve(path.dirname(dataDir), fs.readlinkSync(dataDir)), shown, depth + 1);
    }
    const parent = path.dirname(dataDir);
    if (parent === dataDir) return dataDir;
    return path.join(realPath(parent, shown, depth + 1), path.basename(dataDir));
  }
}

/** The nearest existing ancestor of `dir` (itself included). */
function nearestExisting(dir: string): string {
  let at = dir;
  while (!fs.existsSync(at) && path.dirname(at) !== at) at = path.dirname(at);
  return at;
}

function writable(dir: string): NodeJS.ErrnoException | undefined {
  try {
    fs.accessSync(dir, fs.constants.W_OK | fs.constants.X_OK);
    return undefined;
  } catch (error) {
    return error as NodeJS.ErrnoException;
  }
}

/** True when `dir` is recognisably a PostgreSQL data directory, complete or not. */
function isDataDirectory(dir: string, entries: string[]): boolean {
  if (/^\d+(\.\d+)?\s*$/.test(readSmall(path.join(dir, 'PG_VERSION')))) return true;
  if (statOrUndefined(path.join(dir, 'global', 'pg_control'))?.isFile()) return true;
  let evidence = entries.filter(
    (e) => PG_DIRECTORIES.includes(e) && statOrUndefined(path.join(dir, e))?.isDirectory(),
  ).length;
  if (statOrUndefined(path.join(dir, 'global', 'pg_filenode.map'))?.isFile()) evidence += 1;
  const base = path.join(dir, 'base');
  if (statOrUndefined(base)?.isDirectory() && fs.readdirSync(base).some((e) => /^\d+$/.test(e)))
    evidence += 1;
  if (entries.includes('postgresql.conf') && entries.includes('pg_hba.conf')) evidence += 1;
  return evidence >= 2;
}

function readSmall(file: string): string {
  try {
    return statOrUndefined(file)?.isFile() ? fs.readFileSync(file, 'utf8').slice(0, 32) : '';
  } catch {
    return '';
  }
}

/**
 * Judges `PGLITE_DIR` before anything is written (reads only): where it really is, whether a database can be
 * there, and (`contents`, under the directory's lock: another process may be creating it) whether what is there
 * is one. A missing or empty directory is a new database; a complete data
 * directory is opened. Fails at once with PGLITE_DIR_INVALID for a place that cannot hold one (kernel file
 * systems, a path through a file, a place this process cannot write) and for a non-empty directory that is not
 * a data directory (the user's files: nothing in it is touched); with PGLITE_DAMAGED for a data directory with
 * parts missing, naming them.
 */
export function checkPgliteDirectory(dataDir: string, contents = true): PgliteDirectory {
  const shown = displayPath(dataDir);
  const real = realPath(path.resolve(dataDir), shown);
  const root = VIRTUAL_ROOTS.find((r) => real === r || real.startsWith(`${r}/`));
  if (root) {
    throw invalid(
      shown,
      `is under ${root}, a kernel file system, not a place for a database: point PGLITE_DIR at a directory on disk`,
    );
  }
  const result = { shown, real, lockPath: `${real}.lock` };
  const stat = statOrUndefined(real);
  if (!stat) {
    const ancestor = nearestExisting(path.dirname(real));
    if (!fs.statSync(ancestor).isDirectory()) {
      throw invalid(shown, `cannot be created: ${ancestor} is a file; point PGLITE_DIR elsewhere`);
    }
    const denied = writable(ancestor);
    if (denied) {
      throw invalid(
        shown,
        `cannot be created: ${ancestor} is not writable (${denied.code}); point PGLITE_DIR elsewhere`,
      );
    }
    return { ...result, exists: false };
  }
  if (!stat.isDirectory()) {
    throw invalid(shown, 'is a file, not a directory: point PGLITE_DIR at a new or empty directory');
  }
  const entries = fs.readdirSync(real);
  // The place alone (`contents` false): before the lock, another process may be creating the database there.
  if (!contents) return { ...result, exists: entries.length > 0 };
  if (entries.length > 0 && !isDataDirectory(real, entries)) {
    throw invalid(
      shown,
      'is not empty and is not a PGlite database (no PG_VERSION, global/pg_control or other PostgreSQL files); ' +
        'nothing was written there: point PGLITE_DIR at a new or empty directory',
    );
  }
  for (const place of [real, path.dirname(real)]) {
    const denied = writable(place);
    if (denied)
      throw invalid(
        shown,
        `cannot be used: ${place} is not writable (${denied.code}); point PGLITE_DIR elsewhere`,
      );
  }
  if (entries.length === 0) return { ...result, exists: false };
  const missing = REQUIRED.filter((entry) => {
    const found = statOrUndefined(path.join(real, entry.name));
    return !(entry.kind === 'file' ? found?.isFile() : found?.isDirectory());
  });
  if (missing.length > 0) {
    throw damaged(
      shown,
      `missing ${missing.map((m) => (m.kind === 'directory' ? `${m.name}/` : m.name)).join(', ')}`,
    );
  }
  return { ...result, exists: true };
}

/**
 * Creates the directories leading to `dir` (not `dir`: PGlite makes it), one level at a time: a recursive
 * mkdir can spin forever where a parent reports ENOENT for a child it will never have (/proc).
 */
export function makeParents(dir: string): void {
  const missing: string[] = [];
  for (let at = path.dirname(dir); !fs.existsSync(at); at = path.dirname(at)) missing.unshift(at);
  for (const at of missing) {
    try {
      fs.mkdirSync(at);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/** The error for a PGlite data directory that is there but cannot be used as it is. */
export function damaged(shown: string, what: string, cause?: unknown): SeedError {
  return new SeedError(
    'PGLITE_DAMAGED',
    `the embedded database at ${shown} is damaged (${what}); nothing was written: move the directory aside ` +
      `(e.g. mv ${shown} ${shown}.damaged) and restore it from a backup, or run again to start an empty database`,
    { cause },
  );
}

/** One line for anything thrown: PGlite sometimes throws objects that are not Errors (an exit status, ...). */
export function describeThrown(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message;
  const text =
    typeof message === 'string' && message !== ''
      ? message
      : typeof error === 'string'
        ? error
        : inspect(error, { breakLength: Number.POSITIVE_INFINITY, depth: 2 });
  const line = text.split('\n')[0].trim();
  return line.length > 200 ? `${line.slice(0, 197)}...` : line;
}
