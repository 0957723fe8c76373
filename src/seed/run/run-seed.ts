// One seed run: checks, one transaction under the seed lock, every step, and errors made one clear line; and its
// entry from a seed file (`runSeedFile`, below): options, the printed summary, the exit.

import type { Knex } from 'knex';
import { readSeedOptions, type SeedOptions } from '../../config';
import { interruptedBy, signalExitCode } from '../../db/cli-signals';
import { closeWithin } from '../../db/close';
import { describeError } from '../../db/describe-error';
import { queryTimeoutOf } from '../../db/pg-client';
import { assertSeedTables } from '../../db/schema-check';
import { SeedError } from '../../errors';
import { runByKnexCli } from '../../knex-cli';
import { progressReporter } from '../../progress';
import {
  committedBeforeNote,
  emptiedAtSeedRunStart,
  firstInSeedRun,
  recordCommitted,
} from '../../seed-run-record';
import { assertValuesFit, sizedColumns } from '../declared-sizes';
import { isEmpty, SEED_GUARD_TABLE } from '../guard/seed-guard';
import {
  boundLockWaits,
  isLockTimeout,
  type LockWaitOptions,
  type LockWatch,
  lockTimeoutError,
  type WaitLog,
  watchLockWaits,
  withSeedLock,
} from '../locks';
import type { StepOptions } from '../plan/plan';
import { loadKnexTarget, runStep } from '../step/run-step';
import { formatOutcome, type RunSeedOutcome, type SeedRunResult } from '../summary';
import type { SeedSource } from '../table/description';
import { fixPrintSettings } from '../table/pg-text';
import { assertTablesMatch, assertValidDataSet } from '../validate';
import { fitParallelWorkers } from './parallel-workers';
import { assertSeedNames } from './seed-names';
import {
  assertReferencedSeedsApplied,
  loadSeedSet,
  resolveReferences,
  type SeedDirectoryConfig,
  type SeedFile,
  type SeedSetContext,
  sourcesOfSet,
} from './seed-set';
import { constraintViolation, missingReferencedRow, unknownNotNullColumn } from './write-refusals';

export interface RunSeedInput {
  options: SeedOptions;
  /** The seeds of the run, in order, all in one transaction. */
  sources: readonly SeedSource[];
  onProgress?: StepOptions['onProgress'];
  /** Gets a line naming the holder while the run waits for a lock (at once, then every 5 s). */
  onWait?: WaitLog;
  /** How often the lock watcher looks and reports (default: first look after 1 s, a line every 5 s); tests shorten it. */
  waitTiming?: Pick<LockWaitOptions, 'reportEveryMs' | 'pollMs' | 'firstLookMs'>;
  /** Keys listed per kind of change in the result. Default 50. */
  detailLimit?: number;
  /**
   * The seed file set around the run (every file's sources, and the run's own file): where the tables its `ref`
   * columns point at are seeded. Default: none (only the run's own sources).
   */
  seedSet?: SeedSetContext;
}

/** Throws PRODUCTION_REFUSED unless the run may write to a production database. */
export function assertNotProduction(options: SeedOptions): void {
  if (options.production && !options.allowProduction && !options.dryRun) {
    throw new SeedError(
      'PRODUCTION_REFUSED',
      'NODE_ENV=production: refusing to seed a production database; nothing was written. ' +
        'Set SEED_ALLOW_PRODUCTION=true if this really is meant',
    );
  }
}

/**
 * One seed run: checks everything that can be checked before a write, then converges every source in one
 * transaction under the seed's advisory lock. Any error rolls everything back; a dry run rolls back on
 * purpose after computing the full plan.
 */
