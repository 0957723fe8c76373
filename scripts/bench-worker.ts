/**
 * One measured phase of `npm run bench`, in a process of its own so its peak RSS is its own.
 * Prints one JSON line: { seconds, maxRssMb, ...result }.
 */
import fs from 'node:fs';
import knexFactory from 'knex';
import { readDatabaseTarget, readSeedOptions } from '../src/config';
import { JOB_POSTINGS_TABLE } from '../src/db/job-postings';
import { knexConfig, seedsConfig } from '../src/db/knex-config';
import { runSeed } from '../src/seed/run';
import { seedsOfTable } from '../src/seed/seed-set';
import { copyRows, writtenColumns } from '../src/seed/staging';

function* fileLines(file: string): Generator<string> {
  // The CSV file is read in 1 MB slices; COPY does not care where lines break.
  const fd = fs.openSync(file, 'r');
  const buffer = Buffer.alloc(1 << 20);
  try {
    for (;;) {
      const n = fs.readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) return;
      yield buffer.toString('utf8', 0, n);
    }
  } finally {
    fs.closeSync(fd);
  }
}

async function main(): Promise<void> {
  const [phase, arg] = process.argv.slice(2);
  const knex = knexFactory(knexConfig(readDatabaseTarget()));
  const options = readSeedOptions();
  // The job postings' seeds (curated, synthetic), as the seed directory's files declare them.
  const jobPostingSeeds = await seedsOfTable(seedsConfig(), JOB_POSTINGS_TABLE, options);
  try {
    const started = process.hrtime.bigint();
    let result: Record<string, unknown> = {};
    if (phase === 'copy') {
      // The floor: PostgreSQL's own COPY of the identical rows into the twin table, from a file made beforehand.
      const trx = await knex.transaction();
      await copyRows(trx, 'job_postings_twin', writtenColumns(jobPostingSeeds[0].table), fileLines(arg));
      await trx.commit();
    } else if (phase === 'seed') {
      const outcome = await runSeed(knex, { options, sources: jobPostingSeeds });
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
