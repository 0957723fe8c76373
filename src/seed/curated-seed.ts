import type { Knex } from 'knex';
import type { SeedPosting } from '../data/types';
import { checksumOf } from './checksum';
import { converge, foreignKeys, removedKeysStillPresent } from './converge';
import { readGuard, writeGuard } from './guard';
import type { SeedRunResult, SeedStepOptions } from './result';
import { resetStagingTables, stageIncoming, stageRemoved } from './staging';
import { checkTable } from './table-truth';

/** Bump when the meaning of a data set's rows changes without the data changing, to make every run re-apply. */
const CURATED_FORMAT = 1;

/** The checksum the guard records for a hand-written data set. */
export function curatedChecksum(postings: readonly SeedPosting[]): string {
  return checksumOf({ format: CURATED_FORMAT, postings });
}

/**
 * Converges `job_postings` to a hand-written data set, under the caller's transaction and lock. The guard row
 * owns the data set's keys: same checksum, the table still holding the rows the guard left there, and nothing
 * to prune is a no-op that reads one row and counts the seed's rows by index.
 */
export async function seedCurated(
  trx: Knex.Transaction,
  seedName: string,
  postings: readonly SeedPosting[],
  options: SeedStepOptions,
): Promise<SeedRunResult> {
  const started = Date.now();
  const checksum = curatedChecksum(postings);
  const table = await checkTable(trx, seedName, await readGuard(trx, seedName));
  const { guard } = table;
  const keys = postings.map((p) => p.key);
  const current = new Set(keys);
  const owned = new Set(guard?.owned_keys ?? []);
  const removedKeys = [...owned].filter((key) => !current.has(key)).sort();

  const base = { seedName, firstApply: guard === undefined, postings };
  if (
    guard?.checksum === checksum &&
    table.intact &&
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

  await resetStagingTables(trx);
  await stageIncoming(
    trx,
    postings.map((posting) => ({ posting, previouslyOwned: owned.has(posting.key) })),
  );
  await stageRemoved(trx, removedKeys);
  const { counts, details, deletedWhileWriting } = await converge(trx, { seedName, ...options });
  const foreign = new Set(await foreignKeys(trx));
  const stillOwned = await removedKeysStillPresent(trx);
  const ownedKeys = [...keys.filter((key) => !foreign.has(key)), ...stillOwned];
  const rowsInTable = table.inTable + counts.created - counts.pruned - deletedWhileWriting;
  await writeGuard(trx, seedName, {
    checksum,
    ownedKeys,
    rowCount: ownedKeys.length,
    params: { rowsInTable },
  });
  return { ...base, upToDate: false, counts, details, pendingRemoved: 0, elapsedMs: Date.now() - started };
}
