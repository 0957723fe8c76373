/**
 * The load rows of `npm run bench`, on either target: the COPY floor (PostgreSQL's own COPY of the identical
 * rows into a twin table with the same indexes, in the order of their indices, the faster of two; then the same COPY in the order
 * of their ids, as the seed writes them, for reference), then the seed's first load with the indexes maintained row by
 * row and with index-after-load, the no-op, and a rerun changing 10%, each in a process of its own
 * (scripts/bench-worker.ts) so its peak RSS is its own, all in the same run so the ratios share the machine's
 * load.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { DEFAULT_RANDOM_SEED, generatePostings } from '../src/data/generate';
import { writtenLines } from '../src/seed/plan/staging';
import { writtenColumns } from '../src/seed/table/description';
import { itemsInIdOrder } from '../src/seed/write/bulk-load';
import { jobPostings, syntheticPostings } from './bench-seeds';

const ROOT = path.resolve(__dirname, '..');
export const SYNTHETIC_SEED_NAME = syntheticPostings({
  syntheticCount: 0,
  randomSeed: DEFAULT_RANDOM_SEED,
}).name;

export interface Measured {
  seconds: number;
  maxRssMb: number;
  /** Seed phases: per seed its counts, or "up to date". */
  counts?: unknown[];
}

/** A database the bench loads into: how a worker process reaches it, and a short-lived connection to it. */
export interface LoadTarget {
  /** Environment pointing scripts/bench-worker.ts (and the knex CLI) at the database. */
  env: Record<string, string>;
  /** Opens a connection, runs `fn`, closes it (PGlite admits one process at a time). */
  withDb<T>(fn: (db: Knex) => Promise<T>): Promise<T>;
}

/** A no-op row measures nothing unless the run really was a no-op. */
export function assertNoop(m: Measured, what: string): Measured {
  if (!m.counts?.every((c) => c === 'up to date'))
    throw new Error(`${what} was not a no-op: ${JSON.stringify(m.counts)}`);
  return m;
}

/**
 * A no-op measured `times` times, each in a process of its own: the run with the median seconds (a single
 * run of a tenth of a second is mostly its own noise: planning, the first statement, the connection).
 */
export function medianNoop(env: Record<string, string>, what: string, times = 5): Measured {
  return medianRun(Array.from({ length: times }, () => assertNoop(phase('seed', env), what)));
}

/** The run with the fewest seconds. */
export function fastest(runs: Measured[]): Measured {
  return [...runs].sort((a, b) => a.seconds - b.seconds)[0];
}

/** The run with the median seconds. */
export function medianRun(runs: Measured[]): Measured {
  return [...runs].sort((a, b) => a.seconds - b.seconds)[runs.length >> 1];
}

/** A no-op's row of the table: its seconds and peak RSS (no rate, no ratio to the floor). */
export function noopRow(label: string, n: number, m: Measured): string[] {
  return [label, String(n), m.seconds.toFixed(3), '-', '-', m.maxRssMb.toFixed(0)];
}

