import type { Knex } from 'knex';
import { ident, query, sql, verbatim } from '../../db/sql';
import { SeedError } from '../../errors';
import {
  allOf,
  differing,
  type GuardRecord,
  type IndexRange,
  type OwnedIds,
  type RowsScan,
  readOwnedRows,
  recordedVariants,
  recordSeedRows,
  type SeedGuardRow,
  sizeOf,
  type TableRecord,
  type TableTruth,
  type VariantRange,
  variantsAfter,
} from '../guard/seed-guard';
import {
  contentHashSql,
  curatedChecksum,
  generatedChecksum,
  type HashSpec,
  hashSpecOf,
  type StoredHash,
} from '../hashing';
import type { ConvergeCounts, ConvergeDetails, StepContext, StepOptions } from '../plan/plan';
import type * as StagingModule from '../plan/staging';
import type { CuratedSource, GeneratedSource, KeyedItem, SeedTable } from '../table/description';
import { loadTuning } from '../table/description';
import { itemProblems } from '../validate';
import type * as BulkLoadModule from '../write/bulk-load';
import type * as WriteModule from '../write/converge';

/**
 * What differs between a curated and a generated step; src/seed/step/run-step.ts runs the skeleton they share. A kind is
 * made from its source and the guard as the run sees it, before anything is staged.
 */
export interface StepKind {
  /** The data set's checksum, as the guard records it. */
  checksum: string;
  /** Rows the seed owns whose item left the data set, as the guard records them (the app may have deleted some). */
  pendingRemoved: number;
  /** The keys of removed items by row id, for an up-to-date run's summary (curated only). */
  removedKeyOf?: ReadonlyMap<string, string>;
  /** Every row the guard records was written from today's data set (generated: by this variant). */
  rowsCurrent: boolean;
  /** The lines a plain first run prints instead of the counts. */
  firstRunLines?: (created: number) => string[];
  /**
   * Stages the data set (into staging tables the step has just reset) and converges the table to it; returns
   * what was done and what the guard is to record.
   */
  converge(ctx: StepContext, writePath: WritePath, seen: Seen): Promise<KindConverged>;
}

/**
 * What a step needs to converge: the staging tables and the writers (staging, plan, write, COPY), and the bulk
 * paths of generated seeds (index-after-load, hashes first). Typed by each module's own exports; src/seed/step/run-step.ts
 * loads them (`loadWritePath`), only when a step has something to converge.
 */
export interface WritePath {
  staging: typeof StagingModule;
  write: typeof WriteModule;
  bulk: typeof BulkLoadModule;
}

/** What the step learned before converging: the table's side of the guard and how its hashes are read. */
export interface Seen {
  truth: TableTruth;
  stored: StoredHash;
}

export interface KindConverged {
  counts: ConvergeCounts;
  details: ConvergeDetails;
  guard: Omit<GuardRecord, 'checksum' | 'hashSpec'>;
}

/** True of a row (alias `j`) whose content is not what the seed last wrote over `spec`: edited by the app. */
export function editedSql(spec: HashSpec | null) {
  return sql`j.seed_content_hash IS DISTINCT FROM ${verbatim(spec ? contentHashSql(spec, 'j') : 'NULL::text')}`;
}

/** The ids a hand-written data set's guard owns, and of those, the items no longer in `items`. */
export function curatedOwnedIds(
  table: SeedTable,
  ownedKeys: readonly string[],
  items: readonly KeyedItem[],
  spec: HashSpec | null,
): OwnedIds {
  const current = new Set(items.map((item) => item.key));
  return {
    owned: ownedKeys.map(table.idOf),
    removed: ownedKeys.filter((key) => !current.has(key)).map(table.idOf),
    edited: editedSql(spec),
  };
}

/**
 * A hand-written data set: the guard row owns its keys, and every run that is not a no-op stages all of it and
 * writes through knex's upsert. The table's side it records is counted at the owned ids themselves.
 */
