import type { Knex } from 'knex';
import { readSeedOptions, type SeedOptions } from '../config';
import { interruptedBy, signalExitCode } from '../db/cli-signals';
import { closeWithin } from '../db/close';
import { describeError } from '../db/describe-error';
import { queryTimeoutOf } from '../db/pg-client';
import { SeedError } from '../errors';
import { runByKnexCli } from '../knex-cli';
import { progressReporter } from '../progress';
import { committedBeforeNote, firstInSeedRun, recordCommitted } from '../seed-run-record';
import { loadKnexTarget } from './lazy';
import type { SeedSetContext } from './references';
import { runSeed } from './run';
import { loadSeedSet, type SeedDirectoryConfig, sourcesOfSet } from './seed-set';
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
 * {@link SeedError} whose message names the fix: under `knex seed:run` it is printed here (with its stack under
 * DEBUG) and the process exits 1; called from code (`knex.seed.run()`, tests) it is thrown.
 *
 * `seeds`: the seed directory the file belongs to, where the tables its `ref` columns point at are seeded.
 * Default: the knex instance's `seeds` configuration (the knexfile's), read only when a source has a `ref`.
 */
export async function runSeedFile(
  knex: Knex,
  sources: (options: SeedOptions) => SeedSource[],
  io: EntryIo = defaultIo,
  seeds?: SeedDirectoryConfig,
): Promise<void> {
  try {
    const options = readSeedOptions();
    const run = sources(options);
    const reporters = new Map<string, (done: number, total: number) => void>();
    const outcome = await runSeed(knex, {
      options,
      sources: run,
      seedSet: await seedSetOf(knex, run, options, seeds),
      onProgress: (seedName, done, total) => {
        if (!reporters.has(seedName)) reporters.set(seedName, progressReporter(io.err, seedName));
        reporters.get(seedName)?.(done, total);
      },
      onWait: (line) => io.err.write(`${line}\n`),
    });
    const header = outcome.dryRun && firstInSeedRun('plan header');
    for (const line of formatOutcome(outcome, { header })) io.out(line);
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
    if (process.env.DEBUG) io.err.write(`${stacks(seedError)}\n`);
    await closeWithin(knex);
    process.exit(1);
  }
}

/**
 * The seed set around a run whose sources refer to other tables: every file of the seed directory with its
 * sources, and the file among them that holds this run's seeds. Undefined when no source has a `ref`.
 */
async function seedSetOf(
  knex: Knex,
  run: readonly SeedSource[],
  options: SeedOptions,
  seeds: SeedDirectoryConfig | undefined,
): Promise<SeedSetContext | undefined> {
  const refers = run.some((s) => s.table.dataColumns.some(([, column]) => column.references));
  if (!refers) return undefined;
  const set = sourcesOfSet(await loadSeedSet(knex, { ...seeds, specific: undefined }), options);
  const names = new Set(run.map((s) => s.name));
  return { seeds: set, current: set.find((s) => names.has(s.source.name))?.file };
}

/** The stack of an error and of each cause under it (DEBUG). */
function stacks(error: unknown): string {
  const lines: string[] = [];
  for (let e = error as { stack?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    lines.push(lines.length ? `Caused by: ${e.stack ?? String(e)}` : (e.stack ?? String(e)));
  }
  return lines.join('\n');
}

/** A failing seed file's error, saying what earlier files of the same `knex seed:run` committed. */
function withCommittedBefore(error: SeedError): SeedError {
  const note = committedBeforeNote();
  if (!note) return error;
  return new SeedError(error.code, `${error.message}${note}`, { cause: error, details: [...error.details] });
}
