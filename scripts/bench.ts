/**
 * `npm run bench [-- N]`: first the start-up of whole `knex` processes on the curated data set (a no-op
 * `seed:run` against `migrate:status` and against itself without swc), then loads N synthetic postings
 * (default 100,000) into a scratch database and, in the same run, COPYs the identical rows into a twin table
 * with the same indexes, and prints the figures side by side. `npm run bench -- startup` stops after the
 * start-up rows. Needs a PostgreSQL server: BENCH_ADMIN_DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/postgres).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knexFactory from 'knex';
import { readSeedOptions } from '../src/config';
import { DEFAULT_RANDOM_SEED, generatePostings } from '../src/data/generate';
import type { SeedPosting } from '../src/data/types';
import { JOB_POSTINGS_TABLE } from '../src/db/job-postings';
import { seedsConfig } from '../src/db/knex-config';
import { countSeedRows } from '../src/seed/guard';
import { seedsOfTable } from '../src/seed/seed-set';
import { writtenColumns, writtenLines } from '../src/seed/staging';
import type { GeneratedSource } from '../src/seed/table';
import { knexProcessCost, measureStartup, startupReport } from './bench-startup';

const ROOT = path.resolve(__dirname, '..');
const ADMIN_URL = process.env.BENCH_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const STARTUP_ONLY = process.argv[2] === 'startup';
const N = Number(
  ((STARTUP_ONLY ? undefined : process.argv[2]) ?? process.env.BENCH_N ?? '100000').replace(/_/g, ''),
);
/** Owned rows at which the fast path's table check (a count of the seed's rows) is measured. */
const CHECK_ROWS = 1_000_000;

interface Measured {
  seconds: number;
  maxRssMb: number;
  /** Seed phases: per seed its counts, or "up to date". */
  counts?: unknown[];
}

/** A no-op row measures nothing unless the run really was a no-op. */
function assertNoop(m: Measured, what: string): Measured {
  if (!m.counts?.every((c) => c === 'up to date'))
    throw new Error(`${what} was not a no-op: ${JSON.stringify(m.counts)}`);
  return m;
}

function phase(name: string, env: Record<string, string>, arg = ''): Measured {
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

/** Median seconds of `times` calls of `fn` (after one warm-up call). */
async function medianSeconds(fn: () => Promise<unknown>, times = 7): Promise<number> {
  await fn();
  const runs: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = process.hrtime.bigint();
    await fn();
    runs.push(Number(process.hrtime.bigint() - started) / 1e9);
  }
  return runs.sort((a, b) => a - b)[times >> 1];
}

/**
 * Pads the synthetic seed's rows to CHECK_ROWS with copies of them at fresh ids (a count does not care what the
 * rows say), settles the table as autovacuum would, and records the new count in the guard so a rerun takes the
 * fast path over them.
 */