export function curatedKind<Item extends KeyedItem>(
  source: CuratedSource<Item>,
  guard: SeedGuardRow | undefined,
): StepKind {
  const { table, items, name: seedName } = source;
  const keys = items.map((item) => item.key);
  const current = new Set(keys);
  const owned = new Set(guard?.owned_keys ?? []);
  const removedKeys = [...owned].filter((key) => !current.has(key)).sort();
  return {
    checksum: curatedChecksum(items),
    pendingRemoved: removedKeys.length,
    removedKeyOf: new Map(removedKeys.map((key) => [table.idOf(key), key])),
    rowsCurrent: true,
    firstRunLines:
      table.firstRunSummary && ((created: number) => table.firstRunSummary?.(items, created) ?? []),
    async converge(ctx, { staging, write }, { truth }) {
      const { trx } = ctx;
      await staging.stageIncoming(
        trx,
        table,
        items.map((item) => ({ item, previouslyOwned: owned.has(item.key) })),
      );
      await staging.stageRemoved(trx, table, removedKeys);
      const byId = new Map(items.map((item) => [table.idOf(item.key), item]));
      const converged = await write.converge(ctx, (c) => write.writeUpsert(c, byId), { listOwnership: true });
      const foreign = new Set(converged.foreignKeys);
      const ownedKeys = [...keys.filter((key) => !foreign.has(key)), ...converged.removedStillOwned];
      // Counted in the table as this run leaves it, over the content columns the guard records.
      const [rows, ownedRows] = [
        await recordSeedRows(trx, table.table, seedName, truth.log),
        await readOwnedRows(
          trx,
          table.table,
          seedName,
          curatedOwnedIds(table, ownedKeys, items, hashSpecOf(table)),
        ),
      ];
      const record: TableRecord = {
        ...rows,
        owned: ownedRows.owned,
        removed: ownedRows.removedIds.length,
        ownedIds: ownedRows.ownedIds,
        edited: ownedRows.edited,
      };
      return {
        counts: converged.counts,
        details: converged.details,
        guard: { ownedKeys, rowCount: ownedKeys.length, params: { table: record } },
      };
    },
  };
}

/** What the guard records for a generated seed (besides its variant's fields); it owns indices < ownedCount. */
export interface GeneratedParams {
  count: number;
  ownedCount: number;
  /** Which variant wrote each owned index: see the variant ranges in src/seed/guard/seed-guard.ts. */
  variants: VariantRange[];
  /** The table's side after the run: see the table truth in src/seed/guard/seed-guard.ts. */
  table: TableRecord;
}

interface Progress {
  done: number;
  total: number;
  report: (done: number, total: number) => void;
}

