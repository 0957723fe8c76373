import type { Knex } from 'knex';
import { rolledAges } from '../data/ages';
import { contentHasher } from './content-hash';
import { copyRows, csvField } from './copy-rows';
import { minutesBefore } from './iso-time';
import { rowEncoders } from './row-encoders';
import type { KeyedItem, SeedTable } from './table';

/**
 * The temp tables of one seed step, all created here and dropped with the transaction: the staged data set,
 * the keys that left it, and the two plans converge classifies them into.
 */
export const TEMP = {
  incoming: 'seed_incoming',
  removed: 'seed_removed',
  plan: 'seed_plan',
  removedPlan: 'seed_removed_plan',
} as const;

/** The columns the seed COPYs into its table (created_at and updated_at: from the ages, or their defaults). */
export function writtenColumns(table: SeedTable): string[] {
  const ages = table.ages ? ['created_at', 'updated_at'] : [];
  return [
    'id',
    ...table.contentColumns,
    ...table.lifecycleColumns,
    'seed_name',
    'seed_content_hash',
    ...ages,
  ];
}

/** Staged with each item of a table with ages, used only when a row is created (or reset by SEED_FORCE). */
export const AGE_COLUMNS = ['created_age', 'updated_age'] as const;

/**
 * (Re)creates the temp tables for one seed step. The incoming table takes its column types from the seeded
 * table itself, so the staging area cannot drift from the migration.
 */
export async function resetStagingTables(trx: Knex.Transaction, table: SeedTable): Promise<void> {
  await trx.raw(`DROP TABLE IF EXISTS ${Object.values(TEMP).join(', ')}`);
  await trx.raw(`
    CREATE TEMP TABLE ${TEMP.incoming} ON COMMIT DROP AS
    SELECT id, ''::text AS key, false AS previously_owned, ${[...table.contentColumns, ...table.lifecycleColumns].join(', ')},
           seed_content_hash AS content_hash${table.ages ? ', 0 AS created_age, 0 AS updated_age' : ''}
    FROM ${table.table} WITH NO DATA`);
  await trx.raw(`CREATE TEMP TABLE ${TEMP.removed} (id uuid NOT NULL, key text NOT NULL) ON COMMIT DROP`);
}

/** The plan table: the staged rows with something to do and their action (see converge). */
export async function createPlanTable(trx: Knex.Transaction, select: string): Promise<void> {
  await trx.raw(`CREATE TEMP TABLE ${TEMP.plan} ON COMMIT DROP AS ${select}`);
}

/** The removed-rows plan: the owned rows whose key left the data set, and whether to prune each. */
export async function createRemovedPlanTable(
  trx: Knex.Transaction,
  select: string,
  bindings: readonly Knex.Value[],
): Promise<void> {
  await trx.raw(`CREATE TEMP TABLE ${TEMP.removedPlan} ON COMMIT DROP AS ${select}`, bindings);
}

/** An item about to be staged, with whether the seed owned its key before this run. */
export interface Incoming<Item> {
  item: Item;
  previouslyOwned: boolean;
}

/** COPYs the data set (or the part of it this run compares) into the incoming table. */
export async function stageIncoming<Item extends KeyedItem>(
  trx: Knex.Transaction,
  table: SeedTable<Item>,
  rows: Iterable<Incoming<Item>>,
): Promise<void> {
  const fields = rowEncoders(table).csvFields;
  const hashOf = contentHasher(table);
  const ages = agesOf(table);
  function* lines(): Generator<string> {
    for (const { item, previouslyOwned } of rows) {
      const id = table.idOf(item.key);
      yield `${id},${csvField(item.key)},${previouslyOwned ? 't' : 'f'},${fields(item)},${hashOf(item)}${ages(item)}\n`;
    }
  }
  // No ANALYZE: a never-analyzed temp table is estimated from its size, which is all the plan's one hash join
  // needs (checked with EXPLAIN at 40 and 100,000 rows); analyzing cost 6% of a 100k rerun.
  const columns = ['id', 'key', 'previously_owned', ...table.contentColumns, ...table.lifecycleColumns];
  await copyRows(
    trx,
    TEMP.incoming,
    [...columns, 'content_hash', ...(table.ages ? AGE_COLUMNS : [])],
    lines(),
  );
}

/** The staged age fields of an item (`,created,updated`), or nothing for a table without ages. */
function agesOf<Item extends KeyedItem>(table: SeedTable<Item>): (item: Item) => string {
  const ages = table.ages;
  if (!ages) return () => '';
  const { createdAge, updatedAge } = rowEncoders(table);
  return (item) => `,${createdAge(item)},${updatedAge(item)}`;
}

/** COPYs the keys the seed owns that left the data set into the removed table. */
export async function stageRemoved(
  trx: Knex.Transaction,
  table: SeedTable,
  keys: Iterable<string>,
): Promise<void> {
  function* lines(): Generator<string> {
    for (const key of keys) yield `${table.idOf(key)},${csvField(key)}\n`;
  }
  await copyRows(trx, TEMP.removed, ['id', 'key'], lines());
  await trx.raw(`ANALYZE ${TEMP.removed} (id)`);
}

/**
 * COPYs items straight into the seeded table: the fast path for keys the seed has never owned (a first load,
 * or a larger synthetic count). Fails with a unique violation if any id already exists.
 */
export async function copyNewRows<Item extends KeyedItem>(
  trx: Knex.Transaction,
  table: SeedTable<Item>,
  seedName: string,
  items: Iterable<Item>,
): Promise<void> {
  // The transaction's now(), so COPYed rows age from the same instant as rows the INSERT path writes.
  const { rows } = await trx.raw('SELECT now() AS now');
  const now = new Date(rows[0].now).getTime();
  await copyRows(trx, table.table, writtenColumns(table), writtenLines(table, seedName, items, now));
}

/**
 * The CSV lines ({@link writtenColumns}) of items as the seed writes them, aged from `now` (epoch ms) when the
 * table has ages: also what the benchmark COPYs.
 */
export function* writtenLines<Item extends KeyedItem>(
  table: SeedTable<Item>,
  seedName: string,
  items: Iterable<Item>,
  now: number,
): Generator<string> {
  const seed = csvField(seedName);
  const fields = rowEncoders(table).csvFields;
  const hashOf = contentHasher(table);
  const { createdAge, updatedAge } = rowEncoders(table);
  const at = minutesBefore(now);
  for (const item of items) {
    let timestamps = '';
    if (table.ages) {
      const [created, updated] = rolledAges(now, createdAge(item), updatedAge(item));
      timestamps = `,${at(created)},${at(updated)}`;
    }
    yield `${table.idOf(item.key)},${fields(item)},${seed},${hashOf(item)}${timestamps}\n`;
  }
}
