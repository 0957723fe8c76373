import { contentHasher } from './content-hash';
import { storedHashSql } from './plan';
import { TEMP } from './staging';
import type { StepContext } from './step';
import { columnValue, type KeyedItem } from './table';
import { rehash, type Written } from './write-bulk';

/** PostgreSQL takes at most 65,535 bind parameters per statement; stay clear of it. */
const MAX_PARAMS = 60_000;

/**
 * Applies the plan of a hand-written data set through knex's query builder, the way its seed docs show:
 * `insert(rows).onConflict('id').merge([content columns]).where(not edited by the app)`, with `rows` limited to
 * the items the plan found missing or different, so unchanged rows are never locked or rewritten.
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

  const hashOf = contentHasher(table);
  const columns = table.dataColumns;
  const rowOf = (id: string) => {
    const item = items.get(id) as Item;
    const row: Record<string, unknown> = { id };
    for (const [name, column] of columns) row[name] = column.bind(columnValue(item, name, column));
    row.seed_name = ctx.seedName;
    row.seed_content_hash = hashOf(item);
    row.updated_at = trx.fn.now();
    return row;
  };
  const merged = [
    ...table.contentColumns,
    ...(options.force ? table.lifecycleColumns : []),
    'seed_content_hash',
    'updated_at',
  ];
  const ids = [...creates, ...updates];
  const chunk = Math.floor(MAX_PARAMS / (columns.length + 4));
  const written = new Set<string>();
  for (let i = 0; i < ids.length; i += chunk) {
    // A row this seed did not write is never merged; without SEED_FORCE, neither is one the app edited since
    // the plan: PostgreSQL re-checks the WHERE on the row as it is when the upsert reaches it.
    const query = trx(t)
      .insert(ids.slice(i, i + chunk).map(rowOf))
      .onConflict('id')
      .merge(merged)
      .where(`${t}.seed_name`, ctx.seedName);
    if (!options.force)
      query.whereRaw(`${t}.seed_content_hash IS NOT DISTINCT FROM ${storedHashSql(ctx, t)}`);
    for (const row of await query.returning('id')) written.add((row as { id: string }).id);
  }
  return {
    created: creates.filter((id) => written.has(id)).length,
    updated: updates.filter((id) => written.has(id)).length,
  };
}
