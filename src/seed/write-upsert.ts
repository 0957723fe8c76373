import { rolledAgesSql } from '../data/ages';
import { contentHasher } from './content-hash';
import { storedHashSql } from './plan';
import { TEMP } from './staging';
import type { StepContext } from './step';
import { ageOf, columnValue, type KeyedItem } from './table';
import { rehash, type Written } from './write-bulk';

/** PostgreSQL takes at most 65,535 bind parameters per statement; stay clear of it. */
const MAX_PARAMS = 60_000;

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
  const creates: string[] = (
    await trx.raw(`SELECT id FROM ${TEMP.plan} WHERE action = 'create' ORDER BY id`)
  ).rows.map((r: { id: string }) => r.id);
  // Rows to update are locked first: one the app deletes after the plan must not be re-inserted by the upsert.
  const updates: string[] = (
    await trx.raw(
      `SELECT j.id FROM ${t} j JOIN ${TEMP.plan} s ON s.id = j.id WHERE s.action = 'update' ORDER BY j.id FOR UPDATE OF j`,
    )
  ).rows.map((r: { id: string }) => r.id);
  await rehash(ctx);

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
    const query = trx(t)
      .insert(chunk.map(reAge ? rows.aged : rows.now))
      .onConflict('id')
      .merge(merged)
      .where(`${t}.seed_name`, ctx.seedName);
    if (!options.force)
      query.whereRaw(`${t}.seed_content_hash IS NOT DISTINCT FROM ${storedHashSql(ctx, t)}`);
    updated += (await query.returning('id')).length;
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
  // Ages rolled as ages.ts says: created_at keeps the weekday and time the age names.
  const [createdSql, updatedSql] = rolledAgesSql('?::int', '?::int');
  const rolled = (item: Item, created: string, updated: string) => ({
    created: trx.raw(`now() - make_interval(mins => ${createdSql})`, threeTimes(ageOf(item, created))),
    updated: trx.raw(`now() - make_interval(mins => ${updatedSql})`, [
      ageOf(item, updated),
      ...threeTimes(ageOf(item, created)),
      ageOf(item, created),
    ]),
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
  return {
    perChunk: Math.floor(MAX_PARAMS / (table.dataColumns.length + 6)),
    aged: (id: string) => {
      const [item, values] = row(id);
      if (ages) {
        const { created, updated } = rolled(item, ages.created, ages.updated);
        values.created_at = created;
        values.updated_at = updated;
      }
      return values;
    },
    now: (id: string) => ({ ...row(id)[1], updated_at: trx.fn.now() }),
  };
}
