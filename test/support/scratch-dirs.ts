import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Scratch directories (PGlite databases, project copies) live in one directory per run, removed by the global
 * teardown instead of one by one as each file ends. A scratch database is hundreds of files, and on ext4 without
 * a journal (the machine this suite is measured on: /proc/fs/jbd2 is empty) each file created soon after others
 * were deleted costs the kernel a scan past every inode freed in the last 30 s (`recently_deleted`): a copy of
 * the template took 0.3-0.7 s of CPU while the files before it removed theirs, 0.07 s when nothing was removed
 * meanwhile. Each file still gets a directory of its own, closed when the file ends; only the unlink waits for
 * the end of the run (a run's directories take ~25 MB per PGlite database until then).
 */
const RUN_ENV = 'TEST_SCRATCH_RUN';
const RUN_PREFIX = 'jps-run-';
const OWNER_FILE = 'owner.pid';

/** Global setup: makes this run's directory, and removes those of earlier runs whose process has ended. */
export function prepareScratchRun(): void {
  for (const name of fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith(RUN_PREFIX))) {
    const dir = path.join(os.tmpdir(), name);
    if (!ownerAlive(dir)) fs.rmSync(dir, { recursive: true, force: true });
  }
  const run = fs.mkdtempSync(path.join(os.tmpdir(), RUN_PREFIX));
  fs.chmodSync(run, 0o755); // as the temp directory is to other users (a test asks as nobody); its dirs are 0700
  fs.writeFileSync(path.join(run, OWNER_FILE), String(process.pid));
  process.env[RUN_ENV] = run;
}

function ownerAlive(dir: string): boolean {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(path.join(dir, OWNER_FILE), 'utf8'));
  } catch {
    // No owner file yet: another run is making it this instant, or it was left half-made; young ones are kept.
    return Date.now() - (fs.statSync(dir, { throwIfNoEntry: false })?.mtimeMs ?? 0) < 60_000;
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Global teardown: removes this run's scratch directories, all at once. */
export function removeScratchRun(): void {
  const run = process.env[RUN_ENV];
  if (run) fs.rmSync(run, { recursive: true, force: true });
}

/** A new, empty directory of its own, `<prefix>XXXXXX`, in this run's directory (or the temp directory). */
export function scratchDirectory(prefix: string): string {
  const run = process.env[RUN_ENV];
  return fs.mkdtempSync(path.join(run && fs.existsSync(run) ? run : os.tmpdir(), prefix));
}

/**
 * Done with a {@link scratchDirectory}: inside a run it stays until the global teardown (its files are not
 * unlinked amid the run, see above); outside one (a file run without jest's global setup) it is removed now.
 */
export function removeScratchDirectory(dir: string): void {
  const run = process.env[RUN_ENV];
  if (run && path.dirname(dir) === run) return;
  fs.rmSync(dir, { recursive: true, force: true });
}
