import type { Knex } from 'knex';
import { SeedError } from '../errors';
import { generatedChecksum } from './checksums';
import { hashSpecOf } from './content-hash';
import type * as ConvergeModule from './converge';
import { deleteGuard, readGuard, writeGuard } from './guard';
import { storedHash } from './hash-version';
import { loadNewRows } from './index-rebuild';
import { loadTuning } from './load-tuning';
import { itemsIn, narrowWhereUseful } from './narrow-compare';
import type { SeedRunResult } from './result';
import type { GeneratedSource } from './sources';
import type * as StagingModule from './staging';
import type { StepOptions } from './step';
import type { KeyedItem } from './table';
import { checkTable } from './table-truth';
import { itemProblems } from './validate';
import {
  allOf,
  differing,
  type IndexRange,
  recordedVariants,
  sizeOf,
  type VariantRange,
  variantsAfter,
} from './variant-ranges';
import type * as WriteBulkModule from './write-bulk';

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
  const { converge }: typeof ConvergeModule = require('./converge');
  const { copyNewRows, resetStagingTables, stageIncoming, stageRemoved }: typeof StagingModule =
    require('./staging');
  const { writeBulk }: typeof WriteBulkModule = require('./write-bulk');
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
      await loadNewRows(trx, source, ownedCount, count, () =>
        copyNewRows(trx, table, seedName, checkedItems(source, ownedCount, count, progress)),
      );
      await trx.raw('RELEASE SAVEPOINT seed_new_rows');
      created = count - ownedCount;
    } catch (error) {
      if ((error as { code?: string }).code !== '23505') throw error;
      await trx.raw('ROLLBACK TO SAVEPOINT seed_new_rows');
      progress.done = 0;
      await stageNew();
    }
  }
  // SEED_FORCE or a table changed behind the guard: hashes tell most rows unchanged before any is staged in full.
  const narrowed = await narrowWhereUseful(
    trx,
    table,
    seedName,
    compare,
    (from, to) => checkedItems(source, from, to, progress),
    { compareAll, stored, force: options.force, enabled: loadTuning(source).narrowCompare },
  );
  const again: Progress = { done: 0, total: 0, report: () => undefined };
  const stagedProgress = narrowed.ranges === compare ? progress : again;
  const toStage = itemsIn(narrowed.ranges, (from, to) => checkedItems(source, from, to, stagedProgress));
  if (narrowed.ranges.length > 0) await stageIncoming(trx, table, mapIncoming(toStage, true));
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
      unchanged: counts.unchanged + (kept - compared) + narrowed.unchanged,
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
