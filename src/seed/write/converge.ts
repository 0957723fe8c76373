// Writing the plan: `converge` (classify, write, count what was written), the knex upsert for curated data
// sets and the bulk `UPDATE ... FROM` / `INSERT ... SELECT` for generated ones.

import type { Knex } from 'knex';
import { ident, join, query, type Sql, sql, verbatim } from '../../db/sql';
import { contentHasher, rolledAgesSql } from '../hashing';
import type { StepContext } from '../plan/plan';
import {
  type ConvergeCounts,
  type ConvergeDetails,
  changedOnWrite,
  classify,
  convergeRemoved,
  foreignKeys,
  missingPlannedUpdates,
  NO_DETAILS,
  planCounts,
  planDetails,
  type StepSql,
  storedHashSql,
} from '../plan/plan';
import { TEMP } from '../plan/staging';
import { ageOf, columnValue, type KeyedItem, type SeedTable } from '../table/description';

/** PostgreSQL takes at most 65,535 bind parameters per statement; stay clear of it. */
const MAX_PARAMS = 60_000;

/** The ids the plan creates, in order. */
export function plannedCreatesSql(): Sql {
  return sql`SELECT id FROM ${ident(TEMP.plan)} WHERE _seed_action = 'create' ORDER BY id`;
}

/**
 * The ids the plan updates, locked first: one the app deletes after the plan must not be re-inserted by the
 * upsert.
 */
export function lockPlannedUpdatesSql(step: StepSql): Sql {
  return sql`SELECT j.id FROM ${ident(step.table.table)} j JOIN ${ident(TEMP.plan)} s ON s.id = j.id WHERE s._seed_action = 'update' ORDER BY j.id FOR UPDATE OF j`;
}

/** The upsert's condition that the app has not edited the row (its stored hash still matches its content). */
export function notEditedSinceSql(step: StepSql): Sql {
  const t = step.table.table;
  return sql`${ident(`${t}.seed_content_hash`)} IS NOT DISTINCT FROM ${storedHashSql(step, t)}`;
}

/**
 * Applies the plan of a hand-written data set through knex's query builder, the way its seed docs show, with
 * the rows limited to the items the plan found missing or different, so unchanged rows are never locked or
 * rewritten:
 * - new items: `insert(rows).onConflict('id').ignore()` (a row the app put at the id since the plan stays);
 * - changed items: `insert(rows).onConflict('id').merge([content columns]).where(not edited by the app)`.
 */
export async function writeUpsert<Item extends KeyedItem>(
  ctx: StepContext,
  items: ReadonlyMap<string, Item>,
): Promise<Written> {
  const { trx, table, options } = ctx;
  const t = table.table;
  const ids = async (q: Sql) => (await query<{ id: string }>(trx, q)).rows.map((r) => r.id);
  const creates = await ids(plannedCreatesSql());
  const updates = await ids(lockPlannedUpdatesSql(ctx));
  await query(trx, rehashSql(ctx));

  // An item's ages are written on insert, and by SEED_FORCE; a plain update moves only updated_at, to now.
  const reAge = options.force && !!table.ages;
  const rows = rowsOf(ctx, items);
  let created = 0;
  for (const chunk of chunks(creates, rows.perChunk)) {
    const inserted = await trx(t).insert(chunk.map(rows.aged)).onConflict('id').ignore().returning('id');
    created += inserted.length;
  }
  const merged = [
    ...table.contentColumns,
    ...(options.force ? table.lifecycleColumns : []),
    'seed_content_hash',
    'updated_at',
    ...(reAge ? ['created_at'] : []),
  ];
  let updated = 0;
  for (const chunk of chunks(updates, rows.perChunk)) {
    // A row this seed did not write is never merged; without SEED_FORCE, neither is one the app edited since
    // the plan: PostgreSQL re-checks the WHERE on the row as it is when the upsert reaches it.
    const upsert = trx(t)
      .insert(chunk.map(reAge ? rows.aged : rows.now))
      .onConflict('id')
      .merge(merged)
      .where(`${t}.seed_name`, ctx.seedName);
    if (!options.force) {
      const notEdited = notEditedSinceSql(ctx);
      upsert.whereRaw(notEdited.sql, notEdited.bindings as Knex.Value[]);
    }
    updated += (await upsert.returning('id')).length;
  }
  return { created, updated };
}

/** A value bound once for each of the three places rolledAgesSql's rolled created age names it. */
function threeTimes(v: number): number[] {
  return [v, v, v];
}

function* chunks<T>(values: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < values.length; i += size) yield values.slice(i, i + size);
}