async function padOwnedRows(db: knexFactory.Knex, synthetic: GeneratedSource<SeedPosting>): Promise<void> {
  const { table: jobPostings, name: SYNTHETIC_SEED_NAME } = synthetic;
  const columns = writtenColumns(jobPostings)
    .filter((c) => c !== 'id')
    .join(', ');
  const pad = CHECK_ROWS - (await countSeedRows(db, jobPostings.table, SYNTHETIC_SEED_NAME));
  if (pad > 0) {
    await db.raw(
      `INSERT INTO job_postings (id, ${columns})
       SELECT gen_random_uuid(), ${columns}
       FROM (SELECT * FROM job_postings WHERE seed_name = ?) j CROSS JOIN generate_series(1, ?) LIMIT ?`,
      [SYNTHETIC_SEED_NAME, Math.ceil(pad / N), pad],
    );
  }
  await db.raw('VACUUM (ANALYZE) job_postings');
  await db.raw(
    `UPDATE seed_guard SET params = jsonb_set(params, '{rowsInTable}', to_jsonb(?::int)) WHERE seed_name = ?`,
    [CHECK_ROWS, SYNTHETIC_SEED_NAME],
  );
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r: string[]) =>
    `| ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  return [
    line(rows[0]),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...rows.slice(1).map(line),
  ].join('\n');
}

/** The synthetic postings' seed, as the seed directory's files declare it. */
async function syntheticSeed(): Promise<GeneratedSource<SeedPosting>> {
  const options = { ...readSeedOptions(), syntheticCount: N, randomSeed: DEFAULT_RANDOM_SEED };
  const seeds = await seedsOfTable(seedsConfig(), JOB_POSTINGS_TABLE, options);
  const synthetic = seeds.find((s) => s.kind === 'generated');
  if (!synthetic) throw new Error(`no generated seed fills ${JOB_POSTINGS_TABLE}`);
  return synthetic;
}

async function main(): Promise<void> {
  if (!Number.isInteger(N) || N <= 0) throw new Error('N must be a positive whole number');
  const synthetic = await syntheticSeed();
  const { table: jobPostings, name: SYNTHETIC_SEED_NAME } = synthetic;
  const database = `jps_bench_${randomBytes(4).toString('hex')}`;
  const admin = knexFactory({ client: 'pg', connection: ADMIN_URL });
  await admin.raw('CREATE DATABASE ??', [database]);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  const env = { DATABASE_URL: url.toString(), SEED_RANDOM_SEED: DEFAULT_RANDOM_SEED };
  const csv = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'jps-bench-')), 'rows.csv');
  try {
    execFileSync(process.execPath, ['node_modules/knex/bin/cli.js', 'migrate:latest'], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: 'ignore',
    });
    process.stderr.write('bench: start-up of whole knex processes\n');
    execFileSync(process.execPath, ['node_modules/knex/bin/cli.js', 'seed:run'], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: 'ignore',
    });
    const startup = startupReport(measureStartup({ ...process.env, ...env }));
    console.log(table(startup.rows));
    for (const goal of startup.goals) console.log(goal);
    if (STARTUP_ONLY) return;
    console.log('');

    const db = knexFactory({ client: 'pg', connection: env.DATABASE_URL });
    await db.raw('CREATE TABLE job_postings_twin (LIKE job_postings INCLUDING ALL)');
    process.stderr.write(`bench: writing ${N} rows to ${csv}\n`);
    const fd = fs.openSync(csv, 'w');
    let chunk = '';
    for (const line of writtenLines(
      jobPostings,
      SYNTHETIC_SEED_NAME,
      generatePostings(0, N, DEFAULT_RANDOM_SEED),
      Date.now(),
    )) {
      chunk += line;
      if (chunk.length > 1 << 20) {
        fs.writeSync(fd, chunk);
        chunk = '';
      }
    }
    fs.writeSync(fd, chunk);
    fs.closeSync(fd);
    await db.raw('CHECKPOINT');

    process.stderr.write('bench: COPY floor\n');
    const copy = phase('copy', env, csv);
    await db.raw('CHECKPOINT');
    process.stderr.write('bench: seed, first load\n');
    const load = phase('seed', { ...env, SEED_SYNTHETIC_JOB_POSTINGS: String(N) });
    process.stderr.write('bench: seed, no-op rerun\n');
    const noop = assertNoop(phase('seed', { ...env, SEED_SYNTHETIC_JOB_POSTINGS: String(N) }), 'the rerun');
    const noopCli = knexProcessCost(['seed:run'], {
      ...process.env,
      ...env,
      SEED_SYNTHETIC_JOB_POSTINGS: String(N),
    });

    // A rerun that changes 10%: every tenth synthetic row drifted; SEED_FORCE converges them back.
    await db.raw(
      `UPDATE job_postings SET title = title || ' (drift)' WHERE seed_name = ? AND ('x' || substr(id::text, 1, 8))::bit(32)::int % 10 = 0`,
      [SYNTHETIC_SEED_NAME],
    );
    await db.raw('CHECKPOINT');
    process.stderr.write('bench: seed, rerun changing 10%\n');
    const change = phase('seed', { ...env, SEED_SYNTHETIC_JOB_POSTINGS: String(N), SEED_FORCE: 'true' });
    const [{ count: twin }] = await db('job_postings_twin').count({ count: '*' });

    // The fast path's table check at CHECK_ROWS owned rows, beside the guard row read it adds to.
    process.stderr.write(`bench: table check at ${CHECK_ROWS} owned rows\n`);
    await padOwnedRows(db, synthetic);
    const guardRead = await medianSeconds(() =>
      db('seed_guard').where({ seed_name: SYNTHETIC_SEED_NAME }).first(),
    );
    const check = await medianSeconds(() => countSeedRows(db, jobPostings.table, SYNTHETIC_SEED_NAME));
    const bigEnv = { ...env, SEED_SYNTHETIC_JOB_POSTINGS: String(N) };
    const bigNoop = assertNoop(phase('seed', bigEnv), `the rerun at ${CHECK_ROWS} owned rows`);
    const bigNoopCli = knexProcessCost(['seed:run'], { ...process.env, ...bigEnv });
    await db.destroy();

    /** A measured load: its time, rate, ratio to the COPY floor and peak RSS. */
    const loadRow = (phase: string, rows: number, m: Measured) => [
      phase,
      String(rows),
      m.seconds.toFixed(2),
      Math.round(N / m.seconds).toLocaleString('en-US'),
      `${(m.seconds / copy.seconds).toFixed(2)}x`,
      m.maxRssMb.toFixed(0),
    ];
    const rows = [
      ['phase', 'N', 'seconds', 'rows/s', 'vs COPY', 'peak RSS MB'],
      loadRow('COPY FROM STDIN into the twin table (floor)', Number(twin), copy),
      loadRow('seed:run, first load', N, load),
      loadRow('seed:run, rerun changing 10% (SEED_FORCE)', N, change),
      [
        'seed:run, no-op rerun (in process)',
        String(N),
        noop.seconds.toFixed(3),
        '-',
        '-',
        noop.maxRssMb.toFixed(0),
      ],
      ['knex seed:run, no-op rerun (whole process)', String(N), noopCli.wall.toFixed(2), '-', '-', '-'],
      ['guard row read (median; the table check adds to it)', '1', guardRead.toFixed(4), '-', '-', '-'],
      ['table check: count of owned rows (median)', String(CHECK_ROWS), check.toFixed(4), '-', '-', '-'],
      [
        'seed:run, no-op rerun (in process)',
        String(CHECK_ROWS),
        bigNoop.seconds.toFixed(3),
        '-',
        '-',
        bigNoop.maxRssMb.toFixed(0),
      ],
      [
        'knex seed:run, no-op rerun (whole process)',
        String(CHECK_ROWS),
        bigNoopCli.wall.toFixed(2),
        '-',
        '-',
        '-',
      ],
    ];
    console.log(table(rows));
  } finally {
    fs.rmSync(path.dirname(csv), { recursive: true, force: true });
    await admin.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [database]);
    await admin.destroy();
  }
}

main().catch((error) => {
  console.error(`bench failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
