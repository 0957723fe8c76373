import type { Knex } from 'knex';
import type * as KnexTargetModule from '../../db/knex-target';
import {
  checkTable,
  deleteGuard,
  readGuard,
  renewTableRecord,
  type SeedGuardRow,
  writeGuard,
} from '../guard/seed-guard';
import { trimWriteLog } from '../guard/write-log';
import { hashSpecOf, storedHash } from '../hashing';
import type { StepOptions } from '../plan/plan';
import type { SeedRunResult } from '../summary';
import type { SeedSource } from '../table/description';
import {
  curatedKind,
  curatedOwnedIds,
  generatedKind,
  type Seen,
  type StepKind,
  type WritePath,
} from './kinds';

/**
 * The one test of "up to date": the guard's checksum matches the data set, the table holds the rows the guard
 * recorded the last run left there (the same ids, not only as many; for a hand-written data set also the same
 * app edits), the rows were hashed over today's content columns and written from today's data set, and the run
 * asks for nothing more (no SEED_FORCE, no row of a removed item in the table to prune). Decided from the guard
 * row, the seed's rows counted and fingerprinted by index and, when the content columns changed, the table's
 * column list.
 */
export function isUpToDate(
  guard: SeedGuardRow | undefined,
  kind: StepKind,
  seen: Seen,
  options: Pick<StepOptions, 'force' | 'prune'>,
): boolean {
  return (
    guard?.checksum === kind.checksum &&
    seen.truth.intact &&
    !seen.stored.changed &&
    kind.rowsCurrent &&
    !options.force &&
    !(options.prune && (seen.truth.removed ?? kind.pendingRemoved) > 0)
  );
}

/**
 * Converges one seed's table to its source, under the caller's transaction and lock: read the guard, check the
 * table's side of it, read how the stored hashes were computed, and stop there when up to date; else load the
 * write path, reset the staging tables, let the source's kind stage and converge, and record the guard.
 * Undefined when the seed has nothing to do and nothing to say (a generated seed asked for no rows).
 */
export async function runStep(
  trx: Knex.Transaction,
  source: SeedSource,
  options: StepOptions,
): Promise<SeedRunResult | undefined> {
  const started = Date.now();
  const { table, name: seedName } = source;
  const recorded = await readGuard(trx, seedName);
  const recordedHash = await storedHash(trx, table, recorded?.content_columns);
  // A hand-written data set's owned rows are checked at their ids, app edits included (a few dozen rows).
  const ownedIds =
    source.kind === 'curated'
      ? (g: SeedGuardRow) => curatedOwnedIds(table, g.owned_keys ?? [], source.items, recordedHash.spec)
      : undefined;
  const truth = await checkTable(
    trx,
    table.table,
    seedName,
    recorded,
    ownedIds,
    options.emptied?.has(table.table),
  );
  const { guard } = truth;
  const kind = source.kind === 'curated' ? curatedKind(source, guard) : generatedKind(source, guard);
  if (!kind) {
    // Nothing asked for: a table emptied of this seed's rows is back to before the first run, guard included.
    if (truth.reset) await deleteGuard(trx, seedName);
    return undefined;
  }
  const seen: Seen = {
    truth,
    stored: truth.reset ? await storedHash(trx, table, undefined) : recordedHash,
  };
  const base = {
    seedName,
    noun: table.noun,
    firstApply: guard === undefined,
    firstRunLines: kind.firstRunLines,
  };
  if (isUpToDate(guard, kind, seen, options)) {
    // Counted because something was written since the last mark, and still up to date: the count's mark is kept,
    // and the log rows every mark has seen since go. (A dry run rolls back anyway, and writes nothing.)
    if (truth.recounted && truth.log && options.apply) {
      if (await renewTableRecord(trx, seedName, truth.recounted)) await trimWriteLog(trx, truth.log);
    }
    const removedKeys = (truth.removedIds ?? []).map((id) => kind.removedKeyOf?.get(id) ?? id).sort();
    return {
      ...base,
      upToDate: true,
      present: truth.owned,
      editsCompared: source.kind === 'curated',
      pendingRemoved: truth.removed ?? 0,
      pendingRemovedKeys: removedKeys.slice(0, options.detailLimit),
      elapsedMs: Date.now() - started,
    };
  }

  const writePath = loadWritePath();
  await writePath.staging.resetStagingTables(trx, table);
  const ctx = { trx, table, seedName, options, storedHash: seen.stored.spec };
  const converged = await kind.converge(ctx, writePath, seen);
  await writeGuard(trx, seedName, {
    ...converged.guard,
    checksum: kind.checksum,
    hashSpec: hashSpecOf(table),
  });
  // After the guard: its new mark is among those the trim keeps every row for.
  if (truth.log) await trimWriteLog(trx, truth.log);
  return {
    ...base,
    upToDate: false,
    counts: converged.counts,
    details: converged.details,
    pendingRemoved: 0,
    droppedContentColumns: seen.stored.missing,
    elapsedMs: Date.now() - started,
  };
}

// The one place the engine loads modules lazily, each typed by its module's own exports. A no-op run (the common
// case) never loads the write path; a run that succeeds never loads the error's target description.

/** Loads the write path: only when a step has something to converge. */
export function loadWritePath(): WritePath {
  return {
    staging: require('../plan/staging'),
    write: require('../write/converge'),
    bulk: require('../write/bulk-load'),
  };
}

/** Loads `targetOfKnex`: only when a run failed and its error needs the database named. */
export function loadKnexTarget(): typeof KnexTargetModule {
  return require('../../db/knex-target');
}
