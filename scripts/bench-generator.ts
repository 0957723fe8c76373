/**
 * `npx ts-node scripts/bench-generator.ts [N] [runs]`: the synthetic generator in process, no database: rows
 * per CPU second of generatePostings(0, N) (default 200,000), alone and through writtenLines (the CSV a first load
 * COPYs), each the median of `runs` (default 3) after a warm-up; then a sha256 of every row generated, so a
 * speed-up can be checked to leave the output unchanged.
 */
import { createHash } from 'node:crypto';
import { readSeedOptions } from '../src/config';
import { DEFAULT_RANDOM_SEED, generatePostings } from '../src/data/generate';
import { JOB_POSTINGS_TABLE } from '../src/db/job-postings';
import { seedsConfig } from '../src/db/knex-config';
import { seedsOfTable } from '../src/seed/seed-set';
import { writtenLines } from '../src/seed/staging';
import type { SeedTable } from '../src/seed/table';

const N = Number((process.argv[2] ?? '200000').replace(/_/g, ''));
const RUNS = Number(process.argv[3] ?? '3');

function digest(): string {
  const hash = createHash('sha256');
  for (const p of generatePostings(0, N, DEFAULT_RANDOM_SEED)) hash.update(`${JSON.stringify(p)}\n`);
  return hash.digest('hex');
}

function generated(): number {
  let chars = 0;
  for (const p of generatePostings(0, N, DEFAULT_RANDOM_SEED)) chars += p.description.length;
  return chars;
}

function written(jobPostings: SeedTable): number {
  let chars = 0;
  for (const line of writtenLines(
    jobPostings,
    'bench',
    generatePostings(0, N, DEFAULT_RANDOM_SEED),
    Date.now(),
  )) {
    chars += line.length;
  }
  return chars;
}

/** Median and fastest CPU seconds (user + system: steadier than wall time on a shared machine) of RUNS calls. */
function median(fn: () => number): [median: number, fastest: number] {
  if (fn() === 0) throw new Error('no rows generated');
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = process.cpuUsage();
    fn();
    const used = process.cpuUsage(start);
    times.push((used.user + used.system) / 1e6);
  }
  times.sort((a, b) => a - b);
  return [times[Math.floor(times.length / 2)], times[0]];
}

async function main(): Promise<void> {
  // The job postings' table description, as the seed directory's files declare it.
  const [{ table: jobPostings }] = await seedsOfTable(seedsConfig(), JOB_POSTINGS_TABLE, readSeedOptions());
  for (const [name, fn] of [
    ['generatePostings', generated],
    ['+ writtenLines', () => written(jobPostings)],
  ] as const) {
    const [seconds, fastest] = median(fn);
    console.log(
      `${name.padEnd(16)} x${N}: ${(N / seconds).toFixed(0)} rows/s, ${((seconds / N) * 1e6).toFixed(2)} µs/row (median of ${RUNS}; fastest ${((fastest / N) * 1e6).toFixed(2)} µs/row)`,
    );
  }
  console.log(`sha256 of all rows: ${digest()}`);
}

void main();
