/**
 * `npm run bench [-- N]`: loads N synthetic postings (default 100,000) into a scratch database and, in the
 * same run, COPYs the identical rows into a twin table with the same indexes, then prints the figures side by
 * side. Needs a PostgreSQL server: BENCH_ADMIN_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knexFactory from 'knex';
import { jobPostings, syntheticPostings } from '../seeds/01_job_postings';
import { DEFAULT_RANDOM_SEED, generatePostings } from '../src/data/generate';
import { writtenLines } from '../src/seed/staging';

const ROOT = path.resolve(__dirname, '..');
const SYNTHETIC_SEED_NAME = syntheticPostings({ syntheticCount: 0, randomSeed: DEFAULT_RANDOM_SEED }).name;
const ADMIN_URL = process.env.BENCH_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const N = Number((process.argv[2] ?? process.env.BENCH_N ?? '100000').replace(/_/g, ''));

interface Measured {
  seconds: number;
  maxRssMb: number;
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

function cliSeconds(args: string[], env: Record<string, string>): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: 'ignore',
  });
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}`);
  return Number(process.hrtime.bigint() - started) / 1e9;
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

async function main(): Promise<void> {
  if (!Number.isInteger(N) || N <= 0) throw new Error('N must be a positive whole number');
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
    const db = knexFactory({ client: 'pg', connection: env.DATABASE_URL });
    await db.raw('CREATE TABLE job_postings_twin (LIKE job_postings INCLUDING ALL)');
    process.stderr.write(`bench: writing ${N} rows to ${csv}\n`);
    const fd = fs.openSync(csv, 'w');
    let chunk = '';
    for (const line of writtenLines(
      jobPostings,
      SYNTHETIC_SEED_NAME,
      generatePostings(0, N, DEFAULT_RANDOM_SEED),
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
    const noop = phase('seed', { ...env, SEED_SYNTHETIC_JOB_POSTINGS: String(N) });
    const noopCli = cliSeconds(['node_modules/knex/bin/cli.js', 'seed:run'], {
      ...env,
      SEED_SYNTHETIC_JOB_POSTINGS: String(N),
    });
    const startup = cliSeconds(['node_modules/knex/bin/cli.js', 'migrate:status'], env);

    // A rerun that changes 10%: every tenth synthetic row drifted; SEED_FORCE converges them back.
    await db.raw(
      `UPDATE job_postings SET title = title || ' (drift)' WHERE seed_name = ? AND ('x' || substr(id::text, 1, 8))::bit(32)::int % 10 = 0`,
      [SYNTHETIC_SEED_NAME],
    );
    await db.raw('CHECKPOINT');
    process.stderr.write('bench: seed, rerun changing 10%\n');
    const change = phase('seed', { ...env, SEED_SYNTHETIC_JOB_POSTINGS: String(N), SEED_FORCE: 'true' });
    const [{ count: twin }] = await db('job_postings_twin').count({ count: '*' });
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
      ['knex seed:run, no-op rerun (whole process)', String(N), noopCli.toFixed(2), '-', '-', '-'],
      ['knex migrate:status (process start-up, for scale)', '-', startup.toFixed(2), '-', '-', '-'],
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