/** The row knex inserts for an item's id: with its ages as timestamps, or updated now. */
function rowsOf<Item extends KeyedItem>(ctx: StepContext, items: ReadonlyMap<string, Item>) {
  const { trx, table } = ctx;
  const hashOf = contentHasher(table);
  // Ages rolled by the week when the table asks (hashing.ts): created_at keeps the weekday and time the age names.
  const [createdSql, updatedSql] = rolledAgesSql('?::int', '?::int');
  const rolled = (item: Item, created: string, updated: string) => ({
    created: trx.raw(`now() - make_interval(mins => ${createdSql})`, threeTimes(ageOf(item, created))),
    updated: trx.raw(`now() - make_interval(mins => ${updatedSql})`, [
      ageOf(item, updated),
      ...threeTimes(ageOf(item, created)),
      ageOf(item, created),
    ]),
  });
  const unrolled = (item: Item, created: string, updated: string) => ({
    created: trx.raw('now() - make_interval(mins => ?::int)', [ageOf(item, created)]),
    updated: trx.raw('now() - make_interval(mins => ?::int)', [ageOf(item, updated)]),
  });
  const row = (id: string): [Item, Record<string, unknown>] => {
    const item = items.get(id) as Item;
    const values: Record<string, unknown> = { id };
    for (const [name, column] of table.dataColumns)
      values[name] = column.bind(columnValue(item, name, column));
    values.seed_name = ctx.seedName;
    values.seed_content_hash = hashOf(item);
    return [item, values];
  };
  const ages = table.ages;
  const timestamps = ages?.roll === 'week' ? rolled : unrolled;
  return {
    perChunk: Math.floor(MAX_PARAMS / (table.dataColumns.length + 6)),
    aged: (id: string) => {
      const [item, values] = row(id);
      if (ages) {
        const { created, updated } = timestamps(item, ages.created, ages.updated);
        values.created_at = created;
        values.updated_at = updated;
      }
      return values;
    },
    now: (id: string) => ({ ...row(id)[1], updated_at: trx.fn.now() }),
  };
}

/** A staged item's ages (see SeedTable.ages) relative to the transaction's now(), rolled by the week (hashing.ts). */
const [ROLLED_CREATED, ROLLED_UPDATED] = rolledAgesSql('s._seed_created_age', 's._seed_updated_age');
const ROLLED = {
  created: sql`now() - make_interval(mins => ${verbatim(ROLLED_CREATED)})`,
  updated: sql`now() - make_interval(mins => ${verbatim(ROLLED_UPDATED)})`,
};
/** A staged item's ages as they are. */
const UNROLLED = {
  created: sql`now() - make_interval(mins => s._seed_created_age)`,
  updated: sql`now() - make_interval(mins => s._seed_updated_age)`,
};

/** created_at and updated_at of a staged item, as its table's ages ask. */
function agedAt(table: SeedTable): { created: Sql; updated: Sql } {
  return table.ages?.roll === 'week' ? ROLLED : UNROLLED;
}

/** What a writer wrote of the plan: rows the app changed since the plan are skipped and not counted here. */
export interface Written {
  created: number;
  updated: number;
}

/** `a = s.a, b = s.b` */
const setFromStaged = (columns: readonly string[]) =>
  join(
    columns.map((c) => sql`${ident(c)} = ${ident(`s.${c}`)}`),
    ', ',
  );

/**
 * The bulk update: rows whose content differs, straight from the plan table. The app does not take the seed's
 * lock: re-checking "not edited by the app" in the UPDATE itself means a row the app changes between the plan
 * and the write is re-evaluated by PostgreSQL and left alone.
 */
export function bulkUpdateSql(step: StepSql): Sql {
  const { table, options } = step;
  // An item's ages are written on insert, and by SEED_FORCE; a plain update moves only updated_at, to now.
  const reAge = options.force && !!table.ages;
  const set = setFromStaged([...table.contentColumns, ...(options.force ? table.lifecycleColumns : [])]);
  const at = agedAt(table);
  const setCreatedAt = reAge ? sql`, created_at = ${at.created}` : sql``;
  const updatedAt = reAge ? at.updated : sql`now()`;
  const notEdited = options.force
    ? sql``
    : sql` AND j.seed_content_hash IS NOT DISTINCT FROM ${storedHashSql(step, 'j')}`;
  return sql`UPDATE ${ident(table.table)} j SET ${set}${setCreatedAt},
       seed_name = ${step.seedName}, seed_content_hash = s._seed_content_hash, updated_at = ${updatedAt}
     FROM ${ident(TEMP.plan)} s
     WHERE s._seed_action = 'update' AND j.id = s.id${notEdited}`;
}

/**
 * The bulk insert: the planned creates, straight from the plan table (a row the app put there since: kept), in
 * id order like a first load's COPY (the primary key grows at its right edge; it is the fallback of that COPY).
 */
export function bulkInsertSql(step: StepSql): Sql {
  const { table } = step;
  const columns = ['id', ...table.contentColumns, ...table.lifecycleColumns];
  const aged = !!table.ages;
  const at = agedAt(table);
  return sql`INSERT INTO ${ident(table.table)} (${ident(columns)}, seed_name, seed_content_hash${aged ? sql`, created_at, updated_at` : sql``})
     SELECT ${ident(columns.map((c) => `s.${c}`))}, ${step.seedName}, s._seed_content_hash${aged ? sql`, ${at.created}, ${at.updated}` : sql``}
     FROM ${ident(TEMP.plan)} s
     WHERE s._seed_action = 'create'
     ORDER BY s.id
     ON CONFLICT (id) DO NOTHING`;
}

