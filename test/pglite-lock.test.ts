import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knexFactory from 'knex';
import { knexConfig } from '../src/db/knex-config';
import { acquirePgliteLock, currentOwner, type LockOwner, ownerState } from '../src/db/pglite-lock';
import { isSeedError } from '../src/errors';
import { ROOT } from './support/cli';
import { waitFor } from './support/wait';

/** Issue 14, item 3: the embedded database has one owner, judged by liveness, not by a clock. */

let work: string;
beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'jps-pglite-lock-'));
});
afterAll(() => {
  fs.rmSync(work, { recursive: true, force: true });
});

let n = 0;
/** A lock path of its own for one test. */
const freshLock = () => path.join(work, `db${++n}.lock`);

/** Field 22 of /proc/<pid>/stat, as the module records it. */
function startTime(pid: number): string {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
}

/** A live process that is not this one: jest's parent, alive while this file runs. */
function liveOther(extra: Partial<LockOwner> = {}): LockOwner {
  const pid = process.ppid;
  return {
    ...currentOwner(),
    pid,
    start: startTime(pid),
    command: 'the test holder',
    since: '2026-11-30T10:00:00.000Z',
    ...extra,
  };
}

/** A pid no process has now. */
function deadPid(): number {
  const max = Number(fs.readFileSync('/proc/sys/kernel/pid_max', 'utf8'));
  for (let pid = max - 1; pid > 1; pid--) if (!fs.existsSync(`/proc/${pid}`)) return pid;
  throw new Error('no free pid');
}

function plant(lockPath: string, owner: LockOwner): string {
  const text = JSON.stringify(owner);
  fs.writeFileSync(lockPath, text);
  return text;
}

function lockOptions(lines: string[], timeoutMs = 60_000) {
  return { timeoutMs, reportEveryMs: 20, pollMs: 10, shown: './db', log: (l: string) => lines.push(l) };
}

async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (isSeedError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a failure');
}

describe('the lock file', () => {
  test('a free lock is taken: the file names this process, and release removes it', async () => {
    const lockPath = freshLock();
    const release = await acquirePgliteLock(lockPath, lockOptions([]));
    const owner = JSON.parse(fs.readFileSync(lockPath, 'utf8')) as LockOwner;
    expect(owner).toMatchObject({ pid: process.pid, host: os.hostname(), start: startTime(process.pid) });
    release();
    expect(fs.existsSync(lockPath)).toBe(false);
  });

  test.each([
    ['a pid no process has', () => ({ pid: deadPid() })],
    ['a reused pid (a live process that started at another time)', () => ({ start: '1' })],
    ['the previous boot', () => ({ boot: '00000000-0000-0000-0000-000000000000' })],
  ])('an owner that is gone (%s) is taken over at once, without a waiting line', async (_name, change) => {
    const lockPath = freshLock();
    plant(lockPath, liveOther(change()));
    const lines: string[] = [];
    const release = await acquirePgliteLock(lockPath, lockOptions(lines));
    expect(JSON.parse(fs.readFileSync(lockPath, 'utf8')).pid).toBe(process.pid);
    expect(lines).toEqual([]);
    expect(fs.readdirSync(work).filter((f) => f.startsWith(path.basename(lockPath)))).toEqual([
      path.basename(lockPath),
    ]);
    release();
  });

  test('a live owner, however old its file: waits naming it, then PGLITE_LOCKED naming it; its file untouched', async () => {
    const lockPath = freshLock();
    const text = plant(lockPath, liveOther());
    // An mtime-judged lock (proper-lockfile: stale after 10 s) would be taken over at once.
    fs.utimesSync(lockPath, new Date(0), new Date(0));
    const lines: string[] = [];
    const error = await failure(acquirePgliteLock(lockPath, lockOptions(lines, 300)));
    const holder = `pid ${process.ppid} (the test holder), holding it since 2026-11-30T10:00:00.000Z`;
    expect(error).toEqual({
      code: 'PGLITE_LOCKED',
      message: `the embedded database ./db is in use by another process (waited 0 s): ${holder}; let that process finish, or raise PGLITE_LOCK_TIMEOUT`,
    });
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const line of lines) {
      expect(line).toMatch(
        new RegExp(
          `^waiting for the embedded database \\./db: another process has it open: ${holder.replace(/[()]/g, '\\$&')} \\(0 s so far; gives up after 0 s, PGLITE_LOCK_TIMEOUT\\)$`,
        ),
      );
    }
    expect(fs.readFileSync(lockPath, 'utf8')).toBe(text);
  });

  test('an owner on another host cannot be judged: waits, and the error says what to remove if it is gone', async () => {
    const lockPath = freshLock();
    plant(lockPath, liveOther({ host: 'elsewhere.example' }));
    const error = await failure(acquirePgliteLock(lockPath, lockOptions([], 50)));
    expect(error.message).toMatch(
      new RegExp(
        `on host elsewhere\\.example .*this host cannot tell whether it still runs\\); if no process uses the database any more, remove ${lockPath}$`,
      ),
    );
  });

  test('an owner killed but not yet reaped by its parent (a zombie) is gone: its lock is taken over', async () => {
    // sleep 1000 never waits for its child: once killed, the child stays a zombie until sleep 1000 ends.
    const parent = spawn('sh', ['-c', 'sleep 100 & echo $!; exec sleep 1000'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    try {
      let out = '';
      parent.stdout.on('data', (chunk) => {
        out += chunk;
      });
      await waitFor('the child pid', () => /\d+\n/.test(out));
      const child = Number(out.trim());
      const owner = liveOther({ pid: child, start: startTime(child), command: 'sleep 100' });
      expect(ownerState(owner)).toBe('alive');
      process.kill(child, 'SIGKILL');
      await waitFor('the child to be a zombie', () =>
        fs.readFileSync(`/proc/${child}/stat`, 'utf8').split(') ')[1].startsWith('Z'),
      );
      expect(ownerState(owner)).toBe('gone');
      const lockPath = freshLock();
      plant(lockPath, owner);
      const release = await acquirePgliteLock(lockPath, lockOptions([]));
      release();
    } finally {
      parent.kill('SIGKILL');
    }
  });

  test('release removes only its own lock', async () => {
    const lockPath = freshLock();
    const release = await acquirePgliteLock(lockPath, lockOptions([]));
    const other = plant(lockPath, liveOther());
    release();
    expect(fs.readFileSync(lockPath, 'utf8')).toBe(other);
  });

  test('several waiters on a dead owner: exactly one takes it over at a time', async () => {
    const lockPath = freshLock();
    plant(lockPath, liveOther({ pid: deadPid() }));
    const held: number[] = [];
    let holders = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 4 }, async (_, i) => {
        const release = await acquirePgliteLock(lockPath, lockOptions([]));
        holders += 1;
        most = Math.max(most, holders);
        held.push(i);
        await new Promise((resolve) => setImmediate(resolve));
        holders -= 1;
        release();
      }),
    );
    expect({ most, held: held.length }).toEqual({ most: 1, held: 4 });
  });
});

