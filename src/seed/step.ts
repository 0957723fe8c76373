import type { Knex } from 'knex';
import { SeedError } from '../errors';
import {
  allOf,
  checkTable,
  deleteGuard,
  differing,
  type IndexRange,
  readGuard,
  recordedVariants,
  sizeOf,
  type VariantRange,
  variantsAfter,
  writeGuard,
} from './guard';
import { curatedChecksum, generatedChecksum, hashSpecOf, storedHash } from './hashing';
import type * as StagingModule from './staging';
import type { SeedRunResult } from './summary';
import type { CuratedSource, GeneratedSource, KeyedItem, SeedTable } from './table';
import { itemProblems } from './validate';
import type * as WriteModule from './write';

/** What the guard records for a generated seed (besides its variant's fields); it owns indices < ownedCount. */
export interface GeneratedParams {
  count: number;
  ownedCount: number;
  /** Which variant wrote each owned index: see src/seed/variant-ranges.ts. */
  variants: VariantRange[];
  /** The seed's rows in the table after the run: see src/seed/table-truth.ts. */
  rowsInTable: number;
}

interface Progress {
  done: number;
  total: number;
  report: (done: number, total: number) => void;
}

/** Items [from, to), each checked as it is generated; progress reported every 1000 rows. */
function* checkedItems<Item extends KeyedItem>(
  source: GeneratedSource<Item>,
  from: number,
  to: number,
  progress: Progress,
): Generator<Item> {
  for (const item of source.generate(from, to)) {
    const problems = itemProblems(source.table, item);
    if (problems.length > 0) {
      throw new SeedError(
        'DATA_INVALID',
        `${source.name}: generated ${source.table.noun.one} ${item.key} is invalid; nothing was written`,
        { details: problems },
      );
    }
    yield item;
    if (++progress.done % 1000 === 0) progress.report(progress.done, progress.total);
  }
}

/**
 * Converges the generated items [0, count). Each item is a pure function of its index, so: the same count and
 * variant is a no-op decided from the guard row and a count of the seed's rows; a larger count COPYs only the
 * new indices straight into the table; a smaller one leaves the rest (pruned with SEED_PRUNE); the indices kept
 * that another variant wrote (all of them with SEED_FORCE, after the content columns changed, or when the table
 * no longer holds what the guard recorded) are compared through the staging table.
 */