/**
 * Content already equal to the data set but hashed otherwise (the app made the same edit, or the content
 * columns changed): record the new hash without touching updated_at.
 */
export function rehashSql(step: StepSql): Sql {
  return sql`UPDATE ${ident(step.table.table)} j SET seed_name = ${step.seedName}, seed_content_hash = s._seed_content_hash
     FROM ${ident(TEMP.plan)} s
     WHERE s._seed_action = 'rehash' AND j.id = s.id`;
}

/**
 * Applies the plan in bulk, for generated data sets of any size: {@link bulkUpdateSql}, {@link rehashSql} and
 * {@link bulkInsertSql}, all straight from the plan table, so no row crosses into Node. Unchanged rows are
 * neither locked nor rewritten.
 */
export async function writeBulk(ctx: StepContext): Promise<Written> {
  const updated = await query(ctx.trx, bulkUpdateSql(ctx));
  await query(ctx.trx, rehashSql(ctx));
  const created = await query(ctx.trx, bulkInsertSql(ctx));
  return { created: created.rowCount, updated: updated.rowCount };
}

export type { ConvergeCounts, ConvergeDetails } from '../plan/plan';
/** Rows a COPY of new rows wrote that the table changed as they were written (the step's kind calls it). */
export { changedOnLoad } from '../plan/plan';

/** Everything a step needs from converging its staged rows, so it never queries the temp tables back. */
export interface Converged {
  counts: ConvergeCounts;
  details: ConvergeDetails;
  /** Keys whose id holds a row this seed did not write: not owned (listed only when `listOwnership`). */
  foreignKeys: string[];
  /** Keys of removed items still in the table: still owned, for a later prune (only when `listOwnership`). */
  removedStillOwned: string[];
  /** Rows this seed held when the run began that the app deleted while it wrote (in `deletedByApp`). */
  deletedWhileWriting: number;
}

/**
 * What {@link converge} returns when nothing was staged (a first load COPYed straight into the table, or a rerun
 * whose hashes showed every compared row unchanged): an empty plan, without the statements that would build it.
 */
export function nothingStaged(): Converged {
  return {
    counts: {
      created: 0,
      updated: 0,
      editedByApp: 0,
      deletedByApp: 0,
      foreign: 0,
      unchanged: 0,
      removed: 0,
      pruned: 0,
    },
    details: { ...NO_DETAILS, removed: [], pruned: [] },
    foreignKeys: [],
    removedStillOwned: [],
    deletedWhileWriting: 0,
  };
}

/**
 * Classifies the staged rows against the table, then (unless a dry run) hands the plan to `write`: the
 * knex upsert for a hand-written data set, `UPDATE ... FROM` for a generated one. Counts what was written,
 * not what was planned: a row the app edited (or inserted) since the plan is skipped by the writer and
 * reported as the app's. Last, removed items are left or pruned.
 */
export async function converge(
  ctx: StepContext,
  write: (ctx: StepContext) => Promise<Written>,
  { listOwnership }: { listOwnership: boolean },
): Promise<Converged> {
  await classify(ctx);
  const details = await planDetails(ctx);
  const counts = await planCounts(ctx);
  let deletedWhileWriting = 0;
  if (ctx.options.apply) {
    const written = await write(ctx);
    const lostUpdates = counts.updated - written.updated;
    const lostCreates = counts.created - written.created;
    // Of the updates skipped, the rows no longer there were deleted by the app (the rows updated are locked by
    // this transaction, so none of them can have gone since).
    deletedWhileWriting = lostUpdates > 0 ? await missingPlannedUpdates(ctx) : 0;
    counts.updated -= lostUpdates;
    counts.editedByApp += lostUpdates - deletedWhileWriting;
    counts.deletedByApp += deletedWhileWriting;
    counts.created -= lostCreates;
    counts.foreign += lostCreates;
  }
  // What the table made of the rows written: a trigger may have changed them (the run says so, not "created").
  const changed = ctx.options.apply && counts.created + counts.updated > 0 ? await changedOnWrite(ctx) : 0;
  const foreign = listOwnership ? await foreignKeys(ctx) : [];
  const removed = await convergeRemoved(ctx, listOwnership);
  return {
    counts: {
      ...counts,
      removed: removed.removed,
      pruned: removed.pruned,
      ...(changed > 0 ? { changedOnWrite: changed } : {}),
    },
    details: { ...details, removed: removed.removedKeys, pruned: removed.prunedKeys },
    foreignKeys: foreign,
    removedStillOwned: removed.stillOwnedKeys,
    deletedWhileWriting,
  };
}