/** A second process that takes the lock through the module, then blocks its event loop until `go` exists. */
function startBusyHolder(lockPath: string, go: string) {
  const script = `
    const fs = require('node:fs');
    const { acquirePgliteLock } = require('./src/db/pglite-lock');
    acquirePgliteLock(${JSON.stringify(lockPath)}, { timeoutMs: 1000, shown: 'x', log: () => {} }).then(() => {
      console.log('locked');
      while (!fs.existsSync(${JSON.stringify(go)})) {} // no timer, no I/O callback: the loop is blocked
      process.exit(0);
    });`;
  const child = spawn(process.execPath, ['-r', 'ts-node/register', '-e', script], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stdout: () => stdout, exited };
}

describe('a second process holding the lock with a blocked event loop', () => {
  test.each([
    ['exits', 'released'],
    ['is killed', 'taken over'],
  ])(
    'this process waits naming it while its lock file looks ancient; when it %s, the lock is %s',
    async (how) => {
      const lockPath = freshLock();
      const go = `${lockPath}.go`;
      const holder = startBusyHolder(lockPath, go);
      try {
        await waitFor('the holder to take the lock', () => holder.stdout().includes('locked'));
        fs.utimesSync(lockPath, new Date(0), new Date(0));
        const lines: string[] = [];
        let acquired = false;
        const acquiring = acquirePgliteLock(lockPath, lockOptions(lines)).then((release) => {
          acquired = true;
          return release;
        });
        await waitFor('three waiting lines', () => lines.length >= 3);
        expect(acquired).toBe(false);
        expect(lines[0]).toMatch(
          new RegExp(
            `another process has it open: pid ${holder.child.pid} \\(.*ts-node/register -e .*\\), holding it since `,
          ),
        );
        if (how === 'exits') fs.writeFileSync(go, '');
        else holder.child.kill('SIGKILL');
        const release = await acquiring;
        expect(await holder.exited).toBe(how === 'exits' ? 0 : null);
        expect(JSON.parse(fs.readFileSync(lockPath, 'utf8')).pid).toBe(process.pid);
        release();
      } finally {
        holder.child.kill('SIGKILL');
      }
    },
  );
});

test('knex lets the lock wait last PGLITE_LOCK_TIMEOUT: its pool does not cut a connect short at 30 s', async () => {
  // Seen by hand: a second `knex seed:run` waiting 28 s behind a busy one ended in "DB_UNREACHABLE ... connect timeout".
  const knex = knexFactory(
    knexConfig({
      kind: 'pglite',
      dataDir: path.join(work, 'unopened'),
      lockTimeoutMs: 120_000,
      describe: '',
    }),
  );
  // biome-ignore lint/suspicious/noExplicitAny: tarn's settings are not part of knex's public types.
  const pool = (knex.client as any).pool;
  expect(pool.createTimeoutMillis).toBeGreaterThan(120_000);
  expect(pool.acquireTimeoutMillis).toBeGreaterThan(120_000);
  await knex.destroy();
  expect(fs.existsSync(path.join(work, 'unopened'))).toBe(false);
});
