// One seed run: checks, one transaction under the seed lock, every step, and errors made one clear line.

import type { Knex } from 'knex';
import type { SeedOptions } from '../config';
import { assertSeedTables } from '../db/schema-check';
import { assertTablesMatch, notNullProblem } from '../db/seed-table-check';
import { SeedError } from '../errors';
import { SEED_GUARD_TABLE } from './guard';
import {
  boundLockWaits,
  isLockTimeout,
  type LockWaitOptions,
  type LockWatch,
  lockTimeoutError,
  type WaitLog,
  watchLockWaits,
  withSeedLock,
} from './locks';
import type { StepOptions } from './plan';
import { assertReferencedSeedsApplied, resolveReferences, type SeedSetContext } from './references';
import { writtenColumns } from './staging';
import { runStep } from './step';
import type { RunSeedOutcome, SeedRunResult } from './summary';
import type { SeedSource, SeedTable } from './table';
import { assertValidDataSet } from './validate';

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

  const trx = await knex.transaction();
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
    // What `value::text` prints, which the content hash reads (src/seed/pg-text.ts): timestamps in UTC, dates
    // in ISO order, floats in their shortest exact digits, whatever the server's or role's defaults.
    await trx.raw(
      `SELECT set_config('TimeZone', 'UTC', true), set_config('DateStyle', 'ISO, YMD', true),
         set_config('extra_float_digits', '1', true)`,
    );
    watch.waitingFor('the seed lock');
    const results = await withSeedLock(trx, async () => {
      watch?.waitingFor(undefined);
      await assertSeedTables(
        trx,
        input.sources.map((s) => s.table.table),
        SEED_GUARD_TABLE,
      );
      await assertTablesMatch(
        trx,
        input.sources.map((s) => s.table),
      );
      // A plan of the whole `knex seed:run` plans the referenced seeds first without applying them.
      if (!options.dryRun)
        await assertReferencedSeedsApplied(trx, references.external, input.seedSet?.current);
      const done: SeedRunResult[] = [];
      for (const source of input.sources) {
        const result = await runStep(trx, source, step);
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
      error
    );
  } finally {
    await watch?.stop();
  }
}

/**
 * A foreign key violation on a write: a referenced row is not in the table (the app deleted it after its seed
 * ran). SEED_ORDER naming the constraint's tables and what to run; undefined for any other error.
 */
export function missingReferencedRow(error: unknown): SeedError | undefined {
  const e = (error ?? {}) as { code?: string; table?: string; detail?: string; constraint?: string };
  if (e.code !== '23503') return undefined;
  const referenced =
    /is not present in table "([^"]+)"/.exec(String(e.detail))?.[1] ?? 'the referenced table';
  return new SeedError(
    'SEED_ORDER',
    `a ${e.table ?? 'seeded'} row refers to a ${referenced} row that is not in the table (foreign key ` +
      `${e.constraint ?? '?'}): run the seed of ${referenced} first, with SEED_FORCE=true if the app deleted the ` +
      `row; nothing was written`,
    { cause: error },
  );
}

interface NotNullViolation {
  code?: string;
  column?: string;
  table?: string;
  message?: string;
}

/**
 * A NOT NULL violation on a column the seeded table's description does not know (one the app added without a
 * default): the seed never writes it, so it is the schema, not the data set, that needs the fix. Undefined for
 * any other error, including a NOT NULL violation on one of the seed's own columns (that is the data's).
 */
export function unknownNotNullColumn(error: unknown, tables: readonly SeedTable[]): SeedError | undefined {
  const e = (error ?? {}) as NotNullViolation;
  if (e.code !== '23502') return undefined;
  const column = e.column ?? /null value in column "([^"]+)"/.exec(String(e.message))?.[1];
  const seeded = tables.find((t) => t.table === e.table) ?? (tables.length === 1 ? tables[0] : undefined);
  if (!column || !seeded) return undefined;
  const table = seeded.table;
  if ([...writtenColumns(seeded), 'created_at', 'updated_at'].includes(column)) return undefined;
  return new SeedError('SCHEMA_INCOMPATIBLE', `${notNullProblem(table, column)}; nothing was written`, {
    cause: error,
  });
}
