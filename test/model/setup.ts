import { createScratchDatabase, type ScratchDatabase, targetKinds } from '../support/databases';
import { type Real, Reference, type ReferenceRows, referenceRows } from './commands';

/**
 * Kinds of disagreement already known and listed in the report of issue 14 (each has a `test.failing`
 * regression in test/model/regressions.test.ts): the random hunt skips them so that it finds the next one.
 * Empty this list as they are fixed. SEED_FUZZ_IGNORE adds kinds (comma-separated) for a soak.
 */
export const KNOWN_LIES: readonly string[] = [];

/** Reference rows of this file (of the suite of each target), by the kind of database that seeded them. */
const shared = new Map<string, ReferenceRows>();

/**
 * The database under test (`db`, migrated) and a reference database of its own. The reference is on the server
 * whenever the suite has one, for the embedded target too: a fresh seed's rows are the same on both (the oracle
 * compares md5s of their text), its work is the server's, not this process's, and the embedded table is then
 * held to what the server holds. Without a server it is of `db`'s kind.
 */
export async function modelReal(
  db: ScratchDatabase,
  label: string,
): Promise<{ real: Real; drop: () => Promise<void> }> {
  const refKind = targetKinds().includes('postgres') ? 'postgres' : db.kind;
  // Made when a data set is first asked for that the file's reference rows lack.
  let refDb: Promise<ScratchDatabase> | undefined;
  const reference = () => {
    refDb ??= createScratchDatabase(refKind, `${label}_ref`, { migrated: true });
    return refDb.then((d) => d.knex());
  };
  const rows = shared.get(refKind) ?? referenceRows();
  shared.set(refKind, rows);
  const extra = (process.env.SEED_FUZZ_IGNORE ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  return {
    real: {
      knex: db.knex(),
      target: db.target,
      ref: new Reference(reference, rows),
      parallel: db.kind === 'postgres',
      ignore: new Set([...KNOWN_LIES, ...extra]),
      trace: [],
    },
    drop: async () => {
      await (await refDb)?.drop();
    },
  };
}
