/**
 * `npm run bench [-- N]`: first the start-up of whole `knex` processes on the curated data set (a no-op
 * `seed:run` against `migrate:status` and against itself without swc), then loads N synthetic postings
 * (default 100,000) into a scratch database and, in the same run, COPYs the identical rows into a twin table
 * with the same indexes, and prints the figures side by side (scripts/bench-loads.ts). `npm run bench --
 * startup` stops after the start-up rows; `npm run bench -- --pglite N` measures the loads on the embedded
 * database instead, with its own COPY floor. Needs a PostgreSQL server (except --pglite):
 * BENCH_ADMIN_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knexFactory from 'knex';
import { DEFAULT_RANDOM_SEED } from '../src/data/generate';
import { knexConfig } from '../src/db/knex-config';
import { countSeedRows, readSeedRows, recordedTable, recordSeedRows } from '../src/seed/guard/seed-guard';
import { readWriteLog, writtenSince } from '../src/seed/guard/write-log';
import { writtenColumns } from '../src/seed/table/description';
import {
  assertNoop,
  type LoadTarget,
  loadAverage,
  loadGoals,
  loadRows,
  type Measured,
  measureLoads,
  median,
  medianRun,
  noopRow,
  phase,
  SYNTHETIC_SEED_NAME,
} from './bench-loads';
import { jobPostings } from './bench-seeds';
import { knexProcessCost, measureStartup, startupReport } from './bench-startup';

const ROOT = path.resolve(__dirname, '..');
const ADMIN_URL = process.env.BENCH_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ARGS = process.argv.slice(2);
const STARTUP_ONLY = ARGS[0] === 'startup';
const PGLITE = ARGS[0] === '--pglite';
const N = Number(
  ((STARTUP_ONLY ? undefined : ARGS[PGLITE ? 1 : 0]) ?? process.env.BENCH_N ?? '100000').replace(/_/g, ''),
);
/** Owned rows at which the fast path's table check (count and id fingerprint of the seed's rows) is measured. */
const CHECK_ROWS = 1_000_000;
/**
 * The size the no-op at CHECK_ROWS is compared with: N, or 200,000 when N is CHECK_ROWS or more (the issue's
 * "the in-process no-op at 200k and 1M within 10% of each other"; N itself would compare the size with itself).
 */
const SMALL_ROWS = N < CHECK_ROWS ? N : 200_000;

