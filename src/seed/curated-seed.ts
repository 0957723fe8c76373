import type { Knex } from 'knex';
import { curatedChecksum } from './checksums';
import { hashSpecOf } from './content-hash';
import type * as ConvergeModule from './converge';
import { readGuard, writeGuard } from './guard';
import { storedHash } from './hash-version';
import type { SeedRunResult } from './result';
import type { CuratedSource } from './sources';
import type * as StagingModule from './staging';
import type { StepOptions } from './step';
import type { KeyedItem } from './table';
import { checkTable } from './table-truth';
import type * as WriteUpsertModule from './write-upsert';

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
  const { converge }: typeof ConvergeModule = require('./converge');
  const { resetStagingTables, stageIncoming, stageRemoved }: typeof StagingModule = require('./staging');
  const { writeUpsert }: typeof WriteUpsertModule = require('./write-upsert');
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