/** A source's items, each checked as it is generated; progress reported every 1000 rows. */
function* checkedItems<Item extends KeyedItem>(
  source: GeneratedSource<Item>,
  items: Iterable<Item>,
  progress: Progress,
  { referenced, sized }: Pick<StepOptions, 'referenced' | 'sized'>,
): Generator<Item> {
  const columns = sized?.get(source.table);
  for (const item of items) {
    const problems = itemProblems(source.table, item, referenced, columns);
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
 * The generated items [0, count), each a pure function of its index, so: the same count and variant is a no-op
 * decided from the guard row and the rows carrying the seed's name (count and id fingerprint); a larger count
 * COPYs only the new indices straight into the table; a smaller one leaves the rest (pruned with SEED_PRUNE); the
 * indices kept that another variant wrote (all of them with SEED_FORCE, after the content columns changed, when
 * the table no longer holds every row the guard recorded, or when the app edited a row) are compared through the
 * staging table. Undefined when there is nothing to do at all: no
 * guard and no rows asked for.
 */
export function generatedKind<Item extends KeyedItem>(
  source: GeneratedSource<Item>,
  guard: SeedGuardRow | undefined,
): StepKind | undefined {
  const { table, count, name: seedName } = source;
  if (!guard && count === 0) return undefined;
  const prev = (guard?.params ?? undefined) as Partial<GeneratedParams> | undefined;
  const ownedCount = prev?.ownedCount ?? 0;
  const pendingRemoved = Math.max(0, ownedCount - count);
  const variants = recordedVariants(prev);
  const kept = Math.min(count, ownedCount);
  return {
    checksum: generatedChecksum(count, source.variant),
    pendingRemoved,
    rowsCurrent: allOf(variants, kept, source.variant),
    async converge(ctx, { staging, write, bulk }, { truth, stored }) {
      const { trx, options } = ctx;
      // Rows known to hold this variant need no comparing, as long as the table still holds the rows the guard
      // says the last run left, every owned one of them (none deleted by the app or held by another row), and
      // their hashes were computed over today's content columns.
      const everyOwnedPresent = truth.intact && truth.owned === ownedCount;
      let compareAll = options.force || !everyOwnedPresent || stored.changed;
      // Nor any the app edited: the rows left uncompared are counted unchanged only when no row with the seed's
      // name differs from its stored hash (one pass in SQL; no item is generated for it).
      if (!compareAll && kept > sizeOf(differing(variants, kept, source.variant)))
        compareAll = await anyEditedRow(trx, table, seedName, stored.spec);
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

      let created = 0;
      // Rows COPYed straight in that the table changed as they were written (a trigger): not in the plan table.
      let changedOnLoad = 0;
      // Right after a load that wrote most of the table, its rows are counted by a scan of the whole table.
      let rowsScan: RowsScan = 'seed';
      const tuning = loadTuning(source);
      // COPYed straight into the table in the order of their ids (the primary key grows at its right edge).
      // (With the id of each, derived once to sort them.)
      const newItems = (): { items: Iterable<Item>; idOf?: (item: Item) => string } => {
        if (!tuning.idOrder) return { items: source.generate(ownedCount, count) };
        const inOrder = bulk.itemsInIdOrder(source, ownedCount, count);
        return { items: inOrder, idOf: inOrder.idOf };
      };
      // Whether anything reaches the staging tables: when nothing does, there is no plan to make.
      let staged = false;
      const stageNew = () => {
        staged = true;
        return staging.stageIncoming(
          trx,
          table,
          mapIncoming(checkedItems(source, source.generate(ownedCount, count), progress, options), false),
        );
      };
      if (count > ownedCount && !options.apply) {
        // A dry run compares the new indices too (temp table only): exact counts, no row written or locked.
        await stageNew();
      } else if (count > ownedCount) {
        // New indices: straight into the table. If a row is already there (the guard was reset by hand, or the
        // app holds the id), fall back to comparing them through the staging table.
        await trx.raw('SAVEPOINT seed_new_rows');
        try {
          const loaded = await bulk.loadNewRows(trx, source, ownedCount, count, () => {
            const { items, idOf } = newItems();
            return staging.copyNewRows(
              trx,
              table,
              seedName,
              checkedItems(source, items, progress, options),
              idOf,
            );
          });
          await trx.raw('RELEASE SAVEPOINT seed_new_rows');
          created = count - ownedCount;
          changedOnLoad = await write.changedOnLoad(ctx, table.idOf(source.keyOf(ownedCount)));
          if (loaded.mostOfTable) rowsScan = 'wholeTable';
        } catch (error) {
          if ((error as { code?: string }).code !== '23505') throw error;
          await trx.raw('ROLLBACK TO SAVEPOINT seed_new_rows');
          // Released, or every later write of the run happens in the savepoint's subtransaction (its rows' xmin is
          // not the transaction's: the changed-on-write count reads it).
          await trx.raw('RELEASE SAVEPOINT seed_new_rows');
          progress.done = 0;
          await stageNew();
        }
      }
      // SEED_FORCE or a table changed behind the guard: hashes tell most rows unchanged before any is staged in full.
      const narrowed = await bulk.narrowWhereUseful(
        trx,
        {
          table,
          keyOf: source.keyOf,
          generate: (from, to) => checkedItems(source, source.generate(from, to), progress, options),
        },
        seedName,
        compare,
        { compareAll, stored, force: options.force, enabled: tuning.narrowCompare },
      );
      // Items staged in full after the narrow pass were counted in its progress already.
      const again: Progress = { done: 0, total: 0, report: () => undefined };
      const stagedProgress = narrowed.ranges === compare ? progress : again;
      const toStage = bulk.itemsIn(narrowed.ranges, (from, to) =>
        checkedItems(source, source.generate(from, to), stagedProgress, options),
      );
      if (narrowed.ranges.length > 0) {
        staged = true;
        await staging.stageIncoming(trx, table, mapIncoming(toStage, true));
      }
      if (pendingRemoved > 0) {
        staged = true;
        await staging.stageRemoved(trx, table, keysOf(source, count, ownedCount));
      }
      const { counts, details } = staged
        ? await write.converge(ctx, write.writeBulk, { listOwnership: false })
        : write.nothingStaged();
      if (changedOnLoad > 0) counts.changedOnWrite = (counts.changedOnWrite ?? 0) + changedOnLoad;
      progress.report(total, total);

      // Rows COPYed straight in are not in the plan table: list the first of them by key.
      const newKeys = (n: number) =>
        Array.from({ length: Math.min(n, options.detailLimit) }, (_, i) => source.keyOf(ownedCount + i));
      const stillOwned = counts.removed > 0 || (pendingRemoved > 0 && !options.prune);
      const ownedNow = stillOwned ? Math.max(count, ownedCount) : count;
      // Owned rows in the table now: those no one compared (every owned one was present, see above), those the
      // plan found or wrote (not the ones deleted by the app or held by another row), the removed ones left.
      const ownedInTable =
        kept -
        compared +
        created +
        narrowed.unchanged +
        counts.created +
        counts.updated +
        counts.unchanged +
        counts.editedByApp;
      const params = {
        ...source.variant,
        count,
        ownedCount: ownedNow,
        variants: variantsAfter(variants, count, ownedNow, source.variant),
        table: {
          ...(await recordSeedRows(trx, table.table, seedName, truth.log, rowsScan)),
          owned: ownedInTable + counts.removed,
          removed: counts.removed,
        },
      } satisfies GeneratedParams;
      return {
        counts: {
          ...counts,
          created: counts.created + created,
          unchanged: counts.unchanged + (kept - compared) + narrowed.unchanged,
        },
        details: options.withDetails
          ? { ...details, created: [...newKeys(created), ...details.created] }
          : details,
        guard: { ownedKeys: null, rowCount: ownedNow, params: { ...params } },
      };
    },
  };
}

/** Whether any row carrying the seed's name differs from its stored hash: the app edited it. */
export function anyEditedRowSql(table: SeedTable, seedName: string, spec: HashSpec | null) {
  return sql`SELECT EXISTS (SELECT 1 FROM ${ident(table.table)} j WHERE j.seed_name = ${seedName} AND ${editedSql(spec)}) AS edited`;
}

async function anyEditedRow(
  trx: Knex.Transaction,
  table: SeedTable,
  seedName: string,
  spec: HashSpec | null,
): Promise<boolean> {
  const { rows } = await query<{ edited: boolean }>(trx, anyEditedRowSql(table, seedName, spec));
  return rows[0].edited;
}

function* mapIncoming<Item>(items: Iterable<Item>, previouslyOwned: boolean) {
  for (const item of items) yield { item, previouslyOwned };
}

/** Keys of the generated items [from, to). */
function* keysOf(source: GeneratedSource<KeyedItem>, from: number, to: number): Generator<string> {
  for (let i = from; i < to; i++) yield source.keyOf(i);
}
