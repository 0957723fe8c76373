import type { Knex } from 'knex';
import { readDatabaseTarget, readSeedOptions } from '../config';
import { CURATED_POSTINGS } from '../data/curated';
import { describeError } from '../db/describe-error';
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
 * What `seeds/01_job_postings.ts` runs: read the options, seed, print the summary. Errors come out as one
 * {@link SeedError} whose message names the fix; the knex CLI prints it and exits 1.
 */
export async function seedJobPostings(knex: Knex, io: EntryIo = defaultIo): Promise<void> {
  const target = readDatabaseTarget();
  try {
    const options = readSeedOptions();
    const outcome = await runSeed(knex, {
      options,
      curated: CURATED_POSTINGS,
      onProgress: progressReporter(io.err, 'job_postings_synthetic'),
    });
    for (const line of formatOutcome(outcome)) io.out(line);
  } catch (error) {
    throw describeError(error, target);
  }
}