export async function runSeed(knex: Knex, input: RunSeedInput): Promise<RunSeedOutcome> {
  const { options } = input;
  assertNotProduction(options);
  assertSeedNames(input.sources.map((source) => ({ source })));
  const references = resolveReferences(input.sources, input.seedSet);
  for (const source of input.sources) {
    if (source.kind === 'curated')
      assertValidDataSet(source.name, source.table, source.items, references.keys);
  }
  const step: StepOptions = {
    force: options.force,
    prune: options.prune,
    detailLimit: input.detailLimit ?? 50,
    withDetails: options.dryRun,
    apply: !options.dryRun,
    onProgress: input.onProgress,
    referenced: references.keys,
  };

  // READ COMMITTED whatever the database's default: each statement sees what committed before it, so a run that
  // queued for the seed lock reads the guard and the table as the run before it left them (under REPEATABLE READ
  // its snapshot would date from before the lock, and its writes would fail or trust a stale guard).
  const trx = await knex.transaction({ isolationLevel: 'read committed' });
  let watch: LockWatch | undefined;
  try {
    // Every lock wait (the seed lock, a row the app holds) is bounded and, on a server, reported.
    await boundLockWaits(trx, options.lockTimeoutSeconds);
    watch = await watchLockWaits(knex, trx, {
      timeoutSeconds: options.lockTimeoutSeconds,
      log: input.onWait,
      ...input.waitTiming,
    });
    // The plan joins the staged data set with the table: room for that hash join in memory, for this
    // transaction only (measured: the plan query a quarter faster at 100k rows than with the 4 MB default).
    await trx.raw(`SET LOCAL work_mem = '64MB'`);
    // A server on this machine: no more parallel workers than its cores (parallel-workers.ts).
    await fitParallelWorkers(trx);
    // What `value::text` prints, which the content hash reads (src/seed/table/pg-text.ts).
    await fixPrintSettings(trx);
    watch.waitingFor('the seed lock');
    const results = await withSeedLock(trx, async () => {
      watch?.waitingFor(undefined);
      await assertSeedTables(
        trx,
        input.sources.map((s) => s.table.table),
        SEED_GUARD_TABLE,
      );
      const live = await assertTablesMatch(
        trx,
        input.sources.map((s) => s.table),
      );
      // Values the table's char(n) and varchar(n) columns would not store as given: a hand-written data set's
      // here, a generated one's as its items are generated.
      const sized = new Map(input.sources.map((s) => [s.table, sizedColumns(s.table, live)]));
      // Judged before any step writes, and once per `knex seed:run` (seed-run-record.ts): the curated step, or an
      // earlier seed file, re-creating its rows must not hide that the table was emptied from the seeds after it.
      const emptied = new Set<string>();
      for (const table of new Set(input.sources.map((s) => s.table.table)))
        if (emptiedAtSeedRunStart(table, await isEmpty(trx, table))) emptied.add(table);
      for (const source of input.sources) {
        if (source.kind === 'curated')
          assertValuesFit(source.name, source.items, sized.get(source.table) ?? []);
      }
      // A plan of the whole `knex seed:run` plans the referenced seeds first without applying them.
      if (!options.dryRun)
        await assertReferencedSeedsApplied(trx, references.external, input.seedSet?.current);
      const done: SeedRunResult[] = [];
      for (const source of input.sources) {
        const result = await runStep(trx, source, { ...step, sized, emptied });
        if (result) done.push(result);
      }
      return done;
    });
    if (options.dryRun) await trx.rollback();
    else await trx.commit();
    return { results, dryRun: options.dryRun, prune: options.prune };
  } catch (error) {
    if (!trx.isCompleted()) await trx.rollback().catch(() => undefined);
    if (isLockTimeout(error)) throw lockTimeoutError(error, options.lockTimeoutSeconds, watch?.lastHolder());
    throw (
      unknownNotNullColumn(error, [...new Set(input.sources.map((s) => s.table))]) ??
      missingReferencedRow(error) ??
      constraintViolation(error, input.sources) ??
      error
    );
  } finally {
    await watch?.stop();
  }
}

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
 * `seeds`: the seed directory the file belongs to, where the tables its `ref` columns point at are seeded and
 * no other seed may share a name with one of its own. Default: the knex instance's `seeds` configuration (the
 * knexfile's).
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
    // With DEBUG, its stack: the same line, then the frames and the causes.
    io.err.write(`${process.env.DEBUG ? seedError.stack : seedError.format()}\n`);
    await closeWithin(knex);
    process.exit(1);
  }
}

/**
 * The seed set around a run: every file of the seed directory with its sources, and the file among them that
 * holds this run's seeds. Throws SEED_NAME_INVALID when two seeds of the directory share a name (whichever file
 * runs, `--specific` too: the other's guard row is the one at stake) or one is longer than the guard holds.
 * Undefined when no source has a `ref`.
 */
async function seedSetOf(
  knex: Knex,
  run: readonly SeedSource[],
  options: SeedOptions,
  seeds: SeedDirectoryConfig | undefined,
): Promise<SeedSetContext | undefined> {
  const refers = run.some((s) => s.table.dataColumns.some(([, column]) => column.references));
  let files: SeedFile[];
  try {
    // Without a `ref`, the directory is read only to check names across it: another file that cannot load (an
    // unedited stub beside `--specific`) is left out of the check and fails when it runs; the rest are checked.
    files = await loadSeedSet(knex, { ...seeds, specific: undefined }, { skipUnloadable: !refers });
  } catch (error) {
    // Run from code with no seed directory where the knex instance says: no other seed to share a name with.
    if (!refers && (error as { code?: string }).code === 'ENOENT') return undefined;
    throw error;
  }
  const set = sourcesOfSet(files, options);
  assertSeedNames(set);
  if (!refers) return undefined;
  const names = new Set(run.map((s) => s.name));
  return { seeds: set, current: set.find((s) => names.has(s.source.name))?.file };
}

/** A failing seed file's error, saying what earlier files of the same `knex seed:run` committed. */
function withCommittedBefore(error: SeedError): SeedError {
  const note = committedBeforeNote();
  if (!note) return error;
  return new SeedError(error.code, `${error.message}${note}`, { cause: error, details: [...error.details] });
}
