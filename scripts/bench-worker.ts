/**
 * One measured phase of `npm run bench`, in a process of its own so its peak RSS is its own.
 * Prints one JSON line: { seconds, maxRssMb, ...result }.
 */
import fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import knexFactory from 'knex';
import { readDatabaseTarget, readSeedOptions } from '../src/config';
import { knexConfig } from '../src/db/knex-config';
import { copyRows } from '../src/seed/plan/staging';
import { runSeed } from '../src/seed/run/run-seed';
import { writtenColumns } from '../src/seed/table/description';
import { jobPostingSeeds, jobPostings } from './bench-seeds';

function* fileLines(file: string): Generator<string> {
  // The rows file is read in 1 MB slices, each cut after its last newline: on PGlite every bounded blob is a COPY
  // of its own, so no line may straddle two (and the decoder keeps a character split between slices whole).
  const fd = fs.openSync(file, 'r');
  const buffer = Buffer.alloc(1 << 20);
  const decoder = new StringDecoder('utf8');
  let rest = '';
  try {
    for (;;) {
      const n = fs.readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) break;
      const text = rest + decoder.write(buffer.subarray(0, n));
      const end = text.lastIndexOf('\n') + 1;
      rest = text.slice(end);
      if (end > 0) yield text.slice(0, end);
    }
    if (rest) yield rest;
  } finally {
    fs.closeSync(fd);
  }
}

/** The seed phase's options and sources: the job postings' seeds, BENCH_* tuning on the generated ones. */
function seedInput() {
  const options = readSeedOptions();
  // BENCH_INDEX_REBUILD=off: a first load maintains the indexes row by row (else it rebuilds them after);
  // BENCH_NARROW_COMPARE=off: a rerun stages every compared row in full; BENCH_INDEX_REBUILD_MEMORY_MB: the
  // rebuild's sort memory; BENCH_ID_ORDER=off: new rows are COPYed in index order, not id order.
  const tuning = {
    // Index-after-load is opt-in (src/seed/table/description.ts): the bench turns it on to measure it.
    indexRebuildMinRows: process.env.BENCH_INDEX_REBUILD === 'off' ? Number.POSITIVE_INFINITY : 20_000,
    ...(process.env.BENCH_NARROW_COMPARE === 'off' ? { narrowCompare: false } : {}),
    ...(process.env.BENCH_ID_ORDER === 'off' ? { idOrder: false } : {}),
    ...(process.env.BENCH_INDEX_REBUILD_MEMORY_MB
      ? { indexRebuildMemoryMB: Number(process.env.BENCH_INDEX_REBUILD_MEMORY_MB) }
      : {}),
  };
  const sources = jobPostingSeeds(options).map((source) =>
    source.kind === 'generated' ? { ...source, tuning } : source,
  );
  return { options, sources };
}

async function main(): Promise<void> {
  const [phase, arg] = process.argv.slice(2);
  const target = readDatabaseTarget();
  const knex = knexFactory(knexConfig(target));
  try {
    // A server phase starts its clock connected. A PGlite phase includes booting the database, every phase alike:
    // a query before the COPY phase's transaction made that COPY never settle on PGlite (not understood yet).
    if (target.kind !== 'pglite') await knex.raw('SELECT 1');
    // BENCH_WARM=true: a seed phase runs once before the clock starts (a no-op's second run in one process: what
    // it costs with the connection made, the modules loaded and its statements planned once).
    // Then a full collection: the first run's garbage (and the modules' start-up) would otherwise be collected
    // whenever V8 chooses, a 5-20 ms pause that landed in some measured runs and not others (--trace-gc).
    if (phase === 'seed' && process.env.BENCH_WARM === 'true') {
      await runSeed(knex, seedInput());
      (globalThis as { gc?: () => void }).gc?.();
    }
    const started = process.hrtime.bigint();
    let result: Record<string, unknown> = {};
    if (phase === 'copy') {
      // The floor: PostgreSQL's own COPY of the identical rows into the twin table, from a file made beforehand.
      const trx = await knex.transaction();
      try {
        await copyRows(trx, 'job_postings_twin', writtenColumns(jobPostings), fileLines(arg));
        await trx.commit();
      } catch (error) {
        await trx.rollback().catch(() => undefined); // else destroy() waits for it (PGlite: the process just ends)
        throw error;
      }
    } else if (phase === 'seed') {
      const outcome = await runSeed(knex, seedInput());
      result = { counts: outcome.results.map((r) => (r.upToDate ? 'up to date' : r.counts)) };
    } else {
      throw new Error(`unknown phase ${phase}`);
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const maxRssMb = process.resourceUsage().maxRSS / 1024;
    console.log(JSON.stringify({ seconds, maxRssMb, ...result }));
  } finally {
    await knex.destroy();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