export async function seedGenerated<Item extends KeyedItem>(
  trx: Knex.Transaction,
  source: GeneratedSource<Item>,
  options: StepOptions,
): Promise<SeedRunResult | undefined> {
  const started = Date.now();
  const { table, count, name: seedName } = source;
  const truth = await checkTable(trx, table.table, seedName, await readGuard(trx, seedName));
  const { guard } = truth;
  if (!guard && count === 0) {
    // Nothing asked for: a table emptied of this seed's rows is back to before the first run, guard included.
    if (truth.reset) await deleteGuard(trx, seedName);
    return undefined;
  }
  const prev = (guard?.params ?? undefined) as Partial<GeneratedParams> | undefined;
  const ownedCount = prev?.ownedCount ?? 0;
  const checksum = generatedChecksum(count, source.variant);
  const pendingRemoved = Math.max(0, ownedCount - count);
  const stored = await storedHash(trx, table, guard?.content_columns);
  const base = { seedName, noun: table.noun, firstApply: guard === undefined };
  const variants = recordedVariants(prev);
  const kept = Math.min(count, ownedCount);
  if (
    guard?.checksum === checksum &&
    truth.intact &&
    !stored.changed &&
    allOf(variants, kept, source.variant) &&
    !options.force &&
    !(options.prune && pendingRemoved > 0)
  ) {
    return { ...base, upToDate: true, pendingRemoved, elapsedMs: Date.now() - started };
  }

  // Rows known to hold this variant need no comparing, as long as the table still holds what the guard says
  // and their hashes were computed over today's content columns.
  const compareAll = options.force || !truth.intact || stored.changed;
  const compare: IndexRange[] = compareAll
    ? kept > 0
      ? [[0, kept]]
      : []
    : differing(variants, kept, source.variant);
  const compared = sizeOf(compare);
  const total = compared + Math.max(0, count - ownedCount);
  const onProgress = options.onProgress;
  const progress: Progress = { done: 0, total, report: (done, all) => onProgress?.(seedName, done, all) };
  progress.report(0, total);

  // The write path loads only when there is something to converge: a no-op run never pays for it.
  const { converge }: typeof WriteModule = require('./write');
  const { copyNewRows, resetStagingTables, stageIncoming, stageRemoved }: typeof StagingModule =
    require('./staging');
  const { writeBulk }: typeof WriteModule = require('./write');
  await resetStagingTables(trx, table);
  let created = 0;
  const stageNew = () =>
    stageIncoming(trx, table, mapIncoming(checkedItems(source, ownedCount, count, progress), false));
  if (count > ownedCount && !options.apply) {
    // A dry run compares the new indices too (temp table only): exact counts, no row written or locked.
    await stageNew();
  } else if (count > ownedCount) {
    // New indices: straight into the table. If a row is already there (the guard was reset by hand, or the
    // app holds the id), fall back to comparing them through the staging table.
    await trx.raw('SAVEPOINT seed_new_rows');
    try {
      await copyNewRows(trx, table, seedName, checkedItems(source, ownedCount, count, progress));
      await trx.raw('RELEASE SAVEPOINT seed_new_rows');
      created = count - ownedCount;
    } catch (error) {
      if ((error as { code?: string }).code !== '23505') throw error;
      await trx.raw('ROLLBACK TO SAVEPOINT seed_new_rows');
      progress.done = 0;
      await stageNew();
    }
  }
  for (const [from, to] of compare)
    await stageIncoming(trx, table, mapIncoming(checkedItems(source, from, to, progress), true));
  if (pendingRemoved > 0) await stageRemoved(trx, table, keysOf(source, count, ownedCount));
  const ctx = { trx, table, seedName, options, storedHash: stored.sql };
  const { counts, details, deletedWhileWriting } = await converge(ctx, writeBulk, { listOwnership: false });
  progress.report(total, total);

  // Rows COPYed straight in are not in the plan table: list the first of them by key.
  const newKeys = (n: number) =>
    Array.from({ length: Math.min(n, options.detailLimit) }, (_, i) => source.keyOf(ownedCount + i));
  const stillOwned = counts.removed > 0 || (pendingRemoved > 0 && !options.prune);
  const ownedNow = stillOwned ? Math.max(count, ownedCount) : count;
  const params = {
    ...source.variant,
    count,
    ownedCount: ownedNow,
    variants: variantsAfter(variants, count, ownedNow, source.variant),
    rowsInTable: truth.inTable + created + counts.created - counts.pruned - deletedWhileWriting,
  } satisfies GeneratedParams;
  await writeGuard(trx, seedName, {
    checksum,
    ownedKeys: null,
    rowCount: ownedNow,
    params: { ...params },
    hashSpec: hashSpecOf(table),
  });
  return {
    ...base,
    upToDate: false,
    counts: {
      ...counts,
      created: counts.created + created,
      unchanged: counts.unchanged + (kept - compared),
    },
    details: options.withDetails
      ? { ...details, created: [...newKeys(created), ...details.created] }
      : details,
    pendingRemoved: 0,
    droppedContentColumns: stored.missing,
    elapsedMs: Date.now() - started,
  };
}

function* mapIncoming<Item>(items: Iterable<Item>, previouslyOwned: boolean) {
  for (const item of items) yield { item, previouslyOwned };
}

/** Keys of the generated items [from, to). */
function* keysOf(source: GeneratedSource<KeyedItem>, from: number, to: number): Generator<string> {
  for (let i = from; i < to; i++) yield source.keyOf(i);
}

/**
 * Converges a table to a hand-written data set, under the caller's transaction and lock. The guard row owns
 * the data set's keys: same checksum, same content columns, the table still holding the rows the guard left
 * there, and nothing to prune is a no-op that reads one row and counts the seed's rows by index.
 */
