/**
 * The start-up rows of `npm run bench`: whole `knex` CLI processes, as a user runs them, measured in paired
 * rounds (the commands alternate, so load on the machine hits each alike) and reported as medians.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const KNEX_BIN = path.join(ROOT, 'node_modules', 'knex', 'bin', 'cli.js');

/** Goals of issue 10: a no-op seed:run costs little more than knex's own start-up, and swc halves its CPU. */
export const STARTUP_GOALS = { wallVsMigrateStatus: 1.15, cpuVsWithoutSwc: 0.6 };

export interface ProcessCost {
  /** Wall-clock seconds, spawn to exit. */
  wall: number;
  /** User + system CPU seconds of the process. */
  cpu: number;
}

/**
 * Runs `node knex/bin/cli.js args` once under `sh`, whose `times` builtin reports the CPU its children used
 * (the whole Node process, start-up included). The command reaches `sh` as its positional parameters ("$@"),
 * so no word of it is quoted into the script.
 */
export function knexProcessCost(args: string[], env: NodeJS.ProcessEnv): ProcessCost {
  const script = '"$@" >/dev/null 2>&1 || exit $?; times';
  const started = process.hrtime.bigint();
  const result = spawnSync('/bin/sh', ['-c', script, 'sh', process.execPath, KNEX_BIN, ...args], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
  });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`knex ${args.join(' ')} exited ${result.status}`);
  // `times`: the shell's own user and system time, then its children's ("0m0.612s 0m0.124s").
  const seconds = [...result.stdout.matchAll(/(\d+)m([\d.]+)s/g)].map(
    (m) => Number(m[1]) * 60 + Number(m[2]),
  );
  if (seconds.length < 4) throw new Error(`unexpected output of times: ${result.stdout}`);
  return { wall, cpu: seconds[seconds.length - 2] + seconds[seconds.length - 1] };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export interface StartupFigures {
  rounds: number;
  migrateStatus: ProcessCost;
  seedNoop: ProcessCost;
  seedNoopWithoutSwc: ProcessCost;
}

/**
 * Medians of `rounds` paired runs on a database that is already migrated and seeded (`env`): `migrate:status`,
 * a no-op `seed:run`, and the same `seed:run` with ts-node's swc transpiler switched off (through a tsconfig
 * that extends the project's, made for this run only).
 */
export function measureStartup(env: NodeJS.ProcessEnv, rounds = 7): StartupFigures {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jps-bench-no-swc-'));
  const noSwcProject = path.join(dir, 'tsconfig.json');
  fs.writeFileSync(
    noSwcProject,
    JSON.stringify({ extends: path.join(ROOT, 'tsconfig.json'), 'ts-node': { swc: false } }),
  );
  const runs: Record<keyof Omit<StartupFigures, 'rounds'>, ProcessCost[]> = {
    migrateStatus: [],
    seedNoop: [],
    seedNoopWithoutSwc: [],
  };
  try {
    // One unmeasured round warms the file cache.
    knexProcessCost(['seed:run'], env);
    for (let i = 0; i < rounds; i++) {
      runs.migrateStatus.push(knexProcessCost(['migrate:status'], env));
      runs.seedNoop.push(knexProcessCost(['seed:run'], env));
      runs.seedNoopWithoutSwc.push(knexProcessCost(['seed:run'], { ...env, TS_NODE_PROJECT: noSwcProject }));
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const med = (list: ProcessCost[]) => ({
    wall: median(list.map((c) => c.wall)),
    cpu: median(list.map((c) => c.cpu)),
  });
  return {
    rounds,
    migrateStatus: med(runs.migrateStatus),
    seedNoop: med(runs.seedNoop),
    seedNoopWithoutSwc: med(runs.seedNoopWithoutSwc),
  };
}

/**
 * Table rows (header first) and the goal lines for the start-up figures. On a busy machine wall time mostly
 * measures the wait for a core; CPU vs status is the same comparison without that noise.
 */
export function startupReport(f: StartupFigures): { rows: string[][]; goals: string[] } {
  const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;
  const row = (name: string, c: ProcessCost) => [
    name,
    c.wall.toFixed(2),
    c.cpu.toFixed(2),
    ratio(c.wall, f.migrateStatus.wall),
    ratio(c.cpu, f.migrateStatus.cpu),
    ratio(c.cpu, f.seedNoopWithoutSwc.cpu),
  ];
  const wallRatio = f.seedNoop.wall / f.migrateStatus.wall;
  const cpuRatio = f.seedNoop.cpu / f.seedNoopWithoutSwc.cpu;
  const verdict = (value: number, goal: number) =>
    `${value.toFixed(2)}x (goal <= ${goal}x: ${value <= goal ? 'met' : 'NOT MET'})`;
  return {
    rows: [
      [
        `start-up, whole process (median of ${f.rounds})`,
        'wall s',
        'CPU s',
        'wall vs status',
        'CPU vs status',
        'CPU vs no swc',
      ],
      row('knex migrate:status (knex + ts-node alone)', f.migrateStatus),
      row('knex seed:run, no-op (swc)', f.seedNoop),
      row('knex seed:run, no-op, without swc (baseline)', f.seedNoopWithoutSwc),
    ],
    goals: [
      `no-op seed:run wall vs migrate:status: ${verdict(wallRatio, STARTUP_GOALS.wallVsMigrateStatus)}`,
      `no-op seed:run CPU vs without swc: ${verdict(cpuRatio, STARTUP_GOALS.cpuVsWithoutSwc)}`,
    ],
  };
}
