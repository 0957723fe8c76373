import { createScratchDatabase, type ScratchDatabase } from '../support/databases';
import { type Real, Reference } from './commands';

/**
 * Kinds of disagreement already known and listed in the report of issue 14 (each has a `test.failing`
 * regression in test/model/regressions.test.ts): the random hunt skips them so that it finds the next one.
 * Empty this list as they are fixed. SEED_FUZZ_IGNORE adds kinds (comma-separated) for a soak.
 */
export const KNOWN_LIES: readonly string[] = [];

/** The database under test (migrated) and a reference database of its own, both of `db`'s kind. */
export async function modelReal(
  db: ScratchDatabase,
  label: string,
): Promise<{ real: Real; drop: () => Promise<void> }> {
  const refDb = await createScratchDatabase(db.kind, `${label}_ref`, { migrated: true });
  await db.knex().migrate.latest();
  await refDb.knex().migrate.latest();
  const extra = (process.env.SEED_FUZZ_IGNORE ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  return {
    real: {
      knex: db.knex(),
      target: db.target,
      ref: new Reference(refDb.knex()),
      parallel: db.kind === 'postgres',
      ignore: new Set([...KNOWN_LIES, ...extra]),
      trace: [],
    },
    drop: () => refDb.drop(),
  };
}
