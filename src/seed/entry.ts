import type { Knex } from 'knex';
import { readSeedOptions, type SeedOptions } from '../config';
import { interruptedBy, signalExitCode } from '../db/cli-signals';
import { closeWithin } from '../db/close';
import { describeError } from '../db/describe-error';
import { queryTimeoutOf } from '../db/pg-client';
import { SeedError } from '../errors';
import { runByKnexCli } from '../knex-cli';
import { progressReporter } from '../progress';
import { committedBeforeNote, recordCommitted } from '../seed-run-record';
import { loadKnexTarget } from './lazy';
import { runSeed } from './run';
import { formatOutcome } from './summary';
import type { SeedSource } from './table';

/** Where the entry point writes: stdout for the summary, stderr for progress. */
export interface EntryIo {
  out: (line: string) => void;
  err: { isTTY?: boolean; write(text: string): unknown };
}

const defaultIo: EntryIo = { out: (line) => console.log(line), err: process.stderr };

/**
 * What a seed file runs: read the options, converge its sources, print the summary. An error becomes one
 * {@link SeedError} whose message names the fix: under `knex seed:run` it is printed here and the process exits
 * 1; called from code (`knex.seed.run()`, tests) it is thrown.
 */
export async function runSeedFile(
  knex: Knex,
  sources: (options: SeedOptions) => SeedSource[],
  io: EntryIo = defaultIo,
): Promise<void> {
  try {
    const options = readSeedOptions();
    const reporters = new Map<string, (done: number, total: number) => void>();
    const outcome = await runSeed(knex, {
      options,
      sources: sources(options),
      onProgress: (seedName, done, total) => {
        if (!reporters.has(seedName)) reporters.set(seedName, progressReporter(io.err, seedName));
        reporters.get(seedName)?.(done, total);
      },
      onWait: (line) => io.err.write(`${line}\n`),
    });
    for (const line of formatOutcome(outcome)) io.out(line);
    if (!outcome.dryRun) recordCommitted(outcome.results.map((r) => r.seedName));
  } catch (error) {
    const signal = interruptedBy();
    if (signal && runByKnexCli()) {
      io.err.write(`seed:run: stopped by ${signal}; what it had begun was rolled back\n`);
      await closeWithin(knex);
      process.exit(signalExitCode(signal));
    }
    // The database this knex instance was given, not DATABASE_URL: a caller's knex may point elsewhere.
    const { targetOfKnex } = loadKnexTarget();
    const seedError = withCommittedBefore(
      queryTimeoutOf(knex, error) ?? describeError(error, targetOfKnex(knex)),
    );
    if (!runByKnexCli()) throw seedError;
    // knex's CLI would wrap the message in "Error while executing ... seed:" and a stack trace. The run is
    // already rolled back: close the connection (and the PGlite lock), print the one line, exit 1.
    io.err.write(`${seedError.format()}\n`);
    await closeWithin(knex);
    process.exit(1);
  }
}

/** A failing seed file's error, saying what earlier files of the same `knex seed:run` committed. */
function withCommittedBefore(error: SeedError): SeedError {
  const note = committedBeforeNote();
  if (!note) return error;
  return new SeedError(error.code, `${error.message}${note}`, { cause: error, details: [...error.details] });
}
