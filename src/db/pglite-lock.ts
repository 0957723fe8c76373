import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import { SeedError } from '../errors';
import { throwIfStopRequested } from '../stop-request';

/**
 * Who holds an embedded database: written once into the lock file by its owner. The owner is gone when no
 * process with `pid` runs on `host` any more, or the one that does started at another time (`start`, Linux's
 * /proc/<pid>/stat field 22) or in another boot (`boot`): a pid reused by an unrelated process is not the owner.
 */
export interface LockOwner {
  pid: number;
  host: string;
  /** Start time of the process in clock ticks since boot (Linux); null where the OS does not say. */
  start: string | null;
  /** /proc/sys/kernel/random/boot_id (Linux); null elsewhere. */
  boot: string | null;
  /** When it took the lock (ISO 8601). */
  since: string;
  /** Its command line, as far as it could be read. */
  command: string;
  /** Tells this owner's lock file from a later one of the same process. */
  token: string;
}

/** Options of {@link acquirePgliteLock}. */
export interface PgliteLockOptions {
  /** How long to wait for a live owner to let go before failing with PGLITE_LOCKED. */
  timeoutMs: number;
  /** Receives the "waiting for ..." lines. */
  log: (line: string) => void;
  /** The database as the user named it, for messages. */
  shown: string;
  /** Time between two waiting lines (the first is printed at once). Default 5000 ms. */
  reportEveryMs?: number;
  /** How often the lock is looked at while waiting. Default 200 ms. */
  pollMs?: number;
}

