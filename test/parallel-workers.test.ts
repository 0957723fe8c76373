/**
 * The seed transaction's parallel workers on a live database (src/seed/run/parallel-workers.ts): the test
 * server listens on 127.0.0.1, so it counts as this machine's, as does PGlite (no server address).
 */
import { availableParallelism } from 'node:os';
import type { Knex } from 'knex';
import { query } from '../src/db/sql';
import {
  fitParallelWorkers,
  type ParallelWorkerSettings,
  parallelWorkerSettingsSql,
} from '../src/seed/run/parallel-workers';
import { describeEachTarget } from './support/databases';

/** The limits as the seed reads them (its own SQL), in `knex`'s session or transaction. */
async function limits(knex: Knex | Knex.Transaction): Promise<ParallelWorkerSettings> {
  const { rows } = await query<ParallelWorkerSettings>(knex, parallelWorkerSettingsSql());
  return rows[0];
}

describeEachTarget('parallel workers of the seed transaction', (db) => {
  test('capped to the cores beside the leader, for the transaction only', async () => {
    const knex = db().knex();
    const before = await limits(knex);
    expect(before.local).toBe(true);
    for (const cores of [1, 2, availableParallelism()]) {
      const inside = await knex.transaction(async (trx) => {
        await fitParallelWorkers(trx, cores);
        return limits(trx);
      });
      expect(inside).toEqual({
        gather: Math.min(before.gather, cores - 1),
        maintenance: Math.min(before.maintenance, cores - 1),
        local: true,
      });
      expect(await limits(knex)).toEqual(before);
    }
  });

  test("as many cores as the server's limits allow for: nothing changes", async () => {
    const knex = db().knex();
    const before = await limits(knex);
    const inside = await knex.transaction(async (trx) => {
      await fitParallelWorkers(trx, Math.max(before.gather, before.maintenance) + 1);
      return limits(trx);
    });
    expect(inside).toEqual(before);
  });
});