/** Runs one phase of scripts/bench-worker.ts in a process of its own. */
export function phase(name: string, env: Record<string, string>, arg = ''): Measured {
  const out = execFileSync(
    process.execPath,
    ['-r', 'ts-node/register', 'scripts/bench-worker.ts', name, arg],
    {
      cwd: ROOT,
      env: { ...process.env, ...env },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return JSON.parse(out.trim().split('\n').pop() ?? '{}');
}

/**
 * The COPY rows (text format) a first load sends for N synthetic postings, written to `file` beforehand (the floor
 * reads it): in the order of their indices, as generated, or in the order of their ids, as the seed COPYs them.
 */
export function writeCopyRows(file: string, n: number, order: 'index' | 'id' = 'index'): void {
  const fd = fs.openSync(file, 'w');
  let chunk = '';
  const source = syntheticPostings({ syntheticCount: n, randomSeed: DEFAULT_RANDOM_SEED });
  const items = order === 'id' ? itemsInIdOrder(source, 0, n) : generatePostings(0, n, DEFAULT_RANDOM_SEED);
  for (const line of writtenLines(jobPostings, SYNTHETIC_SEED_NAME, items, Date.now())) {
    chunk += line;
    if (chunk.length > 1 << 20) {
      fs.writeSync(fd, chunk);
      chunk = '';
    }
  }
  fs.writeSync(fd, chunk);
  fs.closeSync(fd);
}

/** The measured loads of one run, by phase. */
export interface Loads {
  /** The floor: COPY of the rows in the order of their indices (the faster of two). */
  copy: Measured;
  /** Seconds of both floor COPYs, in the order they ran. */
  copyRuns: number[];
  /** The same COPY of the same rows in the order of their ids (as the seed loads them): not a goal's base. */
  copyIdOrder: Measured;
  twinRows: number;
  /** md5 of the table's rows (but the timestamps) after each first load: equal, or the bench fails. */
  tableMd5: string;
  /** First load with the secondary indexes maintained row by row (index-after-load off). */
  loadIndexed: Measured;
  /** First load into the empty table with index-after-load. */
  loadRebuilt: Measured;
  /** No-op right after the load, and after VACUUM (as autovacuum leaves the table: visibility map set). */
  noop: Measured;
  noopSettled: Measured;
  /** The no-op after VACUUM run twice in one process, the second timed (median of 5). */
  noopWarm: Measured;
  /** Rerun changing 10% with the narrow compare (hashes first), and staging every row in full. */
  change: Measured;
  changeFull: Measured;
}

/** Every tenth synthetic row drifts, so a SEED_FORCE rerun has 10% to converge back. */
export async function driftTenPercent(db: Knex): Promise<void> {
  await db.raw(
    `UPDATE job_postings SET title = title || ' (drift)' WHERE seed_name = ? AND ('x' || substr(id::text, 1, 8))::bit(32)::int % 10 = 0`,
    [SYNTHETIC_SEED_NAME],
  );
}

/** md5 over every row's md5 (in id order) of the columns a load writes, but the timestamps (now() differs). */
export async function tableMd5(db: Knex): Promise<string> {
  const { rows } = await db.raw(`
    SELECT md5(string_agg(md5(t::text), '' ORDER BY t.id)) AS md5 FROM (
      SELECT ${writtenColumns(jobPostings)
        .filter((c) => c !== 'created_at' && c !== 'updated_at')
        .join(', ')} FROM job_postings) t`);
  return rows[0].md5;
}

/** The load phases on `target` (migrated, holding only the curated postings or nothing) for N postings. */
export async function measureLoads(target: LoadTarget, n: number): Promise<Loads> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jps-bench-'));
  const rowsFile = path.join(dir, 'rows.txt');
  const seedEnv = { ...target.env, SEED_SYNTHETIC_JOB_POSTINGS: String(n) };
  const settle = (sql: string[]) =>
    target.withDb(async (db) => {
      for (const s of sql) await db.raw(s);
      await db.raw('CHECKPOINT');
    });
  try {
    await settle(['CREATE TABLE job_postings_twin (LIKE job_postings INCLUDING ALL)']);
    process.stderr.write(`bench: writing ${n} rows to ${rowsFile}\n`);
    writeCopyRows(rowsFile, n);

    // The floor is the faster of two COPYs: a slow floor flatters every ratio, and a machine's speed drifts (the
    // floor of one bench right after a boot took 5.45 s, 4.09 s in the next bench, 2.78 s in the one after).
    const floor: Measured[] = [];
    let twinRows = 0;
    for (const attempt of [1, 2]) {
      process.stderr.write(`bench: COPY floor (${attempt} of 2)\n`);
      floor.push(phase('copy', target.env, rowsFile));
      twinRows = await target.withDb(async (db) => {
        const [{ count }] = await db('job_postings_twin').count({ count: '*' });
        return Number(count);
      });
      await settle(['TRUNCATE job_postings_twin']);
    }
    const copy = fastest(floor);
    writeCopyRows(rowsFile, n, 'id');
    process.stderr.write('bench: COPY of the same rows in id order\n');
    const copyIdOrder = phase('copy', target.env, rowsFile);
    await settle(['TRUNCATE job_postings, seed_guard']);
    process.stderr.write('bench: seed, first load, indexes maintained\n');
    const loadIndexed = phase('seed', { ...seedEnv, BENCH_INDEX_REBUILD: 'off' });
    const md5Indexed = await target.withDb(tableMd5);
    await settle(['TRUNCATE job_postings, seed_guard']);
    process.stderr.write('bench: seed, first load, index-after-load\n');
    const loadRebuilt = phase('seed', seedEnv);
    const md5 = await target.withDb(tableMd5);
    if (md5 !== md5Indexed)
      throw new Error(`the two first loads wrote different rows: ${md5Indexed} vs ${md5}`);
    process.stderr.write('bench: seed, no-op rerun\n');
    const noop = assertNoop(phase('seed', seedEnv), 'the rerun');
    await settle(['VACUUM (ANALYZE) job_postings']);
    const noopSettled = medianNoop(seedEnv, 'the rerun after VACUUM');
    const noopWarm = medianNoop({ ...seedEnv, BENCH_WARM: 'true' }, 'the second rerun in one process');

    const rerun = (env: Record<string, string>) => async () => {
      await target.withDb(driftTenPercent);
      await settle([]);
      return phase('seed', { ...seedEnv, ...env, SEED_FORCE: 'true' });
    };
    process.stderr.write('bench: seed, rerun changing 10%, every row staged\n');
    const changeFull = await rerun({ BENCH_NARROW_COMPARE: 'off' })();
    process.stderr.write('bench: seed, rerun changing 10%, hashes first\n');
    const change = await rerun({})();
    return {
      copy,
      copyRuns: floor.map((m) => m.seconds),
      copyIdOrder,
      twinRows,
      tableMd5: md5,
      loadIndexed,
      loadRebuilt,
      noop,
      noopSettled,
      noopWarm,
      change,
      changeFull,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The table rows of measured loads: time, rate, ratio to the COPY floor, peak RSS. */
export function loadRows(loads: Loads, n: number): string[][] {
  const { copy } = loads;
  const row = (name: string, rows: number, m: Measured) => [
    name,
    String(rows),
    m.seconds.toFixed(2),
    Math.round(rows / m.seconds).toLocaleString('en-US'),
    `${(m.seconds / copy.seconds).toFixed(2)}x`,
    m.maxRssMb.toFixed(0),
  ];
  return [
    ['phase', 'N', 'seconds', 'rows/s', 'vs COPY', 'peak RSS MB'],
    row('COPY into the indexed twin table (floor; the faster of two)', loads.twinRows, copy),
    row('COPY into the indexed twin table, rows in id order', loads.twinRows, loads.copyIdOrder),
    row('seed:run, first load, indexes maintained', n, loads.loadIndexed),
    row('seed:run, first load into empty table, index-after-load', n, loads.loadRebuilt),
    row('seed:run, rerun changing 10% (SEED_FORCE), every row staged', n, loads.changeFull),
    row('seed:run, rerun changing 10% (SEED_FORCE), hashes first', n, loads.change),
    noopRow('seed:run, no-op right after the load (in process)', n, loads.noop),
    noopRow('seed:run, no-op after VACUUM (in process, median of 5)', n, loads.noopSettled),
    noopRow('seed:run, no-op after VACUUM, second run in one process (median of 5)', n, loads.noopWarm),
  ];
}

/** Below this many postings a ratio's goal is 0.1 looser (issue 17: "200,000 postings: the same ratios within 0.1"). */
const GOAL_ROWS = 1_000_000;

/**
 * One line per goal of issue 17, met or not, from the ratios of this run at N = `n`. The goals are a server's: on
 * PGlite (`pglite`), whose every phase includes booting the database, the lines say they are for reference.
 */
export function loadGoals(loads: Loads, n: number, pglite = false): string[] {
  const ratio = (m: Measured) => m.seconds / loads.copy.seconds;
  const slack = n < GOAL_ROWS ? 0.1 : 0;
  const goal = (what: string, value: number, limit: number) => {
    const at = Math.round((limit + slack) * 100) / 100;
    const met = pglite ? "a server's goal, for reference" : value <= at ? 'met' : 'NOT met';
    const scope = slack ? `, its goal at ${GOAL_ROWS} plus ${slack} below that size` : '';
    // Two decimals, or three where two would round a miss onto the goal (0.904 is not 0.90 <= 0.9).
    const shown = value > at && value.toFixed(2) === at.toFixed(2) ? value.toFixed(3) : value.toFixed(2);
    return `${what}: ${shown}x (goal <= ${at}x${scope}: ${met})`;
  };
  const peak = Math.max(
    loads.loadIndexed.maxRssMb,
    loads.loadRebuilt.maxRssMb,
    loads.change.maxRssMb,
    loads.changeFull.maxRssMb,
  );
  return [
    goal('first load vs COPY into the indexed twin', ratio(loads.loadIndexed), 1.05),
    goal('first load into empty table with index-after-load vs the same COPY', ratio(loads.loadRebuilt), 0.8),
    goal('rerun changing 10% vs COPY', ratio(loads.change), 1.3),
    `first load (indexes maintained, index-after-load) vs the COPY in id order: ${(loads.loadIndexed.seconds / loads.copyIdOrder.seconds).toFixed(2)}x, ${(loads.loadRebuilt.seconds / loads.copyIdOrder.seconds).toFixed(2)}x (no goal: the floor of a load that sorts its rows)`,
    `the floor's two COPYs: ${loads.copyRuns.map((t) => `${t.toFixed(2)} s`).join(', ')} (the faster is the floor)`,
    `md5 of the table after either first load (timestamps left out): ${loads.tableMd5}`,
    `peak RSS of the loads: ${peak.toFixed(0)} MB (goal < 300 MB: ${pglite ? "a server's goal, for reference" : peak < 300 ? 'met' : 'NOT met'})`,
  ];
}

/** `uptime`'s load averages, to print beside the figures: other work on the machine skews them. */
export function loadAverage(): string {
  return os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');
}