export async function seedCurated<Item extends KeyedItem>(
  trx: Knex.Transaction,
  source: CuratedSource<Item>,
  options: StepOptions,
): Promise<SeedRunResult> {
  const started = Date.now();
  const { table, items, name: seedName } = source;
  const checksum = curatedChecksum(items);
  const truth = await checkTable(trx, table.table, seedName, await readGuard(trx, seedName));
  const { guard } = truth;
  const keys = items.map((item) => item.key);
  const current = new Set(keys);
  const owned = new Set(guard?.owned_keys ?? []);
  const removedKeys = [...owned].filter((key) => !current.has(key)).sort();
  const stored = await storedHash(trx, table, guard?.content_columns);

  const base = {
    seedName,
    noun: table.noun,
    firstApply: guard === undefined,
    firstRunLines:
      table.firstRunSummary && ((created: number) => table.firstRunSummary?.(items, created) ?? []),
  };
  if (
    guard?.checksum === checksum &&
    truth.intact &&
    !stored.changed &&
    !options.force &&
    !(options.prune && removedKeys.length > 0)
  ) {
    return {
      ...base,
      upToDate: true,
      pendingRemoved: removedKeys.length,
      pendingRemovedKeys: removedKeys.slice(0, options.detailLimit),
      elapsedMs: Date.now() - started,
    };
  }

  // The write path loads only when there is something to converge: a no-op run never pays for it.
  const { converge }: typeof WriteModule = require('./write');
  const { resetStagingTables, stageIncoming, stageRemoved }: typeof StagingModule = require('./staging');
  const { writeUpsert }: typeof WriteModule = require('./write');
  await resetStagingTables(trx, table);
  await stageIncoming(
    trx,
    table,
    items.map((item) => ({ item, previouslyOwned: owned.has(item.key) })),
  );
  await stageRemoved(trx, table, removedKeys);
  const ctx = { trx, table, seedName, options, storedHash: stored.sql };
  const byId = new Map(items.map((item) => [table.idOf(item.key), item]));
  const converged = await converge(ctx, (c) => writeUpsert(c, byId), { listOwnership: true });
  const foreign = new Set(converged.foreignKeys);
  const ownedKeys = [...keys.filter((key) => !foreign.has(key)), ...converged.removedStillOwned];
  const { counts } = converged;
  const rowsInTable = truth.inTable + counts.created - counts.pruned - converged.deletedWhileWriting;
  await writeGuard(trx, seedName, {
    checksum,
    ownedKeys,
    rowCount: ownedKeys.length,
    params: { rowsInTable },
    hashSpec: hashSpecOf(table),
  });
  return {
    ...base,
    upToDate: false,
    counts: converged.counts,
    details: converged.details,
    pendingRemoved: 0,
    droppedContentColumns: stored.missing,
    elapsedMs: Date.now() - started,
  };
}

/** What a run asks of every seed step. */
export interface StepOptions {
  force: boolean;
  prune: boolean;
  /** Keys listed per kind of change (counts are always exact). Default 50. */
  detailLimit: number;
  /** List the keys of every kind of change, not only counts (dry runs). */
  withDetails: boolean;
  /** False for a dry run: compare and count, write and lock no row of the seeded table. */
  apply: boolean;
  /** Called as rows are generated and loaded (generated seeds), with the seed's name. */
  onProgress?: (seedName: string, done: number, total: number) => void;
}

/** One seed step at work: its table, its guard name, the run's options, and how stored hashes are read. */
export interface StepContext {
  trx: Knex.Transaction;
  table: SeedTable;
  seedName: string;
  options: StepOptions;
  /**
   * SQL (row alias = the table's name) of the content hash the rows were written with: the formula of the
   * content columns the guard recorded. Null when a recorded column is no longer in the table, so an app edit
   * made before that cannot be told from a data set change.
   */
  storedHash: ((alias: string) => string) | null;
}
