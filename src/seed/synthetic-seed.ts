import type { Knex } from 'knex';
import { GENERATOR_VERSION, generatePostings, syntheticKey } from '../data/generate';
import type { SeedPosting } from '../data/types';
import { SeedError } from '../errors';
import { checksumOf } from './checksum';
import { converge } from './converge';
import { deleteGuard, readGuard, writeGuard } from './guard';
import type { SeedRunResult, SeedStepOptions } from './result';
import { copyNewPostings, resetStagingTables, stageIncoming, stageRemoved } from './staging';
import {
  allOf,
  differing,
  type IndexRange,
  recordedVariants,
  sizeOf,
  type VariantRange,
  variantsAfter,
} from './synthetic-variants';
import { checkTable } from './table-truth';
import { postingProblems } from './validate';

export const SYNTHETIC_SEED_NAME = 'job_postings_synthetic';

/** What the guard records for the synthetic seed; it owns the postings with index < ownedCount. */
export interface SyntheticParams {
  generatorVersion: number;
  randomSeed: string;
  count: number;
  ownedCount: number;
  /** Which variant wrote each owned index: see src/seed/synthetic-variants.ts. */
  variants: VariantRange[];
  /** The seed's rows in the table after the run: see src/seed/table-truth.ts. */
  rowsInTable: number;
}

/** The checksum depends only on what selects the rows, so a no-op rerun never generates one. */
export function syntheticChecksum(count: number, randomSeed: string): string {
  // No rows: nothing that selects them matters.
  if (count === 0) return checksumOf({ count });
  return checksumOf({ generatorVersion: GENERATOR_VERSION, randomSeed, count });
}

/** Postings [from, to), each checked as it is generated; progress reported every 1000 rows. */
function* checkedPostings(
  from: number,
  to: number,
  randomSeed: string,
  progress: { done: number; total: number; report?: (done: number, total: number) => void },
): Generator<SeedPosting> {
  for (const posting of generatePostings(from, to, randomSeed)) {
    const problems = postingProblems(posting);
    if (problems.length > 0) {
      throw new SeedError(
        'DATA_INVALID',
        `synthetic posting ${posting.key} is invalid; nothing was written`,
        {
          details: problems,
        },
      );
    }
    yield posting;
    if (++progress.done % 1000 === 0) progress.report?.(progress.done, progress.total);
  }
}

/**
 * Converges the synthetic postings [0, count) for `randomSeed`. Each posting is a pure function of its index,
 * so: the same count and seed is a no-op decided from the guard row and a count of the seed's rows; a larger
 * count COPYs only the new indices straight into the table; a smaller one leaves the rest (pruned with
 * SEED_PRUNE); the indices kept that another seed or generator version wrote (all of them with SEED_FORCE, or
 * when the table no longer holds what the guard recorded) are compared through the staging table.
 */
export async function seedSynthetic(
  trx: Knex.Transaction,
  count: number,
  randomSeed: string,
  options: SeedStepOptions,
): Promise<SeedRunResult | undefined> {
  const started = Date.now();
  const seedName = SYNTHETIC_SEED_NAME;
  const table = await checkTable(trx, seedName, await readGuard(trx, seedName));
  const { guard } = table;
  if (!guard && count === 0) {
    // No synthetic postings asked for: a table emptied of them is back to before the first run, guard included.
    if (table.reset) await deleteGuard(trx, seedName);
    return undefined;
  }
  const prev = (guard?.params ?? undefined) as Partial<SyntheticParams> | undefined;
  const ownedCount = prev?.ownedCount ?? 0;
  const checksum = syntheticChecksum(count, randomSeed);
  const pendingRemoved = Math.max(0, ownedCount - count);
  const base = { seedName, firstApply: guard === undefined };
  const variant = { randomSeed, generatorVersion: GENERATOR_VERSION };
  const variants = recordedVariants(prev);
  const kept = Math.min(count, ownedCount);
  if (
    guard?.checksum === checksum &&
    table.intact &&
    allOf(variants, kept, variant) &&
    !options.force &&
    !(options.prune && pendingRemoved > 0)
  ) {
    return { ...base, upToDate: true, pendingRemoved, elapsedMs: Date.now() - started };
  }

  // Rows known to hold this variant need no comparing, as long as the table still holds what the guard says.
  const compare: IndexRange[] =
    options.force || !table.intact ? (kept > 0 ? [[0, kept]] : []) : differing(variants, kept, variant);
  const compared = sizeOf(compare);
  const total = compared + Math.max(0, count - ownedCount);
  const progress = { done: 0, total, report: options.onProgress };
  options.onProgress?.(0, total);

  await resetStagingTables(trx);
  let created = 0;
  const stageNew = () =>
    stageIncoming(trx, mapIncoming(checkedPostings(ownedCount, count, randomSeed, progress), false));
  if (count > ownedCount && !options.apply) {
    // A dry run compares the new indices too (temp table only): exact counts, no row written or locked.
    await stageNew();
  } else if (count > ownedCount) {
    // New indices: straight into the table. If a row is already there (the guard was reset by hand, or the
    // app holds the id), fall back to comparing them through the staging table.
    await trx.raw('SAVEPOINT seed_new_rows');
    try {
      await copyNewPostings(trx, seedName, checkedPostings(ownedCount, count, randomSeed, progress));
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
    await stageIncoming(trx, mapIncoming(checkedPostings(from, to, randomSeed, progress), true));
  if (pendingRemoved > 0) await stageRemoved(trx, syntheticKeys(count, ownedCount));
  const { counts, details, deletedWhileWriting } = await converge(trx, { seedName, ...options });
  options.onProgress?.(total, total);

  // Rows COPYed straight in are not in the plan table: list the first of them by key.
  const newKeys = (n: number) =>
    Array.from({ length: Math.min(n, options.detailLimit) }, (_, i) => syntheticKey(ownedCount + i));
  const stillOwned = counts.removed > 0 || (pendingRemoved > 0 && !options.prune);
  const ownedNow = stillOwned ? Math.max(count, ownedCount) : count;
  const params: SyntheticParams = {
    ...variant,
    count,
    ownedCount: ownedNow,
    variants: variantsAfter(variants, count, ownedNow, variant),
    rowsInTable: table.inTable + created + counts.created - counts.pruned - deletedWhileWriting,
  };
  await writeGuard(trx, seedName, { checksum, ownedKeys: null, rowCount: ownedNow, params: { ...params } });
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
    elapsedMs: Date.now() - started,
  };
}

function* mapIncoming(postings: Iterable<SeedPosting>, previouslyOwned: boolean) {
  for (const posting of postings) yield { posting, previouslyOwned };
}

/** Keys of the synthetic postings [from, to). */
function* syntheticKeys(from: number, to: number): Generator<string> {
  for (let i = from; i < to; i++) yield syntheticKey(i);
}
