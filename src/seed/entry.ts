import type { Knex } from 'knex';
import { readSeedOptions } from '../config';
import { CURATED_POSTINGS } from '../data/curated';
import { describeError } from '../db/describe-error';
import type * as KnexTargetModule from '../db/knex-target';
import { runByKnexCli } from '../knex-cli';
import { progressReporter } from '../progress';
import { runSeed } from './run';
import { formatOutcome } from './summary';

/** Where the entry point writes: stdout for the summary, stderr for progress. */
export interface EntryIo {
  out: (line: string) => void;
  err: { isTTY?: boolean; write(text: string): unknown };
}

const defaultIo: EntryIo = { out: (line) => console.log(line), err: process.stderr };

/**
 * What `seeds/01_job_postings.ts` runs: read the options, seed, print the summary. An error becomes one
 * {@link SeedError} whose message names the fix: under `knex seed:run` it is printed here and the process exits
 * 1; called from code (`knex.seed.run()`, tests) it is thrown.
 */
export async function seedJobPostings(knex: Knex, io: EntryIo = defaultIo): Promise<void> {
  try {
    const options = readSeedOptions();
    const outcome = await runSeed(knex, {
      options,
      curated: CURATED_POSTINGS,
      onProgress: progressReporter(io.err, 'job_postings_synthetic'),
      onWait: (line) => io.err.write(`${line}\n`),
    });
    for (const line of formatOutcome(outcome)) io.out(line);
  } catch (error) {
    // The database this knex instance was given, not DATABASE_URL: a caller's knex may point elsewhere.
    const { targetOfKnex }: typeof KnexTargetModule = require('../db/knex-target');
    const seedError = describeError(error, targetOfKnex(knex));
    if (!runByKnexCli()) throw seedError;
    // knex's CLI would wrap the message in "Error while executing ... seed:" and a stack trace. The run is
    // already rolled back: close the connection (and the PGlite lock), print the one line, exit 1.
    io.err.write(`${seedError.format()}\n`);
    await knex.destroy();
    process.exit(1);
  }
}
