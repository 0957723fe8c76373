import { rolledAgesSql } from '../data/ages';
import { storedHashSql } from './plan';
import { TEMP } from './staging';
import type { StepContext } from './step';

/** A staged item's ages (see SeedTable.ages) relative to the transaction's now(), rolled as ages.ts says. */
const [ROLLED_CREATED, ROLLED_UPDATED] = rolledAgesSql('s.created_age', 's.updated_age');
export const CREATED_AT = `now() - make_interval(mins => ${ROLLED_CREATED})`;
export const UPDATED_AT = `now() - make_interval(mins => ${ROLLED_UPDATED})`;

/** What a writer wrote of the plan: rows the app changed since the plan are skipped and not counted here. */
export interface Written {
  created: number;
  updated: number;
}

/**
 * Applies the plan in bulk, for generated data sets of any size: `UPDATE ... FROM` for rows whose content
 * differs and `INSERT ... SELECT` for missing ones, both straight from the plan table, so no row crosses into
 * Node. Unchanged rows are neither locked nor rewritten.
 */
export async function writeBulk(ctx: StepContext): Promise<Written> {
  const { trx, table, options } = ctx;
  const t = table.table;
  const setContent = table.contentColumns.map((c) => `${c} = s.${c}`).join(', ');
  const setLifecycle = options.force ? table.lifecycleColumns.map((c) => `, ${c} = s.${c}`).join('') : '';
  // An item's ages are written on insert, and by SEED_FORCE; a plain update moves only updated_at, to now.
  const aged = !!table.ages;
  const updatedAt = options.force && aged ? UPDATED_AT : 'now()';
  const setCreatedAt = options.force && aged ? `, created_at = ${CREATED_AT}` : '';
  // The app does not take the seed's lock: re-checking "not edited by the app" in the UPDATE itself means a
  // row the app changes between the plan and the write is re-evaluated by PostgreSQL and left alone.
  const notEdited = options.force
    ? ''
    : ` AND j.seed_content_hash IS NOT DISTINCT FROM ${storedHashSql(ctx, 'j')}`;
  const updated = await trx.raw(
    `UPDATE ${t} j SET ${setContent}${setLifecycle}${setCreatedAt},
       seed_name = ?, seed_content_hash = s.content_hash, updated_at = ${updatedAt}
     FROM ${TEMP.plan} s
     WHERE s.action = 'update' AND j.id = s.id${notEdited}`,
    [ctx.seedName],
  );
  await rehash(ctx);
  const columns = ['id', ...table.contentColumns, ...table.lifecycleColumns];
  const created = await trx.raw(
    `INSERT INTO ${t} (${columns.join(', ')}, seed_name, seed_content_hash${aged ? ', created_at, updated_at' : ''})
     SELECT ${columns.map((c) => `s.${c}`).join(', ')}, ?, s.content_hash${aged ? `, ${CREATED_AT}, ${UPDATED_AT}` : ''}
     FROM ${TEMP.plan} s
     WHERE s.action = 'create'
     ON CONFLICT (id) DO NOTHING`,
    [ctx.seedName],
  );
  return { created: Number(created.rowCount), updated: Number(updated.rowCount) };
}

/**
 * Content already equal to the data set but hashed otherwise (the app made the same edit, or the content
 * columns changed): record the new hash without touching updated_at.
 */
export async function rehash(ctx: StepContext): Promise<void> {
  await ctx.trx.raw(
    `UPDATE ${ctx.table.table} j SET seed_name = ?, seed_content_hash = s.content_hash
     FROM ${TEMP.plan} s
     WHERE s.action = 'rehash' AND j.id = s.id`,
    [ctx.seedName],
  );
}