function readOrNull(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** Field 22 of /proc/<pid>/stat (starttime); the command name in field 2 may hold spaces and parentheses. */
function startTimeOf(pid: number): string | null {
  const stat = readOrNull(`/proc/${pid}/stat`);
  if (stat === null) return null;
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
}

/** True when the process has exited and waits only for its parent to read its status (state Z in /proc). */
function isZombie(pid: number): boolean {
  const stat = readOrNull(`/proc/${pid}/stat`);
  // The field after the command's closing parenthesis: R, S, D, Z, ...
  return stat?.charAt(stat.lastIndexOf(')') + 2) === 'Z';
}

function commandOf(pid: number): string {
  const line = (readOrNull(`/proc/${pid}/cmdline`) ?? '').replace(/[\0\s]+/g, ' ').trim();
  return line.length > 120 ? `${line.slice(0, 117)}...` : line;
}

const BOOT = readOrNull('/proc/sys/kernel/random/boot_id')?.trim() ?? null;

/** This process, as its lock file records it. */
export function currentOwner(): LockOwner {
  return {
    pid: process.pid,
    host: os.hostname(),
    start: startTimeOf(process.pid),
    boot: BOOT,
    since: new Date().toISOString(),
    command: commandOf(process.pid) || process.argv.join(' '),
    token: randomBytes(8).toString('hex'),
  };
}

/** True when `process.kill(pid, 0)` finds a process (EPERM: one of another user's). */
function pidRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * `alive`: the owner's process still runs; `gone`: provably not (no such pid, a zombie, or the pid is another
 * process's now, or the machine rebooted); `unknown`: it ran on another host, so this one cannot tell.
 */
export function ownerState(owner: LockOwner): 'alive' | 'gone' | 'unknown' {
  if (owner.host !== os.hostname()) return 'unknown';
  if (owner.boot && BOOT && owner.boot !== BOOT) return 'gone';
  // A killed owner its parent has not reaped yet still has a pid: exited all the same.
  if (!pidRuns(owner.pid) || isZombie(owner.pid)) return 'gone';
  const start = startTimeOf(owner.pid);
  if (owner.start && start && owner.start !== start) return 'gone';
  return 'alive';
}

/** "pid 4242 (node knex seed:run), holding it since 2026-11-30T10:20:33.000Z" */
export function describeOwner(owner: LockOwner): string {
  const where = owner.host === os.hostname() ? '' : ` on host ${owner.host}`;
  const me = owner.pid === process.pid && owner.host === os.hostname() ? ', this process' : '';
  const command = owner.command ? ` (${owner.command}${me})` : me ? ` (${me.slice(2)})` : '';
  return `pid ${owner.pid}${where}${command}, holding it since ${owner.since}`;
}

/** What is at the lock path: nothing, an owner, or something this code cannot read as one. */
type Found =
  | { kind: 'free' }
  | { kind: 'owner'; owner: LockOwner; raw: string }
  | { kind: 'unreadable'; why: string };

function readLock(lockPath: string): Found {
  let raw: string;
  try {
    raw = fs.readFileSync(lockPath, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { kind: 'free' };
    return { kind: 'unreadable', why: code === 'EISDIR' ? 'a directory' : `unreadable (${code})` };
  }
  try {
    const owner = JSON.parse(raw) as LockOwner;
    if (Number.isInteger(owner.pid) && typeof owner.host === 'string') return { kind: 'owner', owner, raw };
  } catch {
    // Falls through: not written by this code.
  }
  return { kind: 'unreadable', why: 'not a lock file of this project' };
}

/**
 * Creates `file` holding `text`, or fails with EEXIST, atomically: the text is written to a private file first
 * and hard-linked into place, so no reader ever sees a half-written lock (a crash leaves at most the private
 * file). Where hard links are not supported, an exclusive create (`wx`) does.
 */
function createExclusive(file: string, text: string): boolean {
  const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  fs.writeFileSync(draft, text, { flag: 'wx' });
  try {
    fs.linkSync(draft, file);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw error;
  } finally {
    fs.rmSync(draft, { force: true });
  }
  try {
    fs.writeFileSync(file, text, { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/**
 * Removes the lock of an owner that is gone. Only one process at a time may do so (the `.takeover` file, owned
 * and judged like the lock itself), and it re-reads the lock under it: without that, two waiters that both saw
 * the dead owner could remove each other's fresh lock.
 */
function removeIfStill(lockPath: string, stale: string): void {
  const guard = `${lockPath}.takeover`;
  const me = JSON.stringify(currentOwner());
  if (!createExclusive(guard, me)) {
    const found = readLock(guard);
    // A waiter that died between taking and removing the guard (a window of microseconds) left it.
    if (found.kind === 'owner' && ownerState(found.owner) === 'gone') fs.rmSync(guard, { force: true });
    return;
  }
  try {
    if (readOrNull(lockPath) === stale) fs.rmSync(lockPath, { force: true });
  } finally {
    if (readOrNull(guard) === me) fs.rmSync(guard, { force: true });
  }
}

/** proper-lockfile (earlier versions of this project) made `<dir>.lock` a directory, refreshed every 2 s. */
const LEGACY_STALE_MS = 10_000;

/** Releases the lock: removes the lock file if it is still this owner's. Idempotent. */
export type ReleaseLock = () => void;

/**
 * Takes the embedded database's lock file `lockPath`, judged by liveness, not by a clock: an owner keeps it
 * however long its event loop is busy (nothing is refreshed), and it is taken over only once its process is
 * provably gone. While a live process holds it, says so through `log` at once and every `reportEveryMs`,
 * naming that process; after `timeoutMs`, fails with PGLITE_LOCKED naming it.
 */
export async function acquirePgliteLock(lockPath: string, options: PgliteLockOptions): Promise<ReleaseLock> {
  const { timeoutMs, log, shown, reportEveryMs = 5_000, pollMs = 200 } = options;
  const started = Date.now();
  let reportedAt = 0;
  for (;;) {
    const owner = currentOwner();
    const text = JSON.stringify(owner);
    if (createExclusive(lockPath, text)) return releaser(lockPath, text);
    const found = readLock(lockPath);
    let holder: string;
    if (found.kind === 'free') continue;
    if (found.kind === 'owner') {
      const state = ownerState(found.owner);
      holder = describeOwner(found.owner);
      if (state === 'gone') {
        removeIfStill(lockPath, found.raw);
        if (readOrNull(lockPath) !== found.raw) continue;
        // Another waiter is taking it over right now: look again after a pause.
        holder += ', which has exited';
      }
      if (state === 'unknown') holder += ` (this host cannot tell whether it still runs)`;
    } else {
      const legacy =
        found.why === 'a directory' ? fs.statSync(lockPath, { throwIfNoEntry: false }) : undefined;
      if (legacy && Date.now() - legacy.mtimeMs > LEGACY_STALE_MS) {
        fs.rmSync(lockPath, { recursive: true, force: true });
        continue;
      }
      holder = `an unknown owner (${lockPath} is ${found.why})`;
    }
    throwIfStopRequested(`waiting for the embedded database ${shown}`);
    const now = Date.now();
    if (now - started >= timeoutMs) {
      const remedy =
        found.kind === 'owner' && ownerState(found.owner) === 'alive'
          ? 'let that process finish, or raise PGLITE_LOCK_TIMEOUT'
          : `if no process uses the database any more, remove ${lockPath}`;
      throw new SeedError(
        'PGLITE_LOCKED',
        `the embedded database ${shown} is in use by another process (waited ${Math.round(timeoutMs / 1000)} s): ` +
          `${holder}; ${remedy}`,
      );
    }
    if (reportedAt === 0 || now - reportedAt >= reportEveryMs) {
      reportedAt = now;
      log(
        `waiting for the embedded database ${shown}: another process has it open: ${holder} ` +
          `(${Math.round((now - started) / 1000)} s so far; gives up after ${Math.round(timeoutMs / 1000)} s, PGLITE_LOCK_TIMEOUT)`,
      );
    }
    await new Promise((resolve) =>
      setTimeout(resolve, Math.min(pollMs, Math.max(1, started + timeoutMs - now))),
    );
  }
}

function releaser(lockPath: string, text: string): ReleaseLock {
  // A process that exits without closing knex leaves no lock behind (one that is killed leaves a dead owner).
  const release = () => {
    process.off('exit', release);
    if (readOrNull(lockPath) === text) fs.rmSync(lockPath, { force: true });
  };
  process.on('exit', release);
  return release;
}