/** `knex <command>` in a process of its own, on the database `env` points at, its output left out. */
function knexCli(command: 'migrate:latest' | 'seed:run', env: Record<string, string>): void {
  execFileSync(process.execPath, ['node_modules/knex/bin/cli.js', command], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: 'ignore',
  });
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
 * Pads the synthetic seed's rows to CHECK_ROWS with copies of them at fresh ids (the table check reads which ids
 * carry the seed's name, not what the rows say), settles the table as autovacuum would, and records the new
 * rows in the guard (with the write log's mark, as a run that wrote them would) so a rerun takes the fast path
 * over them.
 */
async function padOwnedRows(db: knexFactory.Knex): Promise<void> {
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
  const log = await readWriteLog(db, jobPostings.table);
  const { rows, ids, log: mark } = await recordSeedRows(db, jobPostings.table, SYNTHETIC_SEED_NAME, log);
  await db.raw(
    `UPDATE seed_guard SET params = jsonb_set(jsonb_set(jsonb_set(params, '{table,rows}', to_jsonb(?::int)),
       '{table,ids}', to_jsonb(?::text)), '{table,log}', ?::jsonb) WHERE seed_name = ?`,
    [rows, ids, JSON.stringify(mark ?? null), SYNTHETIC_SEED_NAME],
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

/** Pairs of no-ops, one at each size, taken in turn. */
const NOOP_PAIRS = 11;
const INTERLEAVED_FRESH = `seed:run, no-op after VACUUM, sizes in turn (in process, median of ${NOOP_PAIRS})`;
const INTERLEAVED_WARM = `seed:run, no-op after VACUUM, sizes in turn, second run in one process (median of ${NOOP_PAIRS})`;

/**
 * The no-op at N and at CHECK_ROWS owned rows, each a fresh process and each the second run in one, the two
 * sizes taken in turn (small, large, small, ...) so both see the same machine: measured one size after the
 * other, the first size's runs met the checkpoint and autovacuum after the loads and the other's did not.
 */
function interleavedNoops(
  small: Record<string, string>,
  large: Record<string, string>,
  times = NOOP_PAIRS,
): { fresh: [Measured, Measured]; warm: [Measured, Measured]; ratios: { fresh: number; warm: number } } {
  const runs = { fresh: [[], []] as Measured[][], warm: [[], []] as Measured[][] };
  for (let i = 0; i < times; i++) {
    [small, large].forEach((env, k) => {
      runs.fresh[k].push(assertNoop(phase('seed', env), `the rerun after VACUUM (${k ? 'large' : 'small'})`));
      runs.warm[k].push(assertNoop(phase('seed', { ...env, BENCH_WARM: 'true' }), 'the second rerun'));
    });
  }
  // Each pair's ratio (large over small, taken one right after the other), then their median: a few milliseconds
  // of the machine's drift between two medians taken apart would be a tenth of a warm no-op.
  const ratio = (pairs: Measured[][]) => median(pairs[1].map((m, i) => m.seconds / pairs[0][i].seconds));
  return {
    fresh: [medianRun(runs.fresh[0]), medianRun(runs.fresh[1])],
    warm: [medianRun(runs.warm[0]), medianRun(runs.warm[1])],
    ratios: { fresh: ratio(runs.fresh), warm: ratio(runs.warm) },
  };
}

/** The 1M-row no-op rows: the fast path's table check, beside the guard row read it adds to. */
async function bigNoopRows(
  db: knexFactory.Knex,
  env: Record<string, string>,
  smallEnv: Record<string, string>,
): Promise<{ rows: string[][]; ratios: { fresh: number; warm: number } }> {
  process.stderr.write(`bench: table check at ${CHECK_ROWS} owned rows\n`);
  await padOwnedRows(db);
  // Settled as before every measured phase: the padding's dirty pages written now, not during the no-ops.
  await db.raw('CHECKPOINT');
  const guardRead = await medianSeconds(() =>
    db('seed_guard').where({ seed_name: SYNTHETIC_SEED_NAME }).first(),
  );
  const count = await medianSeconds(() => countSeedRows(db, jobPostings.table, SYNTHETIC_SEED_NAME));
  const check = await medianSeconds(() => readSeedRows(db, jobPostings.table, SYNTHETIC_SEED_NAME));
  const guard = await db('seed_guard').where({ seed_name: SYNTHETIC_SEED_NAME }).first();
  const logCheck = await medianSeconds(async () => {
    const log = await readWriteLog(db, jobPostings.table);
    if (!log || (await writtenSince(db, log, recordedTable(guard)?.log)))
      throw new Error('the write log does not vouch for the padded rows');
  });
  const bigEnv = { ...env, SEED_SYNTHETIC_JOB_POSTINGS: String(N) };
  process.stderr.write(`bench: no-ops at ${SMALL_ROWS} and ${CHECK_ROWS} owned rows, in turn\n`);
  const noops = interleavedNoops({ ...smallEnv, SEED_SYNTHETIC_JOB_POSTINGS: String(SMALL_ROWS) }, bigEnv);
  const bigNoopCli = knexProcessCost(['seed:run'], { ...process.env, ...bigEnv });
  const dash = ['-', '-'];
  const rows = [
    ['guard row read (median; the table check adds to it)', '1', guardRead.toFixed(4), ...dash, '-'],
    [
      "a plain count of the seed's rows (median; the check before issue 14)",
      String(CHECK_ROWS),
      count.toFixed(4),
      ...dash,
      '-',
    ],
    [
      'table check: count and id fingerprint (median; the check before issue 17)',
      String(CHECK_ROWS),
      check.toFixed(4),
      ...dash,
      '-',
    ],
    [
      'write log check: triggers in the catalog, nothing written since (median)',
      String(CHECK_ROWS),
      logCheck.toFixed(4),
      ...dash,
      '-',
    ],
    noopRow(INTERLEAVED_FRESH, SMALL_ROWS, noops.fresh[0]),
    noopRow(INTERLEAVED_FRESH, CHECK_ROWS, noops.fresh[1]),
    noopRow(INTERLEAVED_WARM, SMALL_ROWS, noops.warm[0]),
    noopRow(INTERLEAVED_WARM, CHECK_ROWS, noops.warm[1]),
    [
      'knex seed:run, no-op rerun (whole process)',
      String(CHECK_ROWS),
      bigNoopCli.wall.toFixed(2),
      ...dash,
      '-',
    ],
  ];
  return { rows, ratios: noops.ratios };
}

/** The loads on a fresh PGlite directory, with its own COPY floor. */
async function pgliteMain(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jps-bench-pglite-'));
  const env = {
    PGLITE_DIR: path.join(dir, 'pgdata'),
    DATABASE_URL: '',
    SEED_RANDOM_SEED: DEFAULT_RANDOM_SEED,
  };
  const target: LoadTarget = {
    env,
    withDb: async (fn) => {
      const db = knexFactory(
        knexConfig({ kind: 'pglite', dataDir: env.PGLITE_DIR, lockTimeoutMs: 60_000, describe: 'bench' }),
      );
      try {
        return await fn(db);
      } finally {
        await db.destroy();
      }
    },
  };
  try {
    knexCli('migrate:latest', env);
    console.log(`load average before: ${loadAverage()}`);
    const loads = await measureLoads(target, N);
    console.log(table(loadRows(loads, N)));
    for (const goal of loadGoals(loads, N, true)) console.log(goal);
    console.log(`load average after: ${loadAverage()}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  if (!Number.isInteger(N) || N <= 0) throw new Error('N must be a positive whole number');
  if (PGLITE) return pgliteMain();
  const database = `jps_bench_${randomBytes(4).toString('hex')}`;
  const admin = knexFactory({ client: 'pg', connection: ADMIN_URL });
  await admin.raw('CREATE DATABASE ??', [database]);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  const env = { DATABASE_URL: url.toString(), SEED_RANDOM_SEED: DEFAULT_RANDOM_SEED };
  const smallDatabase = `${database}_small`;
  url.pathname = `/${smallDatabase}`;
  const smallEnv = { ...env, DATABASE_URL: url.toString() };
  try {
    knexCli('migrate:latest', env);
    console.log(`load average before: ${loadAverage()}`);
    if (process.env.BENCH_SKIP_STARTUP !== 'true') {
      process.stderr.write('bench: start-up of whole knex processes\n');
      knexCli('seed:run', env);
      const startup = startupReport(measureStartup({ ...process.env, ...env }));
      console.log(table(startup.rows));
      for (const goal of startup.goals) console.log(goal);
      if (STARTUP_ONLY) return;
      console.log('');
    }

    let db = knexFactory({ client: 'pg', connection: env.DATABASE_URL });
    const target: LoadTarget = { env, withDb: (fn) => fn(db) };
    try {
      const loads = await measureLoads(target, N);
      const noopCli = knexProcessCost(['seed:run'], {
        ...process.env,
        ...env,
        SEED_SYNTHETIC_JOB_POSTINGS: String(N),
      });
      // The no-op at SMALL_ROWS, taken in turn with the one at CHECK_ROWS, runs on a table of its own, vacuumed:
      // a copy of the N-row table, or (N of CHECK_ROWS or more) one loaded with SMALL_ROWS postings.
      await db.destroy(); // CREATE DATABASE ... TEMPLATE needs the template to itself
      if (SMALL_ROWS === N) {
        await admin.raw('CREATE DATABASE ?? TEMPLATE ??', [smallDatabase, database]);
      } else {
        await admin.raw('CREATE DATABASE ??', [smallDatabase]);
        knexCli('migrate:latest', smallEnv);
        process.stderr.write(`bench: loading ${SMALL_ROWS} postings for the no-op beside ${CHECK_ROWS}\n`);
        phase('seed', { ...smallEnv, SEED_SYNTHETIC_JOB_POSTINGS: String(SMALL_ROWS) });
      }
      db = knexFactory({ client: 'pg', connection: env.DATABASE_URL });
      const small = knexFactory({ client: 'pg', connection: smallEnv.DATABASE_URL });
      await small.raw('VACUUM (ANALYZE) job_postings').finally(() => small.destroy());
      const big = await bigNoopRows(db, env, smallEnv);
      const rows = [
        ...loadRows(loads, N),
        ['knex seed:run, no-op rerun (whole process)', String(N), noopCli.wall.toFixed(2), '-', '-', '-'],
        ...big.rows,
      ];
      console.log(table(rows));
      for (const goal of loadGoals(loads, N)) console.log(goal);
      // The same no-op at both sizes, as its rows say: a fresh process's first run, and the second run in one;
      // the ratio is the median of the pairs' ratios.
      for (const [ratio, what] of [
        [big.ratios.fresh, 'a fresh process'],
        [big.ratios.warm, 'the second run in one process'],
      ] as const) {
        console.log(
          `no-op after VACUUM at ${CHECK_ROWS} vs at ${SMALL_ROWS}, ${what}: ${ratio.toFixed(2)}x (median of ${NOOP_PAIRS} pairs taken in turn; goal within 10%: ${Math.abs(ratio - 1) <= 0.1 ? 'met' : 'NOT met'})`,
        );
      }
      console.log(`load average after: ${loadAverage()}`);
    } finally {
      await db.destroy();
    }
  } finally {
    await admin.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [smallDatabase]);
    await admin.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [database]);
    await admin.destroy();
  }
}

main().catch((error) => {
  console.error(`bench failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
