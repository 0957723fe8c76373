/**
 * `npx ts-node scripts/bench-generator.ts [N] [runs]`: the synthetic generator in process, no database: rows
 * per CPU second of generatePostings(0, N) (default 200,000), alone and through writtenChunks (the COPY rows a first load
 * COPYs), and Node's whole side of a first load (ids in order, validation, lines, UTF-8), each the median of
 * `runs` (default 3) after a warm-up; then a sha256 of every row generated and one of the COPY rows written for
 * them (aged from a fixed instant), so a speed-up of the generator or of the encoding can be checked to leave both
 * outputs byte for byte unchanged.
 */
import { createHash } from 'node:crypto';
import { DEFAULT_RANDOM_SEED, generatePostings } from '../src/data/generate';
import { writtenChunks } from '../src/seed/plan/new-rows';
import { itemProblems } from '../src/seed/validate';
import { itemsInIdOrder } from '../src/seed/write/bulk-load';
import { jobPostings, syntheticPostings } from './bench-seeds';

const N = Number((process.argv[2] ?? '200000').replace(/_/g, ''));
const RUNS = Number(process.argv[3] ?? '3');

/** A fixed instant, so the timestamps of the COPY rows are the same on every run. */
const FIXED_NOW = Date.UTC(2026, 10, 30, 12, 34, 56, 789);

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

function written(): number {
  let bytes = 0;
  for (const chunk of writtenChunks(
    jobPostings,
    'bench',
    generatePostings(0, N, DEFAULT_RANDOM_SEED),
    Date.now(),
  )) {
    bytes += chunk.length;
  }
  return bytes;
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

/**
 * Node's whole side of a first load, as the seed runs it: every id derived and sorted, each posting generated in
 * id order and validated, its COPY line written (the id read back from the order pass), and the line's UTF-8.
 */
function firstLoadSide(): number {
  const source = syntheticPostings({ syntheticCount: N, randomSeed: DEFAULT_RANDOM_SEED });
  const items = itemsInIdOrder(source, 0, N);
  function* checked() {
    for (const item of items) {
      if (itemProblems(source.table, item).length > 0) throw new Error(`${item.key} is invalid`);
      yield item;
    }
  }
  let bytes = 0;
  for (const chunk of writtenChunks(source.table, source.name, checked(), FIXED_NOW, items.idOf)) {
    bytes += chunk.length;
  }
  return bytes;
}

for (const [name, fn] of [
  ['generatePostings', generated],
  ['+ writtenChunks', written],
  ['first load side', firstLoadSide],
] as const) {
  const [seconds, fastest] = median(fn);
  console.log(
    `${name.padEnd(16)} x${N}: ${(N / seconds).toFixed(0)} rows/s, ${((seconds / N) * 1e6).toFixed(2)} µs/row (median of ${RUNS}; fastest ${((fastest / N) * 1e6).toFixed(2)} µs/row)`,
  );
}
console.log(`sha256 of all rows: ${digest()}`);
const copyRows = createHash('sha256');
for (const chunk of writtenChunks(
  jobPostings,
  'bench',
  generatePostings(0, N, DEFAULT_RANDOM_SEED),
  FIXED_NOW,
))
  copyRows.update(chunk);
console.log(`sha256 of the COPY rows: ${copyRows.digest('hex')}`);
